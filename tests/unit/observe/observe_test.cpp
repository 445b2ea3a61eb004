// Observer tests over in-memory FakeHubs: what observe() reads, what it records, and that
// the result does not depend on the number of workers.
#include "observe/observe.hpp"

#include "hashing/hashing.hpp"
#include "manifest/parse.hpp"
#include "observe/oid_cache.hpp"
#include "planner/readme_rewrite.hpp"
#include "unit/observe/fake_hub.hpp"

#include <gtest/gtest.h>

namespace hf2ms::observe {
namespace {

using manifest::RepoType;
using testing::FakeHub;
using testing::hf_small;
using testing::ms_file;

manifest::Manifest parse_manifest(const std::string& mirrors) {
  auto r = manifest::parse("version = 1\n" + mirrors, "test.toml");
  EXPECT_TRUE(r.manifest.has_value()) << render(r.diagnostics);
  return *r.manifest;
}

struct Hubs {
  FakeHub hf{manifest::Hub::hf};
  FakeHub ms{manifest::Hub::ms};
  HubReaders readers() { return {&hf, &ms}; }
};

state::Snapshot run(Hubs& hubs, const manifest::Manifest& m, ObserveOptions options = {}) {
  return observe(m, hubs.readers(), options);
}

constexpr const char* k_one = R"([[mirror]]
source = "hf:acme/a"
target = "ms:acme/a"
)";

TEST(Observe, ExpandsWildcardOverSourceNamespace) {
  Hubs hubs;
  hubs.hf.add(RepoType::model, "acme/b", {});
  hubs.hf.add(RepoType::model, "acme/a", {});
  hubs.hf.add(RepoType::dataset, "acme/d", {});
  hubs.hf.add(RepoType::model, "other/c", {});
  auto snap = run(hubs, parse_manifest("[[mirror]]\nsource = \"hf:acme/*\"\n"
                                       "target = \"ms:mirror/*\"\n"));
  ASSERT_EQ(snap.observations.size(), 2U);
  EXPECT_EQ(snap.observations[0].source.ref.to_string(), "hf:acme/a");
  EXPECT_EQ(snap.observations[0].target.ref.to_string(), "ms:mirror/a");
  EXPECT_EQ(snap.observations[1].target.ref.to_string(), "ms:mirror/b");
  EXPECT_EQ(hubs.hf.count("list_repos model acme"), 1U);
}

// Without a usable token a private target looks missing, so "missing" is not believed.
TEST(Observe, MissingTargetWithoutATokenIsAnErrorNotACreate) {
  Hubs hubs;
  hubs.hf.add(RepoType::model, "acme/a", {});
  ObserveOptions o;
  o.ms_token = {"MODELSCOPE_TOKEN", false};
  auto snap = run(hubs, parse_manifest(k_one), o);
  ASSERT_EQ(snap.observations.size(), 1U);
  ASSERT_TRUE(snap.observations[0].error);
  EXPECT_EQ(*snap.observations[0].error,
            "cannot tell whether target ms:acme/a exists (a private repo looks missing): "
            "MODELSCOPE_TOKEN is not set, and without a ModelScope token a private repo is "
            "invisible; set MODELSCOPE_TOKEN to a token of the account that owns (or will own) "
            "the target");
  EXPECT_EQ(hubs.ms.count("whoami"), 0U);  // nothing to ask: there is no token
}

TEST(Observe, MissingTargetWithARejectedTokenIsAnErrorAskedOncePerHub) {
  Hubs hubs;
  hubs.hf.add(RepoType::model, "acme/a", {});
  hubs.hf.add(RepoType::model, "acme/b", {});
  hubs.hf.whoami_error = make_error(ErrorKind::unauthorized, "Invalid credentials", 401);
  ObserveOptions o;
  o.hf_token = {"HF_TOKEN", true};
  auto snap = run(
      hubs, parse_manifest("[[mirror]]\nsource = \"hf:acme/*\"\ntarget = \"hf:mirror/*\"\n"), o);
  ASSERT_EQ(snap.observations.size(), 2U);
  for (const auto& obs : snap.observations) {
    ASSERT_TRUE(obs.error) << obs.target.ref.to_string();
    EXPECT_NE(obs.error->find("Hugging Face rejected the token in HF_TOKEN"), std::string::npos)
        << *obs.error;
  }
  EXPECT_EQ(hubs.hf.count("whoami"), 1U);
}

TEST(Observe, MissingTargetWithAValidTokenIsCreatedAndExistingOnesNeedNoWhoami) {
  Hubs hubs;
  hubs.hf.add(RepoType::model, "acme/a", {});
  ObserveOptions o;
  o.ms_token = {"MODELSCOPE_TOKEN", true};
  auto snap = run(hubs, parse_manifest(k_one), o);
  ASSERT_EQ(snap.observations.size(), 1U);
  EXPECT_FALSE(snap.observations[0].error) << *snap.observations[0].error;
  EXPECT_FALSE(snap.observations[0].target.exists);
  EXPECT_EQ(hubs.ms.count("whoami"), 1U);

  hubs.ms.add(RepoType::model, "acme/a", {});
  hubs.ms.whoami_error = make_error(ErrorKind::unauthorized, "no", 401);
  auto again = run(hubs, parse_manifest(k_one), o);
  EXPECT_FALSE(again.observations[0].error);  // it exists: the token saw it
  EXPECT_EQ(hubs.ms.count("whoami"), 1U);
}

TEST(Observe, FailedWildcardExpansionIsMirrorError) {
  Hubs hubs;
  hubs.hf.list_error = make_error(ErrorKind::transient, "boom", 503);
  auto snap = run(hubs, parse_manifest("[[mirror]]\nsource = \"hf:acme/*\"\n"
                                       "target = \"ms:mirror/*\"\n"));
  ASSERT_EQ(snap.observations.size(), 1U);
  ASSERT_TRUE(snap.observations[0].error);
  EXPECT_NE(snap.observations[0].error->find("cannot list the models of hf:acme/*"),
            std::string::npos);
}

TEST(Observe, PinsSourceAtRevisionCommitAndListsThatCommit) {
  Hubs hubs;
  const std::string commit(40, 'a');
  hubs.hf.add(RepoType::model, "acme/a", {{hf_small("x.json", "{}"), "{}"}}, commit);
  auto snap = run(hubs, parse_manifest(std::string(k_one) + "revision = \"v1\"\n"));
  ASSERT_EQ(snap.observations.size(), 1U);
  const auto& o = snap.observations[0];
  EXPECT_FALSE(o.error);
  EXPECT_EQ(o.source.head_commit, commit);
  EXPECT_EQ(o.source.default_branch, "main");
  ASSERT_EQ(o.source.files.size(), 1U);
  EXPECT_EQ(o.source.files[0].git_oid->hex, hashing::git_blob_sha1_hex("{}"));
  // Reads at the pinned commit only; the small file is not fetched: nothing on the (missing)
  // target to compare it with, and the transfer hashes its copy (issue #15 item 2).
  EXPECT_EQ(hubs.hf.calls(), (std::vector<std::string>{"list_files hf:model:acme/a@" + commit,
                                                       "repo_info hf:model:acme/a@v1"}));
  // A missing target is read at ModelScope's default branch and simply does not exist.
  EXPECT_EQ(hubs.ms.calls(), std::vector<std::string>{"repo_info ms:model:acme/a@master"});
  EXPECT_FALSE(o.target.exists);
}

TEST(Observe, DefaultRevisionIsHubDefaultAndTargetBranchIsRead) {
  Hubs hubs;
  hubs.hf.add(RepoType::model, "acme/a", {});
  hubs.ms.add(RepoType::model, "acme/a", {}, std::string(40, 'b'));
  auto snap = run(hubs, parse_manifest(std::string(k_one) + "target_branch = \"release\"\n"));
  EXPECT_EQ(hubs.hf.count("repo_info hf:model:acme/a@HEAD"), 1U);
  // ModelScope: the head read once, before the listing, which names the branch.
  EXPECT_EQ(hubs.ms.count("repo_info ms:model:acme/a@release"), 1U);
  EXPECT_EQ(hubs.ms.count("list_files ms:model:acme/a@release"), 1U);
  EXPECT_TRUE(snap.observations[0].target.exists);
  EXPECT_EQ(snap.observations[0].target.head_commit, std::string(40, 'b'));
}

TEST(Observe, MissingOrGatedSourceIsErrorOfThatMirrorOnly) {
  Hubs hubs;
  hubs.hf.fail_repo(RepoType::model, "acme/gated",
                    make_error(ErrorKind::gated, "Access to model acme/gated is restricted", 403));
  hubs.hf.add(RepoType::model, "acme/ok", {});
  auto snap = run(hubs, parse_manifest(R"([[mirror]]
source = "hf:acme/missing"
target = "ms:acme/missing"
[[mirror]]
source = "hf:acme/gated"
target = "ms:acme/gated"
[[mirror]]
source = "hf:acme/ok"
target = "ms:acme/ok"
)"));
  ASSERT_EQ(snap.observations.size(), 3U);
  EXPECT_EQ(*snap.observations[0].error,
            "source hf:acme/missing (revision HEAD) not found, or private and not visible to "
            "the token");
  ASSERT_TRUE(snap.observations[1].error);
  EXPECT_EQ(snap.observations[1].error->rfind("no access to gated source hf:acme/gated", 0), 0U);
  EXPECT_FALSE(snap.observations[2].error);
  EXPECT_EQ(hubs.hf.count("list_files"), 1U);  // nothing listed for the failed sources
}

TEST(Observe, FetchesSmallSourceFileToProveEquality) {
  Hubs hubs;
  const std::string config = R"({"a": 1})";
  hubs.hf.add(RepoType::model, "acme/a", {{hf_small("config.json", config), config}});
  hubs.ms.add(RepoType::model, "acme/a", {{ms_file("config.json", config), config}});
  auto snap = run(hubs, parse_manifest(k_one));
  const state::GitOid oid{hashing::git_blob_sha1_hex(config)};
  ASSERT_EQ(snap.sha256_by_oid.count(oid), 1U);
  EXPECT_EQ(snap.sha256_by_oid.at(oid).hex, hashing::sha256_hex(config));
  EXPECT_EQ(hubs.hf.count("fetch hf:model:acme/a@"), 1U);
}

// Issue #15 item 2: nothing to compare with, nothing to hash; the transfer hashes on the way.
TEST(Observe, NewTargetFetchesNothing) {
  Hubs hubs;
  std::vector<std::pair<hub::FileEntry, std::string>> files;
  for (int i = 0; i < 20; ++i) {
    const std::string body = "file " + std::to_string(i);
    files.push_back({hf_small("f" + std::to_string(i) + ".txt", body), body});
  }
  hubs.hf.add(RepoType::model, "acme/a", files);
  auto snap = run(hubs, parse_manifest(k_one));
  ASSERT_EQ(snap.observations.size(), 1U);
  EXPECT_FALSE(snap.observations[0].error);
  EXPECT_EQ(hubs.hf.count("fetch"), 0U);
  EXPECT_TRUE(snap.sha256_by_oid.empty());
}

TEST(Observe, DoesNotFetchFilesTheFilterExcludes) {
  Hubs hubs;
  hubs.hf.add(RepoType::model, "acme/a",
              {{hf_small("a.bin", "xx"), "xx"}, {hf_small("b.json", "{}"), "{}"}});
  hubs.ms.add(RepoType::model, "acme/a",
              {{ms_file("a.bin", "yy"), "yy"}, {ms_file("b.json", "{}"), "{}"}});
  auto snap = run(hubs, parse_manifest(std::string(k_one) + "exclude = [\"*.bin\"]\n"));
  EXPECT_EQ(hubs.hf.count("fetch hf:model:acme/a@c0ffee0000000000000000000000000000000001 b.json"),
            1U);
  EXPECT_EQ(hubs.hf.count("fetch"), 1U);
  EXPECT_EQ(snap.sha256_by_oid.size(), 1U);
}

TEST(Observe, UsesOidCacheInsteadOfFetchingAndFillsIt) {
  Hubs hubs;
  const std::string config = "{}";
  hubs.hf.add(RepoType::model, "acme/a", {{hf_small("c.json", config), config}});
  hubs.ms.add(RepoType::model, "acme/a", {{ms_file("c.json", config), config}});
  OidCache cache;
  ObserveOptions options;
  options.oid_cache = &cache;
  auto first = run(hubs, parse_manifest(k_one), options);
  EXPECT_EQ(cache.size(), 1U);
  auto second = run(hubs, parse_manifest(k_one), options);
  EXPECT_EQ(hubs.hf.count("fetch"), 1U);  // the second plan found it in the cache
  EXPECT_EQ(first, second);
}

TEST(Observe, ContentNotMatchingListedOidIsMirrorError) {
  Hubs hubs;
  hubs.hf.add(RepoType::model, "acme/a", {{hf_small("c.json", "{}"), "{}"}});
  hubs.hf.set_content(RepoType::model, "acme/a", "c.json", "[]");
  hubs.ms.add(RepoType::model, "acme/a", {{ms_file("c.json", "{}"), "{}"}});
  OidCache cache;
  ObserveOptions options;
  options.oid_cache = &cache;
  auto snap = run(hubs, parse_manifest(k_one), options);
  ASSERT_TRUE(snap.observations[0].error);
  EXPECT_NE(snap.observations[0].error->find("does not match its git oid"), std::string::npos);
  EXPECT_TRUE(snap.sha256_by_oid.empty());
  EXPECT_EQ(cache.size(), 0U);
}

TEST(Observe, ModelScopeIsReadByBranchOrTagNameWithTheHeadPinnedBeforeTheListing) {
  Hubs hubs;
  const std::string readme = "# hi\n";
  hubs.ms.add(RepoType::model, "damo/x", {{ms_file("README.md", readme), readme}},
              std::string(40, 'a'));
  const std::string manifest =
      "[[mirror]]\nsource = \"ms:damo/x\"\ntarget = \"hf:acme/x\"\n"
      "revision = \"v2\"\n";
  auto snap = run(hubs, parse_manifest(manifest));
  ASSERT_EQ(snap.observations.size(), 1U);
  EXPECT_FALSE(snap.observations[0].error) << *snap.observations[0].error;
  EXPECT_EQ(snap.observations[0].source.head_commit, std::string(40, 'a'));
  EXPECT_EQ(snap.observations[0].source.read_revision, "v2");
  // Never a commit id as Revision (real-hub-limits.md ModelScope §1); one head read.
  EXPECT_EQ(hubs.ms.calls(), (std::vector<std::string>{"fetch ms:model:damo/x@v2 README.md",
                                                       "list_files ms:model:damo/x@v2",
                                                       "repo_info ms:model:damo/x@v2"}));

  // A commit landing during the listing: the plan keeps the head read before it, so apply's
  // check that the source is still at that commit refuses the newer bytes (hub.hpp).
  Hubs moving;
  moving.ms.add(RepoType::model, "damo/x", {{ms_file("README.md", readme), readme}},
                std::string(40, 'a'));
  moving.ms.after_list = [&moving, &readme] {
    moving.ms.add(RepoType::model, "damo/x", {{ms_file("README.md", readme), readme}},
                  std::string(40, 'b'));
  };
  auto moved = run(moving, parse_manifest(manifest));
  ASSERT_EQ(moved.observations.size(), 1U);
  EXPECT_EQ(moved.observations[0].source.head_commit, std::string(40, 'a'));
}

TEST(Observe, AModelScopeSourceIsAskedItsPrivacyOnlyWhenACreatedTargetCopiesIt) {
  const std::string manifest = "[[mirror]]\nsource = \"ms:damo/x\"\ntarget = \"hf:acme/x\"\n";
  Hubs exists;
  exists.ms.add(RepoType::model, "damo/x", {});
  exists.hf.add(RepoType::model, "acme/x", {});
  EXPECT_FALSE(run(exists, parse_manifest(manifest)).observations[0].error);
  EXPECT_EQ(exists.ms.privacy_asked(),
            std::vector<std::string>{"ms:model:damo/x@master not_needed"});

  Hubs creates;
  creates.ms.add(RepoType::model, "damo/x", {});
  EXPECT_FALSE(run(creates, parse_manifest(manifest)).observations[0].error);
  EXPECT_EQ(creates.ms.privacy_asked(), std::vector<std::string>{"ms:model:damo/x@master needed"});
  EXPECT_EQ(creates.hf.privacy_asked(),
            std::vector<std::string>{"hf:model:acme/x@HEAD not_needed"});

  Hubs chosen;  // an explicit visibility copies nothing
  chosen.ms.add(RepoType::model, "damo/x", {});
  EXPECT_FALSE(
      run(chosen, parse_manifest(manifest + "visibility = \"private\"\n")).observations[0].error);
  EXPECT_EQ(chosen.ms.privacy_asked(),
            std::vector<std::string>{"ms:model:damo/x@master not_needed"});
}

TEST(Observe, ReadsSourceReadmeOnlyForHfTargets) {
  Hubs hubs;
  const std::string readme = "---\nlicense: apache-2.0\n---\n# hi\n";
  hubs.ms.add(RepoType::model, "damo/x", {{ms_file("README.md", readme), readme}});
  hubs.hf.add(RepoType::model, "acme/a", {{hf_small("README.md", readme), readme}});
  auto snap = run(hubs, parse_manifest(R"([[mirror]]
source = "ms:damo/x"
target = "hf:acme/x"
[[mirror]]
source = "hf:acme/a"
target = "ms:acme/a"
)"));
  ASSERT_EQ(snap.observations.size(), 2U);
  EXPECT_EQ(snap.observations[0].source_texts.at("README.md"), readme);
  EXPECT_TRUE(snap.observations[1].source_texts.empty());
}

// Issue #17: the README of a converged MS→HF mirror is not downloaded again: the digest of
// its rewrite and the target README's pair are in the cache. A changed target README is.
TEST(Observe, ConvergedReadmeIsNotFetchedAgainWithTheCache) {
  Hubs hubs;
  const std::string readme = "---\nlicense: Apache License 2.0\n---\n# hi\n";
  const std::string rewritten = *planner::rewrite_readme_for_hf(readme);
  hubs.ms.add(RepoType::model, "damo/x", {{ms_file("README.md", readme), readme}});
  hubs.hf.add(RepoType::model, "acme/x", {{hf_small("README.md", rewritten), rewritten}});
  const auto manifest =
      parse_manifest("[[mirror]]\nsource = \"ms:damo/x\"\ntarget = \"hf:acme/x\"\n");
  OidCache cache;
  ObserveOptions options;
  options.oid_cache = &cache;
  auto first = run(hubs, manifest, options);
  EXPECT_EQ(hubs.ms.count("fetch"), 1U);
  EXPECT_EQ(hubs.hf.count("fetch"), 1U);
  EXPECT_EQ(first.observations[0].source_texts.at("README.md"), readme);
  auto second = run(hubs, manifest, options);
  EXPECT_EQ(hubs.ms.count("fetch"), 1U);  // nothing more
  EXPECT_EQ(hubs.hf.count("fetch"), 1U);
  EXPECT_TRUE(second.observations[0].source_texts.empty());
  EXPECT_EQ(second.observations[0].source_text_digests.at("README.md").sha256.hex,
            hashing::sha256_hex(rewritten));
  const std::string edited = rewritten + "edited\n";
  hubs.hf.add(RepoType::model, "acme/x", {{hf_small("README.md", edited), edited}});
  auto third = run(hubs, manifest, options);
  EXPECT_EQ(hubs.ms.count("fetch"), 2U);  // the text is needed to copy it again
  EXPECT_EQ(third.observations[0].source_texts.at("README.md"), readme);
}

TEST(Observe, SelectionLimitsWhatIsRead) {
  Hubs hubs;
  hubs.hf.add(RepoType::model, "acme/a", {});
  hubs.hf.add(RepoType::model, "acme/b", {});
  ObserveOptions options;
  options.selection.excludes = {"ms:mirror/b"};
  auto snap =
      run(hubs, parse_manifest("[[mirror]]\nsource = \"hf:acme/*\"\ntarget = \"ms:mirror/*\"\n"),
          options);
  ASSERT_EQ(snap.observations.size(), 1U);
  EXPECT_EQ(snap.observations[0].target.ref.name, "a");
  EXPECT_EQ(hubs.hf.count("repo_info hf:model:acme/b"), 0U);
}

TEST(Observe, SpaceToModelScopeIsNotRead) {
  Hubs hubs;
  auto snap = run(hubs, parse_manifest(R"([[mirror]]
source = "hf:acme/demo"
target = "ms:acme/demo"
type = "space"
)"));
  ASSERT_EQ(snap.observations.size(), 1U);
  EXPECT_FALSE(snap.observations[0].error);
  EXPECT_TRUE(hubs.hf.calls().empty());
  EXPECT_TRUE(hubs.ms.calls().empty());
}

TEST(Observe, ResultDoesNotDependOnParallelism) {
  Hubs hubs;
  std::string mirrors;
  for (int i = 0; i < 40; ++i) {
    const std::string id = "acme/m" + std::to_string(i);
    const std::string body = "content " + std::to_string(i % 3);
    hubs.hf.add(RepoType::model, id, {{hf_small("f.txt", body), body}});
    if (i % 2 == 0) {
      hubs.ms.add(RepoType::model, id, {{ms_file("f.txt", body), body}});
    }
    mirrors += "[[mirror]]\nsource = \"hf:" + id + "\"\ntarget = \"ms:" + id + "\"\n";
  }
  const auto m = parse_manifest(mirrors);
  ObserveOptions serial;
  serial.parallelism = 1;
  ObserveOptions parallel;
  parallel.parallelism = 16;
  parallel.hf_max_in_flight = 3;
  const auto a = run(hubs, m, serial);
  const auto b = run(hubs, m, parallel);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.observations.size(), 40U);
  EXPECT_EQ(a.sha256_by_oid.size(), 3U);  // three distinct contents, each fetched once a run
  EXPECT_EQ(hubs.hf.count("fetch"), 6U);
}

}  // namespace
}  // namespace hf2ms::observe
