// The pure half of the Modal executor: the job it submits (sharding, one commit per mirror),
// the `modal run` command line, the token variables in the child's environment, the reading
// of the app's -w result and the follow-up text of a detached run. No process, no disk.
#include "applier/modal_executor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace hf2ms::applier {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

plan::Step copy_step(const std::string& path, std::uint64_t size) {
  plan::Step s;
  s.path = path;
  s.action = plan::Action::create;
  s.size = size;
  s.sha256 = std::string(64, 'a');
  s.source_lfs = true;
  s.transport = plan::Transport::lfs;
  return s;
}

plan::MirrorPlan mirror(const std::string& name, std::vector<plan::Step> steps) {
  plan::MirrorPlan m;
  m.source = {manifest::Hub::hf, "acme", name};
  m.source_commit = std::string(40, '1');
  m.target = {manifest::Hub::ms, "acme", name};
  m.target_branch = "master";
  m.action = plan::MirrorAction::create;
  m.steps = std::move(steps);
  return m;
}

std::vector<transfer::HubAccess> hubs() {
  return {{manifest::Hub::hf, "https://huggingface.co", "HF_TOKEN"},
          {manifest::Hub::ms, "https://www.modelscope.cn", "MODELSCOPE_TOKEN"}};
}

TEST(ModalExecutor, LargeMirrorIsShardedButCommittedOnce) {
  plan::Plan p;
  p.mirrors.push_back(
      mirror("big", {copy_step("a.bin", 40), copy_step("b.bin", 40), copy_step("c.bin", 40)}));
  p.mirrors.push_back(mirror("small", {copy_step("x.json", 2)}));
  const ModalJob job = make_modal_job(p, hubs(), ShardOptions{50, 10});
  ASSERT_EQ(job.tasks.size(), 3u);  // 122 bytes / 50 per shard
  std::multiset<std::size_t> mirrors_in_tasks;
  std::size_t files = 0;
  for (const auto& t : job.tasks) {
    for (const auto& g : t.groups) {
      mirrors_in_tasks.insert(g.mirror);
      files += g.files.size();
    }
  }
  EXPECT_EQ(files, 4u);
  EXPECT_EQ(mirrors_in_tasks.count(0), 3u);  // the big mirror spans every shard
  ASSERT_EQ(job.commit.mirrors.size(), 2u);  // ... and is committed once
  EXPECT_EQ(job.commit.mirrors[0].mirror, 0u);
  EXPECT_EQ(job.commit.mirrors[1].mirror, 1u);
}

TEST(ModalExecutor, ContainerCapLimitsTheTasks) {
  plan::Plan p;
  std::vector<plan::Step> steps;
  for (int i = 0; i < 10; ++i) {
    steps.push_back(copy_step("f" + std::to_string(i), 100));
  }
  p.mirrors.push_back(mirror("m", steps));
  EXPECT_EQ(make_modal_job(p, hubs(), ShardOptions{100, 4}).tasks.size(), 4u);
  EXPECT_EQ(make_modal_job(p, hubs(), ShardOptions{100, 100}).tasks.size(), 10u);
}

TEST(ModalExecutor, JobJsonCarriesTasksAndCommitButNoTokenValue) {
  plan::Plan p;
  p.mirrors.push_back(mirror("m", {copy_step("a.bin", 1)}));
  const std::string json = job_to_json(make_modal_job(p, hubs(), {}));
  EXPECT_TRUE(json.starts_with("{\"tasks\":[{")) << json;
  EXPECT_TRUE(contains(json, "],\"commit\":{")) << json;
  EXPECT_TRUE(contains(json, "\"HF_TOKEN\"")) << json;  // the name, never a value
}

TEST(ModalExecutor, AttachedCommandLine) {
  ModalCommand c{"modal", "/app/hf2ms_modal.py", "/t/job.json", "/t/result.json", Detach::no};
  EXPECT_EQ(modal_argv(c),
            (std::vector<std::string>{"modal", "run", "-w", "/t/result.json",
                                      "/app/hf2ms_modal.py::main", "--job", "/t/job.json"}));
}

TEST(ModalExecutor, DetachedCommandLine) {
  ModalCommand c{"modal", "/app/hf2ms_modal.py", "/t/job.json", "/t/result.json", Detach::yes};
  EXPECT_EQ(modal_argv(c), (std::vector<std::string>{"modal", "run", "-d", "-w", "/t/result.json",
                                                     "/app/hf2ms_modal.py::main", "--job",
                                                     "/t/job.json", "--detach"}));
}

