// The Modal executor end to end, with tests/modal/fake_modal.py as the `modal` CLI: apply()
// hands the job to ModalExecutor, which runs `modal run` on deploy/modal/hf2ms_modal.py; the
// fake runs the app over the stand-in `modal` package, so its orchestrator and workers run the
// real `hf2ms transfer` binary against the simulators, and the mirror converges. Also: the
// exact command line, tokens only in the child's environment (never argv, never the job
// file), the private job file, exit statuses, detach, and finding the app.
#include "applier/modal_executor.hpp"

#include "applier/applier.hpp"
#include "applier/commit_step.hpp"
#include "http/curl_global.hpp"
#include "http/engine.hpp"
#include "hub/performer.hpp"
#include "hubsim/store.hpp"
#include "integration/modal_support.hpp"
#include "plan/plan_json.hpp"
#include "transfer/make_tasks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace hf2ms::testing {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class ModalExecutorTest : public ModalTest {
 protected:
  static void SetUpTestSuite() {
    static auto curl = http::CurlGlobal::create();
    ASSERT_TRUE(curl.has_value());
  }

  [[nodiscard]] std::vector<transfer::HubAccess> hubs() const {
    return {{manifest::Hub::hf, source_.addresses().hf_url, "HF_TOKEN"},
            {manifest::Hub::ms, target_.addresses().ms_url, "MODELSCOPE_TOKEN"}};
  }

  plan::Plan make_plan() {
    const std::string plan_file = dir_.path() + "/plan.json";
    const CliRun r = hf2ms({"plan", "-f", write_manifest(), "-o", plan_file});
    EXPECT_EQ(r.exit_code, 0) << r.out;
    auto plan = plan::from_json(read_file(plan_file).value_or(""), plan_file);
    EXPECT_TRUE(plan.has_value());
    return plan ? *plan : plan::Plan{};
  }

  applier::ModalRunOptions run_options(applier::Detach detach = applier::Detach::no) {
    applier::ModalRunOptions o;
    o.detach = detach;
    o.app_file = std::string(HF2MS_SOURCE_DIR) + "/deploy/modal/hf2ms_modal.py";
    o.env = env_;
    o.on_output = [this](std::string_view line) { output_.emplace_back(line); };
    return o;
  }

  // apply() with a ModalExecutor, as `hf2ms apply --executor modal` runs it.
  applier::ApplyReport apply_on_modal(const plan::Plan& plan, applier::ModalExecutor& executor) {
    applier::ApplyObserver observer;
    return apply_on_modal(plan, executor, observer);
  }
  applier::ApplyReport apply_on_modal(const plan::Plan& plan, applier::ModalExecutor& executor,
                                      applier::ApplyObserver& observer) {
    auto engine = http::Engine::create();
    EXPECT_TRUE(engine.has_value());
    hub::EnginePerformer performer(**engine);
    const std::vector<std::string> env = env_;
    transfer::AccessHubClients clients(
        hubs(), performer, [env](std::string_view name) { return find_variable(env, name); });
    applier::ApplyOptions options{hubs(), applier::ShardOptions{1000 * 1000, 3}, 1, {}};
    return applier::apply(plan, options, clients, executor, observer);
  }

  std::vector<std::string> output_;
};

TEST_F(ModalExecutorTest, ApplyRunsTheAppsWorkersAndTheMirrorConverges) {
  const plan::Plan plan = make_plan();
  applier::ModalExecutor executor({run_options(), transfer::make_commit_job(plan, hubs()), {}});
  const applier::ApplyReport report = apply_on_modal(plan, executor);
  ASSERT_TRUE(report.ok()) << executor.failure();
  ASSERT_EQ(report.mirrors.size(), 1u);
  EXPECT_EQ(report.mirrors[0].status, applier::MirrorStatus::applied);
  EXPECT_TRUE(report.mirrors[0].created);
  EXPECT_EQ(report.mirrors[0].commits.size(), 1u);  // three shards, one commit
  EXPECT_EQ(report.tasks_run, 3u);
  EXPECT_GE(report.bytes_streamed, 5000000u);
  ASSERT_TRUE(executor.modal_run().has_value());
  EXPECT_EQ(executor.modal_run()->app_id, std::optional<std::string>("ap-stub"));
  EXPECT_NE(std::find(output_.begin(), output_.end(), "HF2MS_APP_ID=ap-stub"), output_.end());
  // The containers' output reaches the user (`modal run` without -q streams it to stdout).
  EXPECT_TRUE(std::any_of(output_.begin(), output_.end(), [](const std::string& l) {
    return l.starts_with("hf2ms task ") && contains(l, "exit status 0");
  }));
  EXPECT_EQ(executor.modal_run()->outcome->status, "finished");

  const CliRun again = hf2ms({"plan", "--detailed-exitcode", "-f", dir_.path() + "/hf2ms.toml"});
  EXPECT_EQ(again.exit_code, 0) << again.out;
}

