// run_task and run_commit_job against the in-process simulator: HF→MS, MS→HF, HF→HF with
// inline, LFS and multipart-sized files (generated content), a hash mismatch, cut connections
// and failed parts, and a re-run that uploads nothing.
#include "transfer_sim_env.hpp"

namespace hf2ms::transfer::testing {
namespace {

using manifest::Hub;
using manifest::RepoType;

// Seeds an HF and a ModelScope source repo named after `name`: generated content depends on
// the repo id, so every test streams blobs no simulator holds yet.
hub::RepoKey hf_source(const std::string& name) {
  return {Hub::hf, RepoType::model, "acme/" + name + "-hfsrc"};
}
hub::RepoKey ms_source(const std::string& name) {
  return {Hub::ms, RepoType::model, "acme/" + name + "-mssrc"};
}

std::string source_spec(const std::string& name) {
  return R"({"repos":[{"hub":"hf","id":"acme/)" + name + R"(-hfsrc","files":[
  {"path":"README.md","content":"# source\n"},
  {"path":"config.json","content":"{\"a\":1}\n"},
  {"path":"weights.bin","size":5300000,"lfs":true},
  {"path":"sub/small.safetensors","size":700000,"lfs":true}]},
  {"hub":"ms","id":"acme/)" +
         name + R"(-mssrc","files":[
  {"path":"README.md","content":"# ms source\n"},
  {"path":"model.safetensors","size":4200000,"lfs":true},
  {"path":"tok/vocab.bin","size":1500000,"lfs":true}]}]})";
}

class TransferEngine : public TransferSimTest {
 protected:
  // Transfers `source` to a fresh `target`, commits, and checks the target equals the source.
  void mirror_and_check(const hub::RepoKey& source, const TargetRepo& target) {
    use(source.hub, target.hub);
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
  const hub::RepoKey source = hf_source("a");
  seed(source_spec("a"));
  const TargetRepo target{Hub::ms, RepoType::model, "acme/hf2ms-a", "master"};
  mirror_and_check(source, target);
}

TEST_F(TransferEngine, ModelScopeToHfUsesMultipartAndCommitsAnIdenticalRepo) {
  const hub::RepoKey source = ms_source("b");
  seed(source_spec("b"));
  const TargetRepo target{Hub::hf, RepoType::model, "acme/from-ms", "main"};
  mirror_and_check(source, target);
}

// LFS storage is per repo on the Hub (and in the strict simulator): another repo of the same
// hub holding the object does not make it present in the target, so the bytes are streamed.
TEST_F(TransferEngine, HfToHfOnOneHubUploadsWhatTheTargetRepoDoesNotHold) {
  const hub::RepoKey source = hf_source("c");
  seed(source_spec("c"));
  const TargetRepo target{Hub::hf, RepoType::model, "acme/hf-copy", "main"};
  use(Hub::hf, Hub::hf);
  create_target(target);
  const MirrorGroup group = group_for(source, target);
  const TaskResult result = run_task(task_of({group}), clients(), fast_options(), nullptr);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(find(result, "weights.bin")->status, FileStatus::uploaded);
  EXPECT_GT(result.bytes, 0U);
  const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                      std::vector<TaskResult>{result}, clients());
  ASSERT_TRUE(report.ok) << report.mirrors[0].error;
  EXPECT_EQ(content_of({target.hub, target.type, target.id}), content_of(source));
}

TEST_F(TransferEngine, MultipartWithATinyBufferStillStreamsEverything) {
  const hub::RepoKey source = ms_source("d");
  seed(source_spec("d"));
  const TargetRepo target{Hub::hf, RepoType::model, "acme/tiny", "main"};
  use(source.hub, target.hub);
  create_target(target);
  const MirrorGroup group = group_for(source, target);
  TransferOptions options = fast_options();
  options.buffer_bytes = 256U << 10;  // four 64 KiB blocks for a five-part file
  options.max_files = 1;
  RecordingObserver observer;
  const TaskResult result = run_task(task_of({group}), clients(), options, &observer);
  ASSERT_TRUE(result.ok) << result.error;
  const FileResult* m = find(result, "model.safetensors");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->status, FileStatus::uploaded);
  EXPECT_EQ(m->storage, hub::Storage::lfs);
  EXPECT_EQ(observer.total, 4200000U + 1500000U);
  EXPECT_EQ(observer.started.size(), 2U);
  const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                      std::vector<TaskResult>{result}, clients());
  ASSERT_TRUE(report.ok) << report.mirrors[0].error;
  EXPECT_EQ(content_of({target.hub, target.type, target.id}), content_of(source));
}

