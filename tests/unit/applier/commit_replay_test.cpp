// commit_replay: a mirror whose target already holds exactly what its steps ask for counts as
// committed, so a restarted Modal orchestrator (or a commit job run twice) succeeds without a
// second commit. The pure match, then the hub reads over a small fake reader.
#include "applier/commit_replay.hpp"

#include <gtest/gtest.h>

#include <map>

namespace hf2ms::applier {
namespace {

const std::string k_sha_a(64, 'a');
const std::string k_sha_b(64, 'b');
const std::string k_planned_head(40, '1');
const std::string k_moved_head(40, '2');

plan::Step step(plan::Action action, const std::string& path, std::uint64_t size,
                std::optional<std::string> sha) {
  plan::Step s;
  s.action = action;
  s.path = path;
  s.size = size;
  s.sha256 = std::move(sha);
  return s;
}

hub::FileEntry entry(const std::string& path, std::uint64_t size, std::optional<std::string> sha) {
  hub::FileEntry e;
  e.path = path;
  e.size = size;
  e.sha256 = std::move(sha);
  return e;
}

TEST(CommitReplay, TargetHoldingThePlannedFilesMatches) {
  const std::vector<plan::Step> steps = {step(plan::Action::create, "a.bin", 5, k_sha_a),
                                         step(plan::Action::update, "b.txt", 3, k_sha_b),
                                         step(plan::Action::remove, "old.txt", 1, std::nullopt)};
  const std::vector<hub::FileEntry> target = {entry("a.bin", 5, k_sha_a),
                                              entry("b.txt", 3, k_sha_b),
                                              entry("untouched.md", 9, std::nullopt)};
  EXPECT_TRUE(target_matches_steps(steps, target));
}

TEST(CommitReplay, AnyDifferenceMeansNotApplied) {
  const std::vector<plan::Step> steps = {step(plan::Action::create, "a.bin", 5, k_sha_a),
                                         step(plan::Action::remove, "old.txt", 1, std::nullopt)};
  const std::vector<hub::FileEntry> base = {entry("a.bin", 5, k_sha_a)};
  EXPECT_TRUE(target_matches_steps(steps, base));
  EXPECT_FALSE(target_matches_steps(steps, std::vector<hub::FileEntry>{}));            // missing
  EXPECT_FALSE(target_matches_steps(steps, std::vector{entry("a.bin", 6, k_sha_a)}));  // size
  EXPECT_FALSE(target_matches_steps(steps, std::vector{entry("a.bin", 5, k_sha_b)}));  // hash
  EXPECT_FALSE(target_matches_steps(
      steps, std::vector{entry("a.bin", 5, k_sha_a), entry("old.txt", 1, std::nullopt)}));
  // The hub gives no SHA-256 and the plan no git oid: nothing proves the content.
  EXPECT_FALSE(target_matches_steps(steps, std::vector{entry("a.bin", 5, std::nullopt)}));
}

TEST(CommitReplay, GitOidProvesAFileThePlanHasNoShaFor) {
  plan::Step s = step(plan::Action::create, "config.json", 12, std::nullopt);
  s.source_git_oid = std::string(40, 'c');
  hub::FileEntry e = entry("config.json", 12, std::nullopt);
  e.git_oid = std::string(40, 'c');
  EXPECT_TRUE(target_matches_steps(std::vector{s}, std::vector{e}));
  e.git_oid = std::string(40, 'd');
  EXPECT_FALSE(target_matches_steps(std::vector{s}, std::vector{e}));
}

// A target hub's read side: one repo with a head and a listing; counts the listings.
class OneRepoReader final : public hub::HubReader {
 public:
  std::optional<hub::RepoInfo> info;
  std::vector<hub::FileEntry> files;
  int listings = 0;

  Result<hub::Identity> whoami() override { return hub::Identity{}; }
  Result<std::optional<hub::RepoInfo>> repo_info(const hub::RepoKey& /*key*/,
                                                 std::string_view /*revision*/) override {
    return info;
  }
  Result<std::vector<std::string>> list_repos(manifest::RepoType /*type*/,
                                              std::string_view /*ns*/) override {
    return std::vector<std::string>{};
  }
  Result<std::vector<hub::FileEntry>> list_files(const hub::RepoKey& /*key*/,
                                                 std::string_view commit) override {
    ++listings;
    EXPECT_EQ(commit, info->head_commit) << "the listing is of the current head";
    return files;
  }
  http::Request download_request(const hub::RepoKey& /*key*/, std::string_view /*commit*/,
                                 std::string_view /*path*/,
                                 std::optional<hub::ByteRange> /*range*/) const override {
    return {};
  }
  Result<std::string> fetch_small_file(const hub::RepoKey& /*key*/, std::string_view /*commit*/,
                                       std::string_view /*path*/) override {
    return std::string();
  }
};

transfer::CommitMirror mirror() {
  transfer::CommitMirror m;
  m.target = {manifest::Hub::hf, manifest::RepoType::model, "acme/dst", "main"};
  m.parent_commit = k_planned_head;
  m.steps = {step(plan::Action::create, "a.bin", 5, k_sha_a)};
  return m;
}

TEST(CommitReplay, AMovedTargetHoldingThePlanIsAlreadyApplied) {
  OneRepoReader reader;
  reader.info = hub::RepoInfo{"acme/dst", false, hub::Gated::no, k_moved_head, "main", {}, {}};
  reader.files = {entry("a.bin", 5, k_sha_a)};
  EXPECT_TRUE(already_applied(mirror(), reader));
  reader.files = {entry("a.bin", 5, k_sha_b)};  // moved, but by someone else's commit
  EXPECT_FALSE(already_applied(mirror(), reader));
}

TEST(CommitReplay, AnUnmovedOrMissingTargetIsNotApplied) {
  OneRepoReader reader;
  reader.info = hub::RepoInfo{"acme/dst", false, hub::Gated::no, k_planned_head, "main", {}, {}};
  reader.files = {entry("a.bin", 5, k_sha_a)};
  EXPECT_FALSE(already_applied(mirror(), reader));
  EXPECT_EQ(reader.listings, 0) << "an unmoved head costs no listing";
  reader.info.reset();
  EXPECT_FALSE(already_applied(mirror(), reader));
}

}  // namespace
}  // namespace hf2ms::applier
