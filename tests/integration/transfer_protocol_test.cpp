// Issue #13 item 6 against the strict simulator, through run_task and the commit step: empty
// files land on HF as regular files (the simulator's storage refuses an empty LFS upload with
// 501, as S3 does), a path the HF target's .gitignore excludes is skipped and reported while
// the rest of the mirror commits, and the LFS `verify` action the batch answer offers is
// called, its failure failing the file.
#include "transfer_sim_env.hpp"

namespace hf2ms::transfer::testing {
namespace {

using manifest::Hub;
using manifest::RepoType;

class TransferProtocol : public TransferSimTest {
 protected:
  // Commits one inline file to `target` (an HF repo): how a test gives it a .gitignore.
  void commit_inline(const TargetRepo& target, const std::string& path,
                     const std::string& content) {
    auto writer = clients().writer(target.hub);
    ASSERT_TRUE(writer.has_value());
    hub::CommitSpec spec;
    spec.branch = target.branch;
    spec.message = "add " + path;
    spec.adds.push_back(
        {path, content.size(), hashing::sha256_hex(content), hub::Storage::inline_, content});
    auto committed = (*writer)->commit({target.hub, target.type, target.id}, spec);
    ASSERT_TRUE(committed.has_value()) << describe(committed.error());
  }

  // The target's entry for `path`, if it has one.
  std::optional<hub::FileEntry> entry(const TargetRepo& target, const std::string& path) {
    for (const hub::FileEntry& f : list({target.hub, target.type, target.id}).second) {
      if (f.path == path) {
        return f;
      }
    }
    return std::nullopt;
  }

  // Verify calls the target simulator logged for HF LFS objects.
  static std::size_t verify_calls() {
    std::size_t n = 0;
    for (const hubsim::LoggedRequest& r : target_sim().log().entries()) {
      n += r.method == "POST" && r.path.ends_with(".git/info/lfs/objects/verify") ? 1U : 0U;
    }
    return n;
  }
};

// real-hub-limits.md HF §5. The target's .gitattributes (the Hub's default) marks *.bin as LFS,
// so preupload answers "lfs" for the empty file; hf2ms commits it as a regular file anyway.
TEST_F(TransferProtocol, EmptyFilesLandOnHfAsRegularFiles) {
  seed(R"({"repos":[{"hub":"ms","id":"acme/empty-mssrc","files":[
    {"path":"empty.bin","content":""},
    {"path":"model.safetensors","size":200000,"lfs":true}]}]})");
  const hub::RepoKey source{Hub::ms, RepoType::model, "acme/empty-mssrc"};
  const TargetRepo target{Hub::hf, RepoType::model, "acme/empty-hf", "main"};
  use(source.hub, target.hub);
  create_target(target);
  const MirrorGroup group = group_for(source, target);
  const TaskResult result = run_task(task_of({group}), clients(), fast_options(), nullptr);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(find(result, "empty.bin")->status, FileStatus::inline_deferred);
  const std::vector<TaskResult> results{result};
  const CommitReport report =
      applier::run_commit_job(job_of(group, std::nullopt), results, clients());
  ASSERT_TRUE(report.ok) << report.mirrors[0].error;
  const auto empty = entry(target, "empty.bin");
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->lfs);
  EXPECT_EQ(empty->size, 0U);
  EXPECT_TRUE(entry(target, "model.safetensors")->lfs);
}