TEST_F(TransferEngine, ReRunReportsAlreadyPresentAndUploadsNothing) {
  const hub::RepoKey source = hf_source("e");
  seed(source_spec("e"));
  const TargetRepo target{Hub::ms, RepoType::model, "acme/rerun", "master"};
  use(source.hub, target.hub);
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

// Source reads on the CDN that started past byte 0: resumed downloads and re-read parts.
std::size_t resumed_reads(hubsim::Simulator& sim) {
  std::size_t n = 0;
  for (const hubsim::LoggedRequest& r : sim.log().entries()) {
    for (const auto& [name, value] : r.headers) {
      if (r.method == "GET" && name == "Range" && value.rfind("bytes=0-", 0) != 0) {
        ++n;
      }
    }
  }
  return n;
}

// One copy per direction: HF→ModelScope (single PUT) and ModelScope→HF (multipart).
struct Case {
  hub::RepoKey source;
  std::string big;  // an LFS file of the source
  std::uint64_t big_size;
  std::string other;  // another LFS file
  TargetRepo target;
};

std::vector<Case> both_directions(const std::string& name) {
  return {{hf_source(name),
           "weights.bin",
           5300000,
           "sub/small.safetensors",
           {Hub::ms, RepoType::model, "acme/" + name + "-ms", "master"}},
          {ms_source(name),
           "model.safetensors",
           4200000,
           "tok/vocab.bin",
           {Hub::hf, RepoType::model, "acme/" + name + "-hf", "main"}}};
}

TEST_F(TransferEngine, HashMismatchFailsTheFileAndTheMirrorIsNeverCommitted) {
  seed(source_spec("bad"));
  for (const Case& c : both_directions("bad")) {
    use(c.source.hub, c.target.hub);
    create_target(c.target);
    MirrorGroup group = group_for(c.source, c.target);
    const std::string wrong(64, 'e');
    for (TaskFile& f : group.files) {
      if (f.path == c.big) {
        f.sha256 = wrong;  // the plan promised other bytes than the source serves
      }
    }
    const TaskResult result = run_task(task_of({group}), clients(), fast_options(), nullptr);
    EXPECT_FALSE(result.ok);
    EXPECT_FALSE(result.retryable);
    const FileResult* w = find(result, c.big);
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->status, FileStatus::failed);
    EXPECT_NE(w->error.find("SHA-256"), std::string::npos) << w->error;
    EXPECT_EQ(find(result, c.other)->status, FileStatus::uploaded);
    // The object under the promised hash was never completed: the hub still asks for it.
    auto writer = clients().writer(c.target.hub);
    const hub::BlobSpec blob{wrong, c.big_size};
    auto needed =
        (*writer)->plan_uploads({c.target.hub, c.target.type, c.target.id}, c.target.branch,
                                std::span<const hub::BlobSpec>(&blob, 1));
    ASSERT_TRUE(needed.has_value()) << describe(needed.error());
    EXPECT_EQ(needed->size(), 1U);
    const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                        std::vector<TaskResult>{result}, clients());
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.mirrors[0].outcome, MirrorOutcome::skipped);
    EXPECT_TRUE(report.mirrors[0].commits.empty());
    EXPECT_EQ(content_of({c.target.hub, c.target.type, c.target.id}).count(c.big), 0U);
  }
}

