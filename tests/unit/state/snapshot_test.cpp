#include "state/snapshot.hpp"

#include "unit/planner/fixtures.hpp"

#include <gtest/gtest.h>

namespace hf2ms::state {
namespace {

using manifest::Hub;
using namespace hf2ms::test;

TEST(Snapshot, FindsFilesByPathInSortedListing) {
  RepoSnapshot r = repo(ref(Hub::hf, "o", "n"), {hf_small("a", 1, '1'), hf_small("b/c", 2, '2')});
  ASSERT_NE(find_file(r, "b/c"), nullptr);
  EXPECT_EQ(find_file(r, "b/c")->size, ByteCount{2});
  EXPECT_EQ(find_file(r, "b"), nullptr);
  EXPECT_EQ(find_file(r, "z"), nullptr);
}

TEST(Snapshot, ResolvesSha256FromListingThenOidMap) {
  Snapshot s;
  s.sha256_by_oid[oid('1')] = sha('f');
  EXPECT_EQ(resolve_sha256(ms_file("a", 1, 'a'), s), sha('a'));
  EXPECT_EQ(resolve_sha256(hf_small("a", 1, '1'), s), sha('f'));
  EXPECT_EQ(resolve_sha256(hf_small("a", 1, '2'), s), std::nullopt);
}

TEST(Snapshot, AsksOnlyForHashesAComparisonNeeds) {
  MirrorObservation o;
  o.source =
      repo(ref(Hub::hf, "o", "n"), {hf_small("diff-size", 1, '1'), hf_small("known", 5, '2'),
                                    hf_small("only-src", 5, '3'), hf_small("same-size", 5, '4')});
  o.target = repo(ref(Hub::ms, "o", "n"), {ms_file("diff-size", 2, 'a'), ms_file("known", 5, 'a'),
                                           ms_file("same-size", 5, 'a')});
  std::map<GitOid, Sha256> known{{oid('2'), sha('a')}};
  // Created and resized files are hashed by the transfer on the way (issue #15 item 2).
  EXPECT_EQ(files_needing_sha256(o, known), (std::vector<GitOid>{oid('4')}));
}

TEST(Snapshot, NewTargetNeedsNoHashBeforeTheTransfer) {
  MirrorObservation o;
  o.source = repo(ref(Hub::hf, "o", "n"),
                  {hf_small("tokenizer.model", 4096, '5'), hf_small("a.json", 7, '6')});
  o.target.ref = ref(Hub::ms, "o", "n");
  EXPECT_TRUE(files_needing_sha256(o, {}).empty());
}

TEST(Snapshot, PlainGitBlobsOnBothSidesCompareByOid) {
  MirrorObservation o;
  o.source = repo(ref(Hub::hf, "o", "n"), {hf_small("a.json", 5, '1'), hf_small("b.json", 5, '2')});
  o.target = repo(ref(Hub::hf, "p", "n"),
                  {hf_small("a.json", 5, '3'),
                   {"b.json", {5}, std::nullopt, oid('4'), state::Lfs::yes}});  // a pointer oid
  EXPECT_EQ(files_needing_sha256(o, {}), (std::vector<GitOid>{oid('2'), oid('4')}));
}

TEST(Snapshot, ComparesSameSizeTargetFilesByHash) {
  MirrorObservation o;
  o.source = repo(ref(Hub::ms, "o", "n"), {ms_file("a.json", 5, 'a')});
  o.target = repo(ref(Hub::hf, "o", "n"), {hf_small("a.json", 5, '6')});
  EXPECT_EQ(files_needing_sha256(o, {}), (std::vector<GitOid>{oid('6')}));
}

TEST(Snapshot, AlwaysAsksForHfTargetReadmeHash) {
  MirrorObservation o;
  o.source = repo(ref(Hub::ms, "o", "n"), {ms_file("README.md", 10, 'a')});
  o.target = repo(ref(Hub::hf, "o", "n"), {hf_small("README.md", 7, '7')});
  EXPECT_EQ(files_needing_sha256(o, {}), (std::vector<GitOid>{oid('7')}));
  o.error = "no access";
  EXPECT_TRUE(files_needing_sha256(o, {}).empty());
}

}  // namespace
}  // namespace hf2ms::state
