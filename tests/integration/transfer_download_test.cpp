// Source downloads against the strict simulator (real-hub-limits.md HF §4, §6): a CDN that
// ignores Range on a resumed download, the relative 307 of regular files to
// /api/resolve-cache/ and where the token goes on it, and storage-locked HF repos, whose LFS
// files are read through the Git LFS batch "download" operation.
#include "transfer_sim_env.hpp"

namespace hf2ms::transfer::testing {
namespace {

using manifest::Hub;
using manifest::RepoType;

constexpr const char* k_token = "Bearer hf_user_write_token";

std::optional<std::string> header(const hubsim::LoggedRequest& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (http::iequals(n, name)) {
      return v;
    }
  }
  return std::nullopt;
}

std::vector<hubsim::LoggedRequest> requests(hubsim::Simulator& sim, hubsim::Listener listener,
                                            std::string_view path_part) {
  std::vector<hubsim::LoggedRequest> out;
  for (const hubsim::LoggedRequest& r : sim.log().entries()) {
    if (r.listener == listener && r.path.find(path_part) != std::string::npos) {
      out.push_back(r);
    }
  }
  return out;
}

// No request to the CDN listener carried the token (its URLs are presigned).
void expect_no_token_on_the_cdn(hubsim::Simulator& sim) {
  for (const hubsim::LoggedRequest& r : sim.log().entries()) {
    if (r.listener == hubsim::Listener::cdn) {
      EXPECT_FALSE(header(r, "Authorization").has_value()) << r.method << " " << r.path;
      EXPECT_FALSE(header(r, "Cookie").has_value()) << r.method << " " << r.path;
    }
  }
}

class Downloads : public TransferSimTest {
 protected:
  // Copies `group` with run_task and, when `commit`, commits it (which must succeed).
  TaskResult transfer(const MirrorGroup& group, bool commit, TransferObserver* observer = nullptr) {
    const TaskResult result = run_task(task_of({group}), clients(), fast_options(), observer);
    if (!commit) {
      return result;
    }
    EXPECT_TRUE(result.ok) << result.error;
    const CommitReport report = applier::run_commit_job(job_of(group, std::nullopt),
                                                        std::vector<TaskResult>{result}, clients());
    EXPECT_TRUE(report.ok) << (report.mirrors.empty() ? "" : report.mirrors[0].error);
    return result;
  }

  // Seeds a storage-locked HF repo `acme/<name>-src` (/resolve/ answers 403, the Git LFS
  // batch API still hands out hrefs) with the LFS file weights.bin and the regular file
  // notes.txt holding `regular`, creates the ModelScope target `acme/<name>` and returns the
  // group of the files the test can name a SHA-256 for (see locked_group).
  MirrorGroup locked_mirror(const std::string& name, const std::string& regular,
                            const std::map<std::string, std::string>& regular_sha) {
    seed(R"({"repos":[{"hub":"hf","id":"acme/)" + name + R"(-src","storage_locked":true,
      "files":[{"path":"weights.bin","size":5300000,"lfs":true},
               {"path":"notes.txt","content":")" +
         regular + R"("}]}]})");
    const TargetRepo target{Hub::ms, RepoType::model, "acme/" + name, "master"};
    use(Hub::hf, Hub::ms);
    create_target(target);
    return locked_group({Hub::hf, RepoType::model, "acme/" + name + "-src"}, target, regular_sha);
  }

  // The group of `source`, built without reading any file (a storage-locked repo refuses
  // that): LFS files with their listed SHA-256, regular ones only when `regular_sha` has them.
  MirrorGroup locked_group(const hub::RepoKey& source, const TargetRepo& target,
                           const std::map<std::string, std::string>& regular_sha) {
    auto [commit, files] = list(source);
    MirrorGroup g{0, {source.hub, source.type, source.id, commit, "main"}, target, {}};
    for (const hub::FileEntry& f : files) {
      std::optional<std::string> sha = f.sha256;
      if (auto it = regular_sha.find(f.path); it != regular_sha.end()) {
        sha = it->second;
      }
      if (sha) {
        g.files.push_back({f.path, f.size, sha, f.git_oid, f.lfs});
      }
    }
    return g;
  }
};