TEST_F(TransferEngine, CutDownloadsResumeAndFailedPartsAreReadAgain) {
  seed(source_spec("cut"));
  for (const Case& c : both_directions("cut")) {
    use(c.source.hub, c.target.hub);
    create_target(c.target);
    hubsim::FaultRule cut;  // the source download breaks mid-body, twice
    cut.listener = hubsim::Listener::cdn;
    cut.method = "GET";
    cut.cut_after_bytes = 800000;  // past the files read whole (≤ 1 MiB), inside the others
    cut.times = 3;
    ASSERT_TRUE(source_sim().faults().set_rules({cut}).has_value());
    source_sim().log().clear();
    hubsim::FaultRule refuse = upload_put_rule(c.target.hub);  // two uploads are answered 500
    refuse.status = 500;
    refuse.times = 2;
    ASSERT_TRUE(target_sim().faults().set_rules({refuse}).has_value());
    const MirrorGroup group = group_for(c.source, c.target);
    const TaskResult result = run_task(task_of({group}), clients(), fast_options(), nullptr);
    source_sim().faults().clear();
    target_sim().faults().clear();
    ASSERT_TRUE(result.ok) << result.error;
    EXPECT_EQ(find(result, c.big)->status, FileStatus::uploaded);
    EXPECT_GE(resumed_reads(source_sim()), 1U);
    const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                        std::vector<TaskResult>{result}, clients());
    ASSERT_TRUE(report.ok) << report.mirrors[0].error;
    EXPECT_EQ(content_of({c.target.hub, c.target.type, c.target.id}), content_of(c.source));
  }
}

TEST_F(TransferEngine, UnreachableTargetStorageIsAReportedRetryableFailure) {
  const hub::RepoKey source = hf_source("f");
  seed(source_spec("f"));
  const TargetRepo target{Hub::ms, RepoType::model, "acme/down", "master"};
  use(source.hub, target.hub);
  create_target(target);
  hubsim::FaultRule down = upload_put_rule(target.hub);
  down.status = 503;
  ASSERT_TRUE(target_sim().faults().set_rules({down}).has_value());
  TransferOptions options = fast_options();
  options.engine.retry.max_attempts = 2;
  options.max_attempts = 2;
  const TaskResult result =
      run_task(task_of({group_for(source, target)}), clients(), options, nullptr);
  target_sim().faults().clear();
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.retryable) << result.error;
  EXPECT_EQ(find(result, "weights.bin")->status, FileStatus::failed);
}

// GET requests on the source simulator that read `name` (a path without '/').
std::size_t reads_of(hubsim::Simulator& sim, const std::string& name) {
  std::size_t n = 0;
  for (const hubsim::LoggedRequest& r : sim.log().entries()) {
    const bool names = (r.path.size() >= name.size() &&
                        r.path.compare(r.path.size() - name.size(), name.size(), name) == 0) ||
                       r.query.find("FilePath=" + name) != std::string::npos;
    // HF answers a regular file's /resolve/ with a 307 to /api/resolve-cache/: one download,
    // two hops; the hop is not another request of hf2ms's.
    const bool hop = r.path.rfind("/api/resolve-cache/", 0) == 0;
    if (r.method == "GET" && r.listener != hubsim::Listener::cdn && names && !hop) {
      ++n;
    }
  }
  return n;
}

std::string small_spec(const std::string& name) {
  return R"({"repos":[{"hub":"hf","id":"acme/)" + name + R"(-hfsrc","files":[
  {"path":"config.json","content":"{\"a\":1}\n"},
  {"path":"notes.txt","size":3000},
  {"path":"tokenizer.json","size":200000}]},
  {"hub":"ms","id":"acme/)" +
         name + R"(-mssrc","files":[
  {"path":"a.txt","size":900},
  {"path":"b.txt","size":1200},
  {"path":"c.safetensors","size":5000,"lfs":true}]}]})";
}

