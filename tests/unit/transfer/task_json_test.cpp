// Round trips and rejections of the task, result, commit-job and report JSON (task_json.hpp).
#include "transfer/task_json.hpp"

#include <gtest/gtest.h>

namespace hf2ms::transfer {
namespace {

Task sample_task() {
  Task t;
  t.index = 3;
  t.hubs = {{manifest::Hub::hf, "https://huggingface.co", "HF_TOKEN"},
            {manifest::Hub::ms, "https://www.modelscope.cn", "MODELSCOPE_API_TOKEN"}};
  MirrorGroup g;
  g.mirror = 1;
  g.source = {manifest::Hub::hf, manifest::RepoType::model, "acme/m", std::string(40, 'a'), "main"};
  g.target = {manifest::Hub::ms, manifest::RepoType::dataset, "acme/d", "master"};
  g.files = {{"README.md", 12, std::nullopt, std::string(40, 'b'), false},
             {"w.bin", 1U << 30, std::string(64, 'c'), std::nullopt, true}};
  t.groups.push_back(g);
  return t;
}

TEST(TaskJson, TaskRoundTrips) {
  const Task t = sample_task();
  const std::string text = task_to_json(t);
  EXPECT_EQ(text.find('\n'), std::string::npos);  // one line
  auto back = task_from_json(text, "task.json");
  ASSERT_TRUE(back.has_value()) << render(back.error());
  EXPECT_EQ(*back, t);
  EXPECT_EQ(task_to_json(*back), text);
}

TEST(TaskJson, TaskNeverContainsATokenOnlyItsVariableName) {
  const std::string text = task_to_json(sample_task());
  EXPECT_NE(text.find("\"token_env\":\"HF_TOKEN\""), std::string::npos);
  EXPECT_EQ(text.find("Bearer"), std::string::npos);
}

TEST(TaskJson, RejectsUnknownVersionKeysAndTypesAllAtOnce) {
  std::string text = task_to_json(sample_task());
  text.replace(text.find("\"format_version\":1"), 18, "\"format_version\":9");
  text.replace(text.find("\"size\":12"), 9, "\"size\":-1");
  text.replace(text.find("\"index\""), 7, "\"indx\"");
  auto r = task_from_json(text, "t.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(render(r.error()),
            "t.json: error: invalid task: indx: unknown key\n"
            "t.json: error: invalid task: format_version: version 9 is not supported (this hf2ms "
            "reads 1)\n"
            "t.json: error: invalid task: index: missing\n"
            "t.json: error: invalid task: groups[0].files[0].size: expected an unsigned integer\n");
}

// Hub entries name an endpoint and a token variable, nothing else: an extra host that would
// also receive a token (the old `upload_endpoint`) is refused, not ignored.
TEST(TaskJson, RejectsAnUploadEndpointOnAHubEntry) {
  std::string text = task_to_json(sample_task());
  const std::string token_env = "\"token_env\":\"MODELSCOPE_API_TOKEN\"";
  text.insert(text.find(token_env) + token_env.size(),
              ",\"upload_endpoint\":\"http://127.0.0.1:9\"");
  auto r = task_from_json(text, "t.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(render(r.error()),
            "t.json: error: invalid task: hubs[1].upload_endpoint: unknown key\n");
}

TEST(TaskJson, RejectsMalformedJsonAndUnknownEnumValues) {
  EXPECT_FALSE(task_from_json("{\"format_version\":1,", "t").has_value());
  std::string text = task_to_json(sample_task());
  text.replace(text.find("\"hub\":\"ms\",\"id\":\"acme/d\""), 10, "\"hub\":\"gh\"");
  auto r = task_from_json(text, "t");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(render(r.error()).find("groups[0].target.hub: unknown value \"gh\""),
            std::string::npos);
}

TEST(TaskJson, ResultsRoundTripAndAcceptOrchestratorRecords) {
  TaskResult r;
  r.task = 2;
  r.ok = false;
  r.error = "w.bin: boom";
  r.retryable = true;
  r.bytes = 77;
  r.seconds = 1.5;
  r.files = {{1, "w.bin", 77, std::string(64, 'c'), std::nullopt, std::nullopt, hub::Storage::lfs,
              FileStatus::failed, "boom"},
             {1, "a.txt", 3, std::string(64, 'd'), std::string(40, 'e'), std::string("a\0\xff", 3),
              hub::Storage::inline_, FileStatus::inline_deferred, ""},
             {1, "a.log", 1, std::nullopt, std::nullopt, std::nullopt, hub::Storage::inline_,
              FileStatus::ignored, ""}};
  auto back = results_from_json(results_to_json({r}), "results.json");
  ASSERT_TRUE(back.has_value()) << render(back.error());
  ASSERT_EQ(back->size(), 1U);
  EXPECT_EQ(back->front(), r);

  auto crashed = results_from_json(
      R"([{"task":0,"ok":false,"error":"RuntimeError: x","exit_status":1}])", "r");
  ASSERT_TRUE(crashed.has_value()) << render(crashed.error());
  EXPECT_EQ(crashed->front().task, 0U);
  EXPECT_FALSE(crashed->front().ok);
  EXPECT_TRUE(crashed->front().files.empty());
  EXPECT_FALSE(results_from_json(R"({"task":0})", "r").has_value());
}

TEST(TaskJson, ResultContentIsCanonicalBase64) {
  const std::string good =
      R"([{"task":0,"ok":true,"files":[{"mirror":0,"path":"a","size":2,"content":"aGk=",)"
      R"("storage":"inline","status":"inline_deferred","error":""}]}])";
  auto back = results_from_json(good, "r");
  ASSERT_TRUE(back.has_value()) << render(back.error());
  EXPECT_EQ(back->front().files.front().content, std::optional<std::string>("hi"));
  for (const char* bad : {"aGk", "aGl=", "a Gk=", "aG!="}) {
    std::string text = good;
    text.replace(text.find("aGk="), 4, bad);
    EXPECT_FALSE(results_from_json(text, "r").has_value()) << bad;
  }
}

TEST(TaskJson, CommitJobAndReportRoundTrip) {
  CommitJob job;
  job.hubs = sample_task().hubs;
  CommitMirror m;
  m.mirror = 4;
  m.source = sample_task().groups[0].source;
  m.target = sample_task().groups[0].target;
  m.parent_commit = std::string(40, 'd');
  plan::Step s;
  s.path = "README.md";
  s.action = plan::Action::update;
  s.size = 5;
  s.sha256 = std::string(64, 'e');
  s.transport = plan::Transport::embedded;
  s.content = "hello";
  plan::Step del;
  del.path = "old.bin";
  del.action = plan::Action::remove;
  m.steps = {s, del};
  job.mirrors.push_back(m);
  auto back = commit_job_from_json(commit_job_to_json(job), "job");
  ASSERT_TRUE(back.has_value()) << render(back.error());
  EXPECT_EQ(*back, job);

  CommitReport report{
      false,
      {{4, "ms:acme/d", MirrorOutcome::applied, {std::string(40, 'f')}, "", {}, {"logs/train.log"}},
       {5, "hf:acme/x", MirrorOutcome::skipped, {}, "a file failed", {}, {}},
       {6,
        "ms:acme/p",
        MirrorOutcome::failed,
        {std::string(40, 'e')},
        "refused",
        {"old.bin"},
        {}}}};
  auto rb = report_from_json(report_to_json(report), "report");
  ASSERT_TRUE(rb.has_value()) << render(rb.error());
  EXPECT_EQ(*rb, report);
}

}  // namespace
}  // namespace hf2ms::transfer