// A CDN that answers 200 with the whole body to a ranged request (CloudFront may).
class RangeIgnoringCdn : public Downloads {
 public:
  static void SetUpTestSuite() {
    start_simulators([](hubsim::SimulatorOptions& o) { o.sim.hf_limits.cdn_ignores_range = true; });
  }
};

TEST_F(RangeIgnoringCdn, ResumedDownloadAnswered200SkipsAheadInsteadOfAppendingTheWholeBody) {
  seed(R"({"repos":[{"hub":"hf","id":"acme/norange-src","files":[
    {"path":"weights.bin","size":5300000,"lfs":true}]}]})");
  const hub::RepoKey source{Hub::hf, RepoType::model, "acme/norange-src"};
  const TargetRepo target{Hub::ms, RepoType::model, "acme/norange", "master"};
  use(Hub::hf, Hub::ms);
  create_target(target);
  const MirrorGroup group = group_for(source, target);
  hubsim::FaultRule cut;  // the first download breaks after 300,000 bytes
  cut.listener = hubsim::Listener::cdn;
  cut.method = "GET";
  cut.cut_after_bytes = 300000;
  cut.times = 1;
  ASSERT_TRUE(source_sim().faults().set_rules({cut}).has_value());
  source_sim().log().clear();
  RecordingObserver observer;
  const TaskResult result = transfer(group, true, &observer);
  source_sim().faults().clear();
  ASSERT_EQ(result.files.size(), 1U);
  EXPECT_EQ(result.files[0].status, FileStatus::uploaded) << result.files[0].error;
  EXPECT_EQ(observer.total, 5300000U);  // used once, not 300,000 + the whole body again
  bool resumed = false;
  for (const hubsim::LoggedRequest& r : requests(source_sim(), hubsim::Listener::cdn, "/hf-lfs/")) {
    const std::string range = header(r, "Range").value_or("bytes=0-");
    resumed = resumed || !range.starts_with("bytes=0-");
  }
  EXPECT_TRUE(resumed) << "the download was not resumed with a Range request";
  EXPECT_EQ(content_of({target.hub, target.type, target.id}), content_of(source));
}

TEST_F(Downloads, RegularFilesFollowTheRelative307ToResolveCacheWithTheTokenOnTheHubOnly) {
  seed(R"({"repos":[{"hub":"hf","id":"acme/cache-src","private":true,"files":[
    {"path":"config.json","content":"{\"hidden_size\":8}\n"},
    {"path":"weights.bin","size":700000,"lfs":true}]}]})");
  const hub::RepoKey source{Hub::hf, RepoType::model, "acme/cache-src"};
  use(Hub::hf, Hub::ms);
  const auto [commit, files] = list(source);
  source_sim().log().clear();
  auto bytes = (*clients().reader(Hub::hf))->fetch_small_file(source, commit, "config.json");
  ASSERT_TRUE(bytes.has_value()) << describe(bytes.error());
  EXPECT_EQ(*bytes, "{\"hidden_size\":8}\n");
  const auto resolve = requests(source_sim(), hubsim::Listener::hf, "/resolve/");
  const auto cache = requests(source_sim(), hubsim::Listener::hf, "/api/resolve-cache/models/");
  ASSERT_EQ(resolve.size(), 1U);
  ASSERT_EQ(cache.size(), 1U) << "the 307 to /api/resolve-cache/ was not followed";
  EXPECT_NE(cache[0].path.find("/" + commit + "/config.json"), std::string::npos) << cache[0].path;
  // Same host: the private repo's bytes need the token on both hops.
  EXPECT_EQ(header(resolve[0], "Authorization"), k_token);
  EXPECT_EQ(header(cache[0], "Authorization"), k_token);

  // The streamed path too, with the LFS file going to the CDN without it.
  const TargetRepo target{Hub::ms, RepoType::model, "acme/cache", "master"};
  create_target(target);
  source_sim().log().clear();
  MirrorGroup group = group_for(source, target);
  transfer(group, true);
  EXPECT_FALSE(requests(source_sim(), hubsim::Listener::cdn, "/hf-lfs/").empty());
  expect_no_token_on_the_cdn(source_sim());
  EXPECT_EQ(content_of({target.hub, target.type, target.id}), content_of(source));
}

