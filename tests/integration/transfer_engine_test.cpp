// run_task and run_commit_job against the in-process simulator: HF→MS, MS→HF, HF→HF with
// inline, LFS and multipart-sized files (generated content), a hash mismatch, cut connections
// and failed parts, and a re-run that uploads nothing.
#include "transfer_sim_env.hpp"

namespace hf2ms::transfer::testing {
namespace {

using manifest::Hub;
using manifest::RepoType;

constexpr const char* k_hf_source = R"({"repos":[{"hub":"hf","id":"acme/src","seed":7,"files":[
  {"path":"README.md","content":"# source\n"},
  {"path":"config.json","content":"{\"a\":1}\n"},
  {"path":"weights.bin","size":5300000,"lfs":true},
  {"path":"sub/small.safetensors","size":700000,"lfs":true}]}]})";

constexpr const char* k_ms_source = R"({"repos":[{"hub":"ms","id":"acme/mssrc","seed":9,"files":[
  {"path":"README.md","content":"# ms source\n"},
  {"path":"model.safetensors","size":4200000,"lfs":true},
  {"path":"tok/vocab.bin","size":1500000,"lfs":true}]}]})";

class TransferEngine : public TransferSimTest {
 protected:
  static void SetUpTestSuite() {
    TransferSimTest::SetUpTestSuite();
    seed(k_hf_source);
    seed(k_ms_source);
  }

  // Transfers `source` to a fresh `target`, commits, and checks the target equals the source.
  void mirror_and_check(const hub::RepoKey& source, const TargetRepo& target) {
    create_target(target);
    const MirrorGroup group = group_for(source, target);
    RecordingObserver observer;
    const TaskResult result = run_task(task_of({group}), clients(), fast_options(), &observer);
    ASSERT_TRUE(result.ok) << result.error;
    EXPECT_EQ(observer.finished.size(), group.files.size());
    for (const FileResult& f : result.files) {
      EXPECT_NE(f.status, FileStatus::failed) << f.path << ": " << f.error;
      if (f.status == FileStatus::uploaded) {
        EXPECT_EQ(f.sha256, group.files[0].sha256.has_value() ? f.sha256 : std::nullopt);
      }
    }
    const std::vector<TaskResult> results{result};
    const CommitReport report =
        applier::run_commit_job(job_of(group, std::nullopt), results, clients());
    ASSERT_TRUE(report.ok) << (report.mirrors.empty() ? "" : report.mirrors[0].error);
    ASSERT_EQ(report.mirrors.size(), 1U);
    EXPECT_FALSE(report.mirrors[0].commits.empty());
    EXPECT_EQ(content_of({target.hub, target.type, target.id}), content_of(source));
  }
};

TEST_F(TransferEngine, HfToModelScopeStreamsLfsFilesAndCommitsAnIdenticalRepo) {
  const hub::RepoKey source{Hub::hf, RepoType::model, "acme/src"};
  const TargetRepo target{Hub::ms, RepoType::model, "acme/hf2ms-a", "master"};
  mirror_and_check(source, target);
}

TEST_F(TransferEngine, ModelScopeToHfUsesMultipartAndCommitsAnIdenticalRepo) {
  const hub::RepoKey source{Hub::ms, RepoType::model, "acme/mssrc"};
  const TargetRepo target{Hub::hf, RepoType::model, "acme/from-ms", "main"};
  mirror_and_check(source, target);
}

TEST_F(TransferEngine, HfToHfWithATinyBufferStillStreamsEverything) {
  const hub::RepoKey source{Hub::hf, RepoType::model, "acme/src"};
  const TargetRepo target{Hub::hf, RepoType::model, "acme/hf-copy", "main"};
  create_target(target);
  const MirrorGroup group = group_for(source, target);
  TransferOptions options = fast_options();
  options.buffer_bytes = 256U << 10;  // four 64 KiB blocks for a 5 MiB multipart file
  options.max_files = 1;
  RecordingObserver observer;
  const TaskResult result = run_task(task_of({group}), clients(), options, &observer);
  ASSERT_TRUE(result.ok) << result.error;
  const FileResult* w = find(result, "weights.bin");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->status, FileStatus::uploaded);
  EXPECT_EQ(w->storage, hub::Storage::lfs);
  EXPECT_EQ(observer.total, 5300000U + 700000U);
  const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                      std::vector<TaskResult>{result}, clients());
  ASSERT_TRUE(report.ok) << report.mirrors[0].error;
  EXPECT_EQ(content_of({target.hub, target.type, target.id}), content_of(source));
}