// `modal run -q` starts no app log stream (modal-client 1.5.4, py/modal/runner.py): the
// containers' output would never reach the user.
TEST(ModalExecutor, NeverRunsQuiet) {
  for (Detach d : {Detach::no, Detach::yes}) {
    const auto argv = modal_argv({"modal", "/a.py", "/j", "/r", d});
    EXPECT_EQ(std::count(argv.begin(), argv.end(), "-q"), 0);
    EXPECT_EQ(std::count(argv.begin(), argv.end(), "--quiet"), 0);
  }
}

TEST(ModalExecutor, StatusCommandLine) {
  EXPECT_EQ(status_argv("modal", "/app/hf2ms_modal.py", "/t/summary.json", "ap-7"),
            (std::vector<std::string>{"modal", "run", "-w", "/t/summary.json",
                                      "/app/hf2ms_modal.py::status", "--app-id", "ap-7"}));
}

TEST(ModalExecutor, SecretVarsNameOnlyTokensThatAreSet) {
  auto h = hubs();
  h.push_back({manifest::Hub::hf, "https://hf.example", "HF_TOKEN"});  // duplicate
  h.push_back({manifest::Hub::ms, "https://ms.example", ""});          // anonymous
  const std::vector<std::string> env = {"PATH=/bin", "HF_TOKEN=hf_value", "MODELSCOPE_TOKEN="};
  const auto names = token_variables(h, env);
  EXPECT_EQ(names, std::vector<std::string>{"HF_TOKEN"});
  const auto child = modal_environment(env, {"HF_TOKEN", "MODELSCOPE_TOKEN"});
  EXPECT_EQ(find_variable(child, "HF2MS_SECRET_VARS"),
            std::optional<std::string>("HF_TOKEN,MODELSCOPE_TOKEN"));
  EXPECT_EQ(find_variable(child, "HF_TOKEN"), std::optional<std::string>("hf_value"));
}

// The attack: a CI job's other secrets must not reach the `modal` child (and so Modal).
TEST(ModalExecutor, ChildEnvironmentHoldsOnlyWhatModalNeeds) {
  const std::vector<std::string> env = {"PATH=/bin",
                                        "HOME=/home/ci",
                                        "LANG=C.UTF-8",
                                        "LC_ALL=C",
                                        "MODAL_TOKEN_ID=ak-1",
                                        "MODAL_TOKEN_SECRET=as-2",
                                        "HF2MS_SRC=/src",
                                        "PYTHONPATH=/py",
                                        "HTTPS_PROXY=http://proxy:3128",
                                        "HF_TOKEN=hf_value",
                                        "MODELSCOPE_TOKEN=ms_v",
                                        "GITHUB_TOKEN=ghs_secret",
                                        "CI_JOB_TOKEN=glcbt",
                                        "AWS_SECRET_ACCESS_KEY=k",
                                        "ACTIONS_RUNTIME_TOKEN=rt",
                                        "HF_ENDPOINT=https://hf.example",
                                        "EXTRA_ONE=1",
                                        "EXTRA_TWO=2"};
  const auto child = modal_environment(env, {"HF_TOKEN"});
  for (const char* kept : {"PATH", "HOME", "LANG", "LC_ALL", "MODAL_TOKEN_ID", "MODAL_TOKEN_SECRET",
                           "HF2MS_SRC", "PYTHONPATH", "HTTPS_PROXY", "HF_TOKEN"}) {
    EXPECT_TRUE(find_variable(child, kept)) << kept;
  }
  for (const char* dropped :
       {"MODELSCOPE_TOKEN", "GITHUB_TOKEN", "CI_JOB_TOKEN", "AWS_SECRET_ACCESS_KEY",
        "ACTIONS_RUNTIME_TOKEN", "HF_ENDPOINT", "EXTRA_ONE"}) {
    EXPECT_FALSE(find_variable(child, dropped)) << dropped;
  }
  // The operator (not the manifest) may pass more with HF2MS_MODAL_ENV.
  auto more = env;
  more.push_back("HF2MS_MODAL_ENV=EXTRA_*");
  const auto widened = modal_child_environment(more, {});
  EXPECT_TRUE(find_variable(widened, "EXTRA_ONE"));
  EXPECT_TRUE(find_variable(widened, "EXTRA_TWO"));
  EXPECT_FALSE(find_variable(widened, "GITHUB_TOKEN"));
}