// What the local progress view would be told, in order.
class RecordingObserver final : public applier::ApplyObserver {
 public:
  void on_step_started(std::size_t /*mirror*/, const std::string& path,
                       std::uint64_t size) override {
    events.push_back("start " + path + " " + std::to_string(size));
  }
  void on_bytes(std::size_t /*mirror*/, const std::string& path, std::uint64_t bytes) override {
    bytes_by_path[path] += bytes;
    events.push_back("bytes " + path);
  }
  void on_step_finished(const transfer::FileResult& result) override {
    events.push_back("finish " + result.path);
    if (result.status == transfer::FileStatus::uploaded) {
      uploaded[result.path] = result.size;
    }
  }
  std::vector<std::string> events;
  std::map<std::string, std::uint64_t> bytes_by_path;
  std::map<std::string, std::uint64_t> uploaded;
};

TEST_F(ModalExecutorTest, WorkersByteProgressReachesTheLocalObserverDuringTheRun) {
  const plan::Plan plan = make_plan();
  applier::ModalExecutor executor({run_options(), transfer::make_commit_job(plan, hubs()), {}});
  RecordingObserver seen;
  ASSERT_TRUE(apply_on_modal(plan, executor, seen).ok()) << executor.failure();
  ASSERT_GE(seen.uploaded.size(), 2u);
  // Every streamed file was heard of while the containers ran: its start (and bytes) came
  // from the workers' progress lines, before the first result was handed back.
  const auto first_finish =
      std::find_if(seen.events.begin(), seen.events.end(),
                   [](const std::string& e) { return e.starts_with("finish "); });
  for (const auto& [path, size] : seen.uploaded) {
    const std::string start = "start " + path + " " + std::to_string(size);
    EXPECT_NE(std::find(seen.events.begin(), first_finish, start), first_finish) << start;
    EXPECT_EQ(seen.bytes_by_path[path], size) << path << ": every byte counted once";
  }
  // The lines were consumed, not shown as log output.
  EXPECT_TRUE(std::none_of(output_.begin(), output_.end(),
                           [](const std::string& l) { return contains(l, "hf2ms-progress"); }));
}

TEST_F(ModalExecutorTest, CommandLineIsExactAndTokensStayInTheEnvironment) {
  const plan::Plan plan = make_plan();
  applier::ModalExecutor executor({run_options(), transfer::make_commit_job(plan, hubs()), {}});
  ASSERT_TRUE(apply_on_modal(plan, executor).ok()) << executor.failure();
  const auto calls = modal_calls();
  ASSERT_EQ(calls.size(), 1u);
  const auto argv = calls[0]["argv"].get<std::vector<std::string>>();
  ASSERT_EQ(argv.size(), 7u);
  const std::string app = std::string(HF2MS_SOURCE_DIR) + "/deploy/modal/hf2ms_modal.py";
  const std::vector<std::string> rest(argv.begin() + 1, argv.end());
  EXPECT_EQ(rest,
            (std::vector<std::string>{"run", "-w", argv[3], app + "::main", "--job", argv[6]}));
  EXPECT_TRUE(argv[3].ends_with("/result.json"));
  EXPECT_TRUE(argv[6].ends_with("/job.json"));
  const std::string job_text = calls[0]["job_text"].get<std::string>();
  for (const std::string token : {k_hf_token, k_ms_token}) {
    for (const std::string& a : argv) {
      EXPECT_FALSE(contains(a, token)) << a;
    }
    EXPECT_FALSE(contains(job_text, token));
    EXPECT_FALSE(contains(calls[0]["job_text"].dump(), token));
  }
  EXPECT_EQ(calls[0]["env"]["HF_TOKEN"], k_hf_token);  // the child's environment has them
  EXPECT_EQ(calls[0]["env"]["HF2MS_SECRET_VARS"], "HF_TOKEN,MODELSCOPE_TOKEN");
  EXPECT_EQ(calls[0]["job_mode"], 0600);
  EXPECT_EQ(calls[0]["job_dir_mode"], 0700);
  const auto job = nlohmann::json::parse(job_text);
  EXPECT_EQ(job["tasks"].size(), 3u);
  EXPECT_EQ(job["commit"]["mirrors"].size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(argv[6])) << "the job file is removed afterwards";
}