TEST_F(TransferEngine, ReRunReportsAlreadyPresentAndUploadsNothing) {
  const hub::RepoKey source{Hub::hf, RepoType::model, "acme/src"};
  const TargetRepo target{Hub::ms, RepoType::model, "acme/rerun", "master"};
  create_target(target);
  const Task task = task_of({group_for(source, target)});
  const TaskResult first = run_task(task, clients(), fast_options(), nullptr);
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(find(first, "weights.bin")->status, FileStatus::uploaded);
  const TaskResult second = run_task(task, clients(), fast_options(), nullptr);
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(find(second, "weights.bin")->status, FileStatus::already_present);
  EXPECT_EQ(find(second, "sub/small.safetensors")->status, FileStatus::already_present);
  EXPECT_EQ(find(second, "README.md")->status, FileStatus::inline_deferred);
  EXPECT_EQ(second.bytes, 0U);
}

TEST_F(TransferEngine, HashMismatchFailsTheFileAndTheMirrorIsNeverCommitted) {
  for (const TargetRepo& target : {TargetRepo{Hub::ms, RepoType::model, "acme/bad-ms", "master"},
                                   TargetRepo{Hub::hf, RepoType::model, "acme/bad-hf", "main"}}) {
    const hub::RepoKey source{Hub::hf, RepoType::model, "acme/src"};
    create_target(target);
    MirrorGroup group = group_for(source, target);
    const std::string wrong(64, 'e');
    for (TaskFile& f : group.files) {
      if (f.path == "weights.bin") {
        f.sha256 = wrong;  // the plan promised other bytes than the source serves
      }
    }
    const TaskResult result = run_task(task_of({group}), clients(), fast_options(), nullptr);
    EXPECT_FALSE(result.ok);
    EXPECT_FALSE(result.retryable);
    const FileResult* w = find(result, "weights.bin");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->status, FileStatus::failed);
    EXPECT_NE(w->error.find("SHA-256"), std::string::npos) << w->error;
    EXPECT_EQ(find(result, "sub/small.safetensors")->status, FileStatus::uploaded);
    // The object under the promised hash was never completed: the hub still asks for it.
    auto writer = clients().writer(target.hub);
    const hub::BlobSpec blob{wrong, 5300000};
    auto needed = (*writer)->plan_uploads({target.hub, target.type, target.id}, target.branch,
                                          std::span<const hub::BlobSpec>(&blob, 1));
    ASSERT_TRUE(needed.has_value()) << describe(needed.error());
    EXPECT_EQ(needed->size(), 1U);
    const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                        std::vector<TaskResult>{result}, clients());
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.mirrors[0].outcome, MirrorOutcome::skipped);
    EXPECT_TRUE(report.mirrors[0].commits.empty());
    EXPECT_EQ(content_of({target.hub, target.type, target.id}).count("weights.bin"), 0U);
  }
}

TEST_F(TransferEngine, CutDownloadsResumeAndFailedPartsAreReadAgain) {
  for (const TargetRepo& target : {TargetRepo{Hub::hf, RepoType::model, "acme/cut-hf", "main"},
                                   TargetRepo{Hub::ms, RepoType::model, "acme/cut-ms", "master"}}) {
    const hub::RepoKey source{Hub::hf, RepoType::model, "acme/src"};
    create_target(target);
    hubsim::FaultRule cut;  // the source download breaks mid-body, twice
    cut.listener = hubsim::Listener::cdn;
    cut.method = "GET";
    cut.cut_after_bytes = 1500000;
    cut.times = 2;
    hubsim::FaultRule refuse;  // two part uploads are answered 500
    refuse.listener = hubsim::Listener::cdn;
    refuse.method = "PUT";
    refuse.status = 500;
    refuse.times = 2;
    ASSERT_TRUE(sim().faults().set_rules({cut, refuse}).has_value());
    const MirrorGroup group = group_for(source, target);
    const TaskResult result = run_task(task_of({group}), clients(), fast_options(), nullptr);
    sim().faults().clear();
    ASSERT_TRUE(result.ok) << result.error;
    const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                        std::vector<TaskResult>{result}, clients());
    ASSERT_TRUE(report.ok) << report.mirrors[0].error;
    EXPECT_EQ(content_of({target.hub, target.type, target.id}), content_of(source));
  }
}

TEST_F(TransferEngine, UnreachableTargetStorageIsAReportedRetryableFailure) {
  const hub::RepoKey source{Hub::hf, RepoType::model, "acme/src"};
  const TargetRepo target{Hub::ms, RepoType::model, "acme/down", "master"};
  create_target(target);
  hubsim::FaultRule down;
  down.listener = hubsim::Listener::cdn;
  down.method = "PUT";
  down.status = 503;
  ASSERT_TRUE(sim().faults().set_rules({down}).has_value());
  TransferOptions options = fast_options();
  options.engine.retry.max_attempts = 2;
  options.max_attempts = 2;
  const TaskResult result =
      run_task(task_of({group_for(source, target)}), clients(), options, nullptr);
  sim().faults().clear();
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.retryable) << result.error;
  EXPECT_EQ(find(result, "weights.bin")->status, FileStatus::failed);
}

}  // namespace
}  // namespace hf2ms::transfer::testing