TEST(ModalExecutor, ReadsAnAttachedResult) {
  const std::string text = R"({"tasks":[
    {"task":0,"ok":true,"error":"","retryable":false,"files":[],"bytes":5,"seconds":1.5,
     "exit_status":0},
    {"task":1,"ok":false,"error":"RetryableTransferError: HTTP 503"}],
   "commit":{"format_version":1,"ok":true,"mirrors":[
    {"mirror":0,"target":"ms:acme/m","outcome":"applied","commits":["abc"],"error":""}]}})";
  auto outcome = parse_modal_result(text, "result.json");
  ASSERT_TRUE(outcome.has_value()) << render(outcome.error());
  EXPECT_FALSE(outcome->detached);
  ASSERT_EQ(outcome->results.size(), 2u);
  EXPECT_TRUE(outcome->results[0].ok);
  EXPECT_EQ(outcome->results[0].bytes, 5u);
  EXPECT_EQ(outcome->results[1].error, "RetryableTransferError: HTTP 503");
  ASSERT_TRUE(outcome->commit.has_value());
  EXPECT_EQ(outcome->commit->mirrors.at(0).commits, std::vector<std::string>{"abc"});
}

TEST(ModalExecutor, CommitStepRefusalBecomesAnError) {
  auto outcome = parse_modal_result(
      R"({"tasks":[],"commit":{"task":0,"ok":false,"error":"unreadable commit job"}})", "r");
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->commit.has_value());
  EXPECT_EQ(outcome->commit_error, "unreadable commit job");
}

TEST(ModalExecutor, ReadsADetachedResult) {
  auto outcome = parse_modal_result(
      R"({"detached":true,"function_call_id":"fc-123","app_file":"/a/hf2ms_modal.py"})", "r");
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(outcome->detached);
  EXPECT_EQ(outcome->function_call_id, std::optional<std::string>("fc-123"));
  EXPECT_EQ(outcome->app_file, std::optional<std::string>("/a/hf2ms_modal.py"));
}

TEST(ModalExecutor, ReadsTheRunStatus) {
  auto outcome = parse_modal_result(
      R"({"status":"timed_out","tasks":[{"task":0,"ok":false,"error":"timed out: stopped"}],
          "commit":{"error":"timed out: the commit step was stopped after 60 s"}})",
      "r");
  ASSERT_TRUE(outcome.has_value()) << render(outcome.error());
  EXPECT_EQ(outcome->status, "timed_out");
  EXPECT_EQ(outcome->results.at(0).error, "timed out: stopped");
  EXPECT_TRUE(outcome->commit_error.starts_with("timed out: ")) << outcome->commit_error;
}

TEST(ModalExecutor, ReadsASummaryThatIsNotThereYet) {
  for (const std::string status : {"running", "unknown"}) {
    auto outcome = parse_modal_result(R"({"status":")" + status + R"("})", "r");
    ASSERT_TRUE(outcome.has_value()) << status;
    EXPECT_EQ(outcome->status, status);
    EXPECT_TRUE(outcome->results.empty());
  }
  EXPECT_FALSE(parse_modal_result(R"({"status":"finished"})", "r").has_value());
}

TEST(ModalExecutor, RejectsMalformedResults) {
  for (const char* text : {"not json", "[]", R"({"tasks":[]})", R"({"tasks":[{}],"commit":{}})"}) {
    SCOPED_TRACE(text);
    auto outcome = parse_modal_result(text, "result.json");
    ASSERT_FALSE(outcome.has_value());
    EXPECT_TRUE(contains(render(outcome.error()), "result.json")) << render(outcome.error());
  }
}

TEST(ModalExecutor, PicksTheAppIdLine) {
  EXPECT_EQ(app_id_from_line("HF2MS_APP_ID=ap-abc"), std::optional<std::string>("ap-abc"));
  EXPECT_EQ(app_id_from_line("HF2MS_APP_ID="), std::nullopt);
  EXPECT_EQ(app_id_from_line("log: HF2MS_APP_ID=ap-abc"), std::nullopt);
}

TEST(ModalExecutor, FollowUpNamesLogsStopAndPlan) {
  ModalOutcome o;
  o.detached = true;
  o.function_call_id = "fc-9";
  const std::string text = follow_up_text(std::string("ap-7"), o, "hf2ms plan -f mirrors.toml");
  EXPECT_TRUE(contains(text, "modal app logs ap-7 -f")) << text;
  EXPECT_TRUE(contains(text, "modal app stop ap-7 -y")) << text;
  EXPECT_TRUE(contains(text, "hf2ms plan -f mirrors.toml")) << text;
  EXPECT_TRUE(contains(text, "fc-9")) << text;
  EXPECT_FALSE(contains(text, "::status")) << "no app file, no summary command";
  o.app_file = "/share/hf2ms/modal/hf2ms_modal.py";
  const std::string with_summary = follow_up_text(std::string("ap-7"), o, "hf2ms plan");
  EXPECT_TRUE(
      contains(with_summary, "modal run /share/hf2ms/modal/hf2ms_modal.py::status --app-id ap-7"))
      << with_summary;
}

}  // namespace
}  // namespace hf2ms::applier