TEST_F(ModalExecutorTest, FailedModalRunFailsTheMirrorsWithItsStatus) {
  const plan::Plan plan = make_plan();
  set("FAKE_MODAL_MODE", "canned");
  set("FAKE_MODAL_EXIT", "3");
  applier::ModalExecutor executor({run_options(), transfer::make_commit_job(plan, hubs()), {}});
  const applier::ApplyReport report = apply_on_modal(plan, executor);
  EXPECT_FALSE(report.ok());
  ASSERT_EQ(report.mirrors.size(), 1u);
  EXPECT_EQ(report.mirrors[0].status, applier::MirrorStatus::failed);
  ASSERT_TRUE(executor.modal_run().has_value());
  EXPECT_EQ(executor.modal_run()->exit.code, 3);
  EXPECT_TRUE(contains(executor.failure(), "wrote no result (exit status 3)"))
      << executor.failure();
  const CliRun again = hf2ms({"plan", "--detailed-exitcode", "-f", dir_.path() + "/hf2ms.toml"});
  EXPECT_EQ(again.exit_code, 2) << "nothing was committed";
}

TEST_F(ModalExecutorTest, StopInterruptsModalRunOnce) {
  set("FAKE_MODAL_MODE", "hang");
  std::stop_source stop;
  applier::ModalRunOptions o = run_options();
  o.on_output = [&](std::string_view line) {
    output_.emplace_back(line);
    if (line.starts_with("HF2MS_APP_ID=")) {
      stop.request_stop();  // Ctrl-C while `modal run` waits on the app
    }
  };
  transfer::CommitJob job;
  job.mirrors.push_back(transfer::CommitMirror{});  // a job with nothing to copy: commit() runs it
  applier::ModalExecutor executor({o, {}, stop.get_token()});
  const transfer::CommitReport report = executor.commit(job, {});
  EXPECT_FALSE(report.ok);
  ASSERT_TRUE(executor.modal_run().has_value());
  EXPECT_EQ(executor.modal_run()->exit.code, 130);
  EXPECT_EQ(output_.back(), "stopping the app");
  EXPECT_TRUE(contains(report.mirrors.at(0).error, "exit status 130"))
      << report.mirrors.at(0).error;
}

TEST_F(ModalExecutorTest, RemoteFailuresComeBackInTheResult) {
  set("FAKE_MODAL_MODE", "canned");
  set("FAKE_MODAL_RESULT", R"({"tasks":[{"task":0,"ok":false,"error":"HTTP 403 from target"}],
    "commit":{"format_version":1,"ok":false,"mirrors":[{"mirror":0,"target":"ms:acme/x",
    "outcome":"skipped","commits":[],"error":"a.bin did not arrive"}]}})");
  transfer::Task task;
  auto run = applier::run_modal_job({{task}, {}}, run_options());
  ASSERT_TRUE(run.has_value()) << run.error().message;
  EXPECT_EQ(run->exit.code, 0);
  EXPECT_EQ(run->app_id, std::optional<std::string>("ap-canned"));
  ASSERT_TRUE(run->outcome.has_value()) << run->problem;
  EXPECT_EQ(run->outcome->results.at(0).error, "HTTP 403 from target");
  EXPECT_EQ(run->outcome->commit->mirrors.at(0).error, "a.bin did not arrive");
}