// Issue #15 item 2 and #17: a plan of a new target carries no SHA-256 for HF regular files.
// The transfer reads each once, verifies its git oid, hashes it both ways, uploads the one
// ModelScope keeps as LFS (over 64 KiB) by that SHA-256, and hands the inline ones to the
// commit step with their bytes: one source request per file, none in the commit step.
TEST_F(TransferEngine, HfRegularFilesWithoutSha256CostOneSourceRequestEach) {
  const hub::RepoKey source = hf_source("s1");
  seed(small_spec("s1"));
  const TargetRepo target{Hub::ms, RepoType::model, "acme/s1", "master"};
  use(source.hub, target.hub);
  create_target(target);
  const MirrorGroup group = group_for(source, target, false);
  for (const TaskFile& f : group.files) {
    ASSERT_FALSE(f.sha256) << f.path;
    ASSERT_TRUE(f.source_git_oid) << f.path;
  }
  const Listing want = content_of(source);  // reads the source: before the log is cleared
  source_sim().log().clear();
  const TaskResult result = run_task(task_of({group}), clients(), fast_options(), nullptr);
  ASSERT_TRUE(result.ok) << result.error;
  for (const TaskFile& f : group.files) {
    const FileResult* r = find(result, f.path);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->git_oid, f.source_git_oid) << f.path;
    EXPECT_EQ(r->sha256, want.at(f.path).sha256) << f.path;
  }
  EXPECT_EQ(find(result, "tokenizer.json")->status, FileStatus::uploaded);
  EXPECT_EQ(find(result, "config.json")->status, FileStatus::inline_deferred);
  EXPECT_TRUE(find(result, "config.json")->content);
  const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                      std::vector<TaskResult>{result}, clients());
  ASSERT_TRUE(report.ok) << report.mirrors[0].error;
  for (const std::string name : {"config.json", "notes.txt", "tokenizer.json"}) {
    EXPECT_EQ(reads_of(source_sim(), name), 1U) << name;
  }
  EXPECT_EQ(content_of({target.hub, target.type, target.id}), want);
}

// Issue #17 item 3: small files to HF are read whole, and HF's preupload gets its sample from
// those bytes: no ranged sample request per file.
TEST_F(TransferEngine, SmallFilesToHfCostOneSourceRequestAndNoSample) {
  const hub::RepoKey source = ms_source("s2");
  seed(small_spec("s2"));
  const TargetRepo target{Hub::hf, RepoType::model, "acme/s2", "main"};
  use(source.hub, target.hub);
  create_target(target);
  const MirrorGroup group = group_for(source, target);
  source_sim().log().clear();
  const TaskResult result = run_task(task_of({group}), clients(), fast_options(), nullptr);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(find(result, "a.txt")->status, FileStatus::inline_deferred);
  EXPECT_EQ(find(result, "c.safetensors")->status, FileStatus::uploaded);
  const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                      std::vector<TaskResult>{result}, clients());
  ASSERT_TRUE(report.ok) << report.mirrors[0].error;
  for (const std::string name : {"a.txt", "b.txt", "c.safetensors"}) {
    EXPECT_EQ(reads_of(source_sim(), name), 1U) << name;
  }
  for (const hubsim::LoggedRequest& r : source_sim().log().entries()) {
    for (const auto& [header, value] : r.headers) {
      EXPECT_FALSE(header == "Range") << r.path << " " << value;
    }
  }
  EXPECT_EQ(content_of({target.hub, target.type, target.id}), content_of(source));
}

// A saved plan is untrusted: a git oid that is not the source's fails the file, and nothing
// of it is stored or committed.
TEST_F(TransferEngine, AWrongGitOidInThePlanFailsTheFile) {
  const hub::RepoKey source = hf_source("s3");
  seed(small_spec("s3"));
  const TargetRepo target{Hub::ms, RepoType::model, "acme/s3", "master"};
  use(source.hub, target.hub);
  create_target(target);
  MirrorGroup group = group_for(source, target, false);
  for (TaskFile& f : group.files) {
    if (f.path == "tokenizer.json") {
      f.source_git_oid = std::string(40, 'e');
    }
  }
  const TaskResult result = run_task(task_of({group}), clients(), fast_options(), nullptr);
  EXPECT_FALSE(result.ok);
  const FileResult* t = find(result, "tokenizer.json");
  EXPECT_EQ(t->status, FileStatus::failed);
  EXPECT_NE(t->error.find("git oid"), std::string::npos) << t->error;
  const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                      std::vector<TaskResult>{result}, clients());
  EXPECT_FALSE(report.ok);
  EXPECT_TRUE(report.mirrors[0].commits.empty());
}

}  // namespace
}  // namespace hf2ms::transfer::testing