// huggingface-hub.md §8.1: shouldIgnore means the target's .gitignore excludes the path. The
// file is skipped and reported, the other files are committed.
TEST_F(TransferProtocol, PathTheTargetIgnoresIsSkippedAndReportedNotTheMirror) {
  seed(R"({"repos":[{"hub":"ms","id":"acme/ignore-mssrc","files":[
    {"path":"README.md","content":"# r\n"},
    {"path":"logs/train.log","content":"step 1\n"},
    {"path":"model.safetensors","size":150000,"lfs":true}]}]})");
  const hub::RepoKey source{Hub::ms, RepoType::model, "acme/ignore-mssrc"};
  const TargetRepo target{Hub::hf, RepoType::model, "acme/ignore-hf", "main"};
  use(source.hub, target.hub);
  create_target(target);
  commit_inline(target, ".gitignore", "*.log\n");
  const MirrorGroup group = group_for(source, target);
  RecordingObserver observer;
  const TaskResult result = run_task(task_of({group}), clients(), fast_options(), &observer);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(find(result, "logs/train.log")->status, FileStatus::ignored);
  EXPECT_EQ(find(result, "logs/train.log")->error, "");
  EXPECT_EQ(observer.finished.size(), group.files.size());
  const std::vector<TaskResult> results{result};
  const CommitReport report =
      applier::run_commit_job(job_of(group, std::nullopt), results, clients());
  ASSERT_TRUE(report.ok) << report.mirrors[0].error;
  EXPECT_EQ(report.mirrors[0].outcome, MirrorOutcome::applied);
  EXPECT_EQ(report.mirrors[0].ignored, std::vector<std::string>{"logs/train.log"});
  EXPECT_FALSE(entry(target, "logs/train.log").has_value());
  EXPECT_TRUE(entry(target, "README.md").has_value());
  EXPECT_TRUE(entry(target, "model.safetensors").has_value());
}

// huggingface-hub.md §8.2: the batch answer offers `verify` (the simulator does, as the Hub
// does); hf2ms calls it once per uploaded object, and a refused verify fails the file.
TEST_F(TransferProtocol, LfsVerifyIsCalledAndItsFailureFailsTheFile) {
  seed(R"({"repos":[{"hub":"ms","id":"acme/verify-mssrc","files":[
    {"path":"a.safetensors","size":120000,"lfs":true},
    {"path":"big.safetensors","size":3500000,"lfs":true}]}]})");
  const hub::RepoKey source{Hub::ms, RepoType::model, "acme/verify-mssrc"};
  const TargetRepo target{Hub::hf, RepoType::model, "acme/verify-hf", "main"};
  use(source.hub, target.hub);
  create_target(target);
  const MirrorGroup group = group_for(source, target);
  target_sim().log().clear();
  const TaskResult ok = run_task(task_of({group}), clients(), fast_options(), nullptr);
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(find(ok, "big.safetensors")->status, FileStatus::uploaded);  // multipart
  EXPECT_EQ(verify_calls(), 2U);

  seed(R"({"repos":[{"hub":"ms","id":"acme/verify2-mssrc","files":[
    {"path":"c.safetensors","size":110000,"lfs":true}]}]})");
  const hub::RepoKey source2{Hub::ms, RepoType::model, "acme/verify2-mssrc"};
  const TargetRepo target2{Hub::hf, RepoType::model, "acme/verify2-hf", "main"};
  create_target(target2);
  hubsim::FaultRule refuse;
  refuse.method = "POST";
  refuse.path_regex = ".*/info/lfs/objects/verify";
  refuse.status = 404;
  ASSERT_TRUE(target_sim().faults().add_rule(refuse).has_value());
  const MirrorGroup group2 = group_for(source2, target2);
  const TaskResult refused = run_task(task_of({group2}), clients(), fast_options(), nullptr);
  EXPECT_FALSE(refused.ok);
  const FileResult* c = find(refused, "c.safetensors");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, FileStatus::failed);
  EXPECT_NE(c->error.find("LFS verify of c.safetensors"), std::string::npos) << c->error;
  const std::vector<TaskResult> results{refused};
  const CommitReport report =
      applier::run_commit_job(job_of(group2, std::nullopt), results, clients());
  EXPECT_FALSE(report.ok);
  EXPECT_FALSE(entry(target2, "c.safetensors").has_value());
}

}  // namespace
}  // namespace hf2ms::transfer::testing