TEST_F(ModalExecutorTest, DetachedRunReturnsACallAndSaysHowToFollowIt) {
  auto run = applier::run_modal_job({}, run_options(applier::Detach::yes));
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->outcome.has_value()) << run->problem;
  EXPECT_TRUE(run->outcome->detached);
  ASSERT_TRUE(run->outcome->function_call_id.has_value());
  EXPECT_TRUE(run->outcome->function_call_id->starts_with("fc-"));
  const auto argv = modal_calls().at(0)["argv"].get<std::vector<std::string>>();
  EXPECT_EQ(argv[2], "-d");
  EXPECT_EQ(argv.back(), "--detach");
  const std::string text =
      applier::follow_up_text(run->app_id, *run->outcome, "hf2ms plan -f hf2ms.toml");
  EXPECT_TRUE(contains(text, "modal app logs ap-stub -f")) << text;
  EXPECT_TRUE(contains(text, "modal app stop ap-stub -y")) << text;
  EXPECT_TRUE(contains(text, "hf2ms plan -f hf2ms.toml")) << text;
  EXPECT_TRUE(contains(text, "modal run " + run_options().app_file + "::status --app-id ap-stub"))
      << text;
}

// The summary of a detached run stays in Modal (the app's Dict, by app id) and hf2ms reads it
// back later, in the attached result's shape, through the app's `status` entrypoint.
TEST_F(ModalExecutorTest, DetachedRunLeavesASummaryToFetchLater) {
  const plan::Plan plan = make_plan();
  applier::ModalExecutor executor(
      {run_options(applier::Detach::yes), transfer::make_commit_job(plan, hubs()), {}});
  (void)apply_on_modal(plan, executor);
  ASSERT_TRUE(executor.detached()) << executor.failure();
  const auto app_id = executor.modal_run()->app_id;
  ASSERT_TRUE(app_id.has_value());
  auto fetched = applier::fetch_modal_summary(*app_id, run_options());
  ASSERT_TRUE(fetched.has_value()) << fetched.error().message;
  ASSERT_TRUE(fetched->outcome.has_value()) << fetched->problem;
  EXPECT_EQ(fetched->outcome->status, "finished");
  EXPECT_EQ(fetched->outcome->results.size(), 3u);
  ASSERT_TRUE(fetched->outcome->commit.has_value());
  EXPECT_EQ(fetched->outcome->commit->mirrors.at(0).outcome, transfer::MirrorOutcome::applied);
  const auto argv = modal_calls().back()["argv"].get<std::vector<std::string>>();
  EXPECT_EQ(argv.at(argv.size() - 2), "--app-id");
  auto unknown = applier::fetch_modal_summary("ap-never", run_options());
  ASSERT_TRUE(unknown.has_value() && unknown->outcome.has_value());
  EXPECT_EQ(unknown->outcome->status, "unknown");
}

// A restarted orchestrator commits again: the mirror converged already, so that second commit
// is a no-op success (commit_replay.hpp), not a failure and not a second commit.
TEST_F(ModalExecutorTest, ARepeatedCommitOfAnAppliedMirrorIsANoOpSuccess) {
  const plan::Plan plan = make_plan();
  const transfer::CommitJob job = transfer::make_commit_job(plan, hubs());
  applier::ModalExecutor executor({run_options(), job, {}});
  ASSERT_TRUE(apply_on_modal(plan, executor).ok()) << executor.failure();
  const hubsim::RepoKey target{hubsim::Hub::ms, hubsim::RepoType::model, "acme/dst-model"};
  const auto head = target_.store().resolve(target, "HEAD");
  ASSERT_TRUE(head.has_value());
  auto engine = http::Engine::create();
  ASSERT_TRUE(engine.has_value());
  hub::EnginePerformer performer(**engine);
  const std::vector<std::string> env = env_;
  transfer::AccessHubClients clients(
      hubs(), performer, [env](std::string_view name) { return find_variable(env, name); });
  const transfer::CommitReport again =
      applier::run_commit_job(job, executor.modal_run()->outcome->results, clients);
  EXPECT_TRUE(again.ok);
  ASSERT_EQ(again.mirrors.size(), 1u);
  EXPECT_EQ(again.mirrors[0].outcome, transfer::MirrorOutcome::applied) << again.mirrors[0].error;
  EXPECT_TRUE(again.mirrors[0].commits.empty()) << "no second commit";
  const auto head_after = target_.store().resolve(target, "HEAD");
  ASSERT_TRUE(head_after.has_value());
  EXPECT_EQ((*head_after)->oid, (*head)->oid);
}