TEST_F(Downloads, StorageLockedRepoLfsFilesAreReadThroughTheGitLfsBatchApi) {
  const MirrorGroup group = locked_mirror("locked", "small", {});
  ASSERT_EQ(group.files.size(), 1U);  // weights.bin, the LFS file
  source_sim().log().clear();
  const TaskResult result = transfer(group, true);
  ASSERT_EQ(result.files.size(), 1U);
  EXPECT_EQ(result.files[0].status, FileStatus::uploaded) << result.files[0].error;
  // /resolve/ was refused, then one batch "download" call, then the CDN href.
  EXPECT_FALSE(requests(source_sim(), hubsim::Listener::hf, "/resolve/").empty());
  const auto batch = requests(source_sim(), hubsim::Listener::hf, ".git/info/lfs/objects/batch");
  ASSERT_EQ(batch.size(), 1U);
  EXPECT_EQ(batch[0].method, "POST");
  EXPECT_EQ(header(batch[0], "Authorization"), k_token);
  EXPECT_FALSE(requests(source_sim(), hubsim::Listener::cdn, "/hf-lfs/").empty());
  expect_no_token_on_the_cdn(source_sim());
  const Listing copied = content_of({Hub::ms, RepoType::model, "acme/locked"});
  ASSERT_EQ(copied.count("weights.bin"), 1U);
  EXPECT_EQ(copied.at("weights.bin").sha256, *group.files[0].sha256);
  EXPECT_EQ(copied.at("weights.bin").size, 5300000U);
}

TEST_F(Downloads, StorageLockedRepoCutDownloadsResumeOnTheBatchHref) {
  const MirrorGroup group = locked_mirror("locked-cut", "small", {});
  hubsim::FaultRule cut;
  cut.listener = hubsim::Listener::cdn;
  cut.method = "GET";
  cut.cut_after_bytes = 300000;
  cut.times = 2;
  ASSERT_TRUE(source_sim().faults().set_rules({cut}).has_value());
  source_sim().log().clear();
  const TaskResult result = transfer(group, true);
  source_sim().faults().clear();
  EXPECT_EQ(result.files.at(0).status, FileStatus::uploaded) << result.files.at(0).error;
  // Resumes go to the href (the CDN), never back to /resolve/ nor to another batch call.
  EXPECT_EQ(requests(source_sim(), hubsim::Listener::hf, "/resolve/").size(), 1U);
  EXPECT_EQ(requests(source_sim(), hubsim::Listener::hf, ".git/info/lfs/objects/batch").size(), 1U);
  EXPECT_GE(requests(source_sim(), hubsim::Listener::cdn, "/hf-lfs/").size(), 3U);
}

TEST_F(Downloads, StorageLockedRepoRegularFileIsAnErrorThatSaysSo) {
  // 100,000 bytes: above ModelScope's 64 KiB inline cap, so the target wants it by LFS and the
  // transfer engine must read it; on HF it is a regular file, which only /resolve/ serves.
  const std::string regular(100000, 'r');
  const MirrorGroup group =
      locked_mirror("locked-regular", regular, {{"notes.txt", hashing::sha256_hex(regular)}});
  ASSERT_EQ(group.files.size(), 2U);
  const TaskResult result = transfer(group, false);
  EXPECT_FALSE(result.ok);
  const FileResult* notes = find(result, "notes.txt");
  ASSERT_NE(notes, nullptr);
  EXPECT_EQ(notes->status, FileStatus::failed);
  EXPECT_NE(notes->error.find("storage is locked"), std::string::npos) << notes->error;
  EXPECT_NE(notes->error.find("regular file"), std::string::npos) << notes->error;
  EXPECT_FALSE(result.retryable);  // running again cannot help
  EXPECT_EQ(find(result, "weights.bin")->status, FileStatus::uploaded);  // the LFS file still can
}

}  // namespace
}  // namespace hf2ms::transfer::testing