TEST_F(ModalExecutorTest, MissingModalCliIsNotFound) {
  set("PATH", "/nonexistent-hf2ms-bin");
  auto run = applier::run_modal_job({}, run_options());
  ASSERT_FALSE(run.has_value());
  EXPECT_EQ(run.error().kind, ErrorKind::not_found);
  EXPECT_TRUE(contains(run.error().message, "modal")) << run.error().message;
}

TEST_F(ModalExecutorTest, InstalledAppNeedsASourceTreeOrAPrebuiltBinary) {
  const std::string share = dir_.path() + "/prefix/share/hf2ms/modal";
  std::filesystem::create_directories(share);
  std::filesystem::copy_file(std::string(HF2MS_SOURCE_DIR) + "/deploy/modal/hf2ms_modal.py",
                             share + "/hf2ms_modal.py");
  applier::ModalRunOptions o = run_options();
  o.app_file = share + "/hf2ms_modal.py";
  auto run = applier::run_modal_job({}, o);
  ASSERT_FALSE(run.has_value());
  EXPECT_EQ(run.error().kind, ErrorKind::invalid_input);
  EXPECT_TRUE(contains(run.error().message, "HF2MS_SRC")) << run.error().message;
  o.env = with_variable(o.env, "HF2MS_SRC", HF2MS_SOURCE_DIR);
  EXPECT_TRUE(applier::run_modal_job({}, o).has_value());
}

// `cmake --install` puts the sources the image compiles in share/hf2ms/source, beside the app.
TEST_F(ModalExecutorTest, InstalledAppWithItsSourcesNeedsNothingElse) {
  const std::string share = dir_.path() + "/prefix/share/hf2ms";
  std::filesystem::create_directories(share + "/modal");
  std::filesystem::create_directories(share + "/source/src");
  std::filesystem::copy_file(std::string(HF2MS_SOURCE_DIR) + "/deploy/modal/hf2ms_modal.py",
                             share + "/modal/hf2ms_modal.py");
  std::filesystem::copy_file(std::string(HF2MS_SOURCE_DIR) + "/CMakeLists.txt",
                             share + "/source/CMakeLists.txt");
  applier::ModalRunOptions o = run_options();
  o.app_file = share + "/modal/hf2ms_modal.py";
  auto run = applier::run_modal_job({}, o);
  EXPECT_TRUE(run.has_value()) << run.error().message;
}

TEST_F(ModalExecutorTest, LocatesTheAppExplicitlyThenInstalledThenInTheSourceTree) {
  const std::string prefix = dir_.path() + "/prefix";
  const std::string installed = prefix + "/share/hf2ms/modal/hf2ms_modal.py";
  const std::string source_app = std::string(HF2MS_SOURCE_DIR) + "/deploy/modal/hf2ms_modal.py";
  const std::string exe = prefix + "/bin/hf2ms";
  const std::vector<std::string> no_env;
  EXPECT_EQ(applier::locate_modal_app(no_env, exe, HF2MS_SOURCE_DIR).value_or(""), source_app);
  std::filesystem::create_directories(prefix + "/share/hf2ms/modal");
  std::filesystem::copy_file(source_app, installed);
  EXPECT_EQ(applier::locate_modal_app(no_env, exe, HF2MS_SOURCE_DIR).value_or(""), installed);
  EXPECT_EQ(applier::locate_modal_app({"HF2MS_MODAL_APP=" + source_app}, exe, HF2MS_SOURCE_DIR)
                .value_or(""),
            source_app);
  auto none = applier::locate_modal_app({"HF2MS_MODAL_APP=/nope.py"}, "/x/bin/hf2ms", "/nowhere");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().kind, ErrorKind::not_found);
  EXPECT_TRUE(contains(none.error().message, "/nope.py (HF2MS_MODAL_APP)"));
  EXPECT_TRUE(contains(none.error().message, "/nowhere/deploy/modal/hf2ms_modal.py"));
}

}  // namespace
}  // namespace hf2ms::testing
