#include "planner/planner.hpp"

#include "plan/plan_json.hpp"
#include "planner/readme_rewrite.hpp"
#include "unit/planner/fixtures.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace hf2ms::planner {
namespace {

using manifest::Hub;
using state::RemoteFile;
using namespace hf2ms::test;

// "+ path (reason)" per step, in plan order.
std::vector<std::string> describe(const plan::MirrorPlan& m) {
  std::vector<std::string> out;
  for (const auto& s : m.steps) {
    out.push_back(std::string(1, plan::symbol(s.action)) + " " + s.path + " (" + s.reason + ")");
  }
  return out;
}

manifest::Mirror hf_to_ms() {
  manifest::Mirror m;
  m.source = ref(Hub::hf, "org", "model");
  m.target = ref(Hub::ms, "acme", "model");
  m.exclude = {".gitattributes"};
  m.location = {"hf2ms.toml", 7, 1};
  return m;
}

manifest::Mirror hf_to_hf() {
  manifest::Mirror m = hf_to_ms();
  m.target.hub = manifest::Hub::hf;
  return m;
}

manifest::Mirror ms_to_hf() {
  manifest::Mirror m = hf_to_ms();
  m.source = ref(Hub::ms, "org", "model");
  m.target = ref(Hub::hf, "acme", "model");
  return m;
}

state::Snapshot one(const manifest::Mirror& m, std::vector<RemoteFile> src,
                    std::vector<RemoteFile> dst) {
  state::MirrorObservation o;
  o.source = repo(m.source, std::move(src));
  o.target = repo(m.target, std::move(dst));
  state::Snapshot s;
  s.observations.push_back(std::move(o));
  return s;
}

PlanResult plan_one(const manifest::Mirror& m, const state::Snapshot& s,
                    const PlanOptions& options = test_options()) {
  manifest::Manifest man;
  man.mirrors = {m};
  return make_plan(man, s, options);
}

struct FileCase {
  const char* name;
  manifest::Mirror mirror;
  std::vector<RemoteFile> source;
  std::vector<RemoteFile> target;
  std::map<state::GitOid, state::Sha256> known;
  plan::MirrorAction action;
  std::vector<std::string> steps;  // empty for error mirrors
  std::string reason;              // mirror reason (errors)
};

manifest::Mirror with_prune(manifest::Mirror m, std::uint32_t max_delete = 50) {
  m.prune = manifest::Prune::yes;
  m.max_delete = max_delete;
  return m;
}

manifest::Mirror with_filters(manifest::Mirror m, std::vector<std::string> include) {
  m.include = std::move(include);
  return m;
}

std::vector<FileCase> file_cases() {
  using plan::MirrorAction;
  return {
      {"UploadsFileMissingOnTarget",
       hf_to_ms(),
       {hf_lfs("a.bin", 10, 'a')},
       {},
       {},
       MirrorAction::update,
       {"+ a.bin (missing on target)"},
       ""},
      {"DifferentSizesProveADifference",
       hf_to_ms(),
       {hf_lfs("a.bin", 10, 'a')},
       {ms_file("a.bin", 11, 'a')},
       {},
       MirrorAction::update,
       {"~ a.bin (size differs)"},
       ""},
      {"SameSizeDifferentHashUpdates",
       hf_to_ms(),
       {hf_lfs("a.bin", 10, 'a')},
       {ms_file("a.bin", 10, 'b')},
       {},
       MirrorAction::update,
       {"~ a.bin (sha256 differs)"},
       ""},
      {"SameHashKeeps",
       hf_to_ms(),
       {hf_lfs("a.bin", 10, 'a')},
       {ms_file("a.bin", 10, 'a')},
       {},
       MirrorAction::keep,
       {"= a.bin (sha256 matches)"},
       ""},
      {"SameSizeWithoutHashIsNeverEqual",
       ms_to_hf(),
       {ms_file("c.json", 10, 'a')},
       {hf_small("c.json", 10, '5')},
       {},
       MirrorAction::error,
       {},
       "cannot prove c.json equal: no SHA-256 for the target file (git oid " +
           std::string(40, '5') + ")"},
      {"SourceWithoutHashIsNeverEqual",
       hf_to_ms(),
       {hf_small("c.json", 10, '5')},
       {ms_file("c.json", 10, 'a')},
       {},
       MirrorAction::error,
       {},
       "cannot prove c.json equal: no SHA-256 for the source file (git oid " +
           std::string(40, '5') + ")"},
      // Issue #15.2: two plain git blobs share a hash, the oid; no SHA-256 is needed.
      {"SameGitOidKeepsWithoutSha256",
       hf_to_hf(),
       {hf_small("c.json", 10, '5')},
       {hf_small("c.json", 10, '5')},
       {},
       MirrorAction::keep,
       {"= c.json (git oid matches)"},
       ""},
      {"DifferentGitOidUpdatesWithoutSha256",
       hf_to_hf(),
       {hf_small("c.json", 10, '5')},
       {hf_small("c.json", 10, '6')},
       {},
       MirrorAction::update,
       {"~ c.json (git oid differs)"},
       ""},
      // An LFS pointer's oid is not the content's: it never decides against a plain blob.
      {"LfsPointerOidNeverComparedWithABlobOid",
       hf_to_hf(),
       {hf_small("c.json", 10, '0')},
       {{"c.json", {10}, std::nullopt, oid('0'), state::Lfs::yes}},
       {},
       MirrorAction::error,
       {},
       "cannot prove c.json equal: no SHA-256 for the source file (git oid " +
           std::string(40, '0') + ")"},
      {"OidMapProvidesSmallFileHash",
       ms_to_hf(),
       {ms_file("c.json", 10, 'a')},
       {hf_small("c.json", 10, '5')},
       {{oid('5'), sha('a')}},
       MirrorAction::keep,
       {"= c.json (sha256 matches)"},
       ""},
      {"OidMapHashThatDiffersUpdates",
       ms_to_hf(),
       {ms_file("c.json", 10, 'a')},
       {hf_small("c.json", 10, '5')},
       {{oid('5'), sha('b')}},
       MirrorAction::update,
       {"~ c.json (sha256 differs)"},
       ""},
      {"ExtraTargetFileStaysWithoutPrune",
       hf_to_ms(),
       {hf_lfs("a.bin", 10, 'a')},
       {ms_file("a.bin", 10, 'a'), ms_file("old.txt", 3, 'c')},
       {},
       MirrorAction::keep,
       {"= a.bin (sha256 matches)"},
       ""},
      {"PruneRemovesExtraTargetFile",
       with_prune(hf_to_ms()),
       {hf_lfs("a.bin", 10, 'a')},
       {ms_file("a.bin", 10, 'a'), ms_file("old.txt", 3, 'c')},
       {},
       MirrorAction::update,
       {"= a.bin (sha256 matches)", "- old.txt (not in source (prune))"},
       ""},
      {"PruneBeyondMaxDeleteRefusesMirror",
       with_prune(hf_to_ms(), 1),
       {hf_lfs("a.bin", 10, 'a')},
       {ms_file("a.bin", 10, 'a'), ms_file("x.txt", 3, 'c'), ms_file("y.txt", 3, 'c')},
       {},
       MirrorAction::error,
       {},
       "refusing to delete 2 files, more than max_delete = 1"},
      {"PruneAtMaxDeleteIsAllowed",
       with_prune(hf_to_ms(), 2),
       {hf_lfs("a.bin", 10, 'a'), hf_lfs("b.bin", 10, 'b'), hf_lfs("c.bin", 10, 'c')},
       {ms_file("a.bin", 10, 'a'), ms_file("b.bin", 10, 'b'), ms_file("c.bin", 10, 'c'),
        ms_file("x.txt", 3, 'c'), ms_file("y.txt", 3, 'c')},
       {},
       MirrorAction::update,
       {"= a.bin (sha256 matches)", "= b.bin (sha256 matches)", "= c.bin (sha256 matches)",
        "- x.txt (not in source (prune))", "- y.txt (not in source (prune))"},
       ""},
      {"FiltersSelectSourceAndPrunedFiles",
       with_prune(with_filters(hf_to_ms(), {"*.json"})),
       {hf_small(".gitattributes", 5, '1'), hf_lfs("w.bin", 10, 'a'), hf_lfs("c.json", 4, 'b')},
       {ms_file("keep.bin", 3, 'c'), ms_file("gone.json", 3, 'c'),
        ms_file(".gitattributes", 9, 'd')},
       {},
       MirrorAction::update,
       {"+ c.json (missing on target)", "- gone.json (not in source (prune))"},
       ""},
      // The attack: a source listing that parsed as empty (a 200 with `{}` or `null`).
      {"EmptySourceListingNeverPrunesEverything",
       with_prune(hf_to_ms(), 1000),
       {},
       {ms_file("a.bin", 10, 'a'), ms_file("b.bin", 3, 'c')},
       {},
       MirrorAction::error,
       {},
       "refusing to delete all 2 selected target files: the source hf:org/model lists no file "
       "the filters select"},
      {"PruneOverMaxDeletePercentRefusesMirror",
       with_prune(hf_to_ms(), 1000),
       {hf_lfs("a.bin", 10, 'a')},
       {ms_file("a.bin", 10, 'a'), ms_file("t1", 3, 'c'), ms_file("t2", 3, 'c'),
        ms_file("t3", 3, 'c'), ms_file("t4", 3, 'c'), ms_file("t5", 3, 'c'), ms_file("t6", 3, 'c')},
       {},
       MirrorAction::error,
       {},
       "refusing to delete 6 of the target's 7 selected files, more than max_delete_percent = "
       "50%"},
      {"PruneOfAFewFilesIsBelowThePercentFloor",
       with_prune(hf_to_ms(), 1000),
       {hf_lfs("a.bin", 10, 'a')},
       {ms_file("a.bin", 10, 'a'), ms_file("x.txt", 3, 'c'), ms_file("y.txt", 3, 'c')},
       {},
       MirrorAction::update,
       {"= a.bin (sha256 matches)", "- x.txt (not in source (prune))",
        "- y.txt (not in source (prune))"},
       ""},
  };
}

TEST(Planner, DecidesEveryFileByContentHash) {
  for (const auto& c : file_cases()) {
    SCOPED_TRACE(c.name);
    state::Snapshot s = one(c.mirror, c.source, c.target);
    s.sha256_by_oid = c.known;
    PlanResult r = plan_one(c.mirror, s);
    ASSERT_EQ(r.plan.mirrors.size(), 1u);
    const auto& m = r.plan.mirrors[0];
    EXPECT_EQ(m.action, c.action);
    EXPECT_EQ(describe(m), c.steps);
    EXPECT_EQ(m.reason, c.reason);
    EXPECT_EQ(r.diagnostics.has_errors(), c.action == plan::MirrorAction::error);
  }
}

// HF→HF: a Xet-backed source LFS file is a server-side copy; anything else is not.
TEST(Planner, MarksXetFilesOfHfToHfMirrorsForServerSideCopy) {
  manifest::Mirror hf_hf = hf_to_ms();
  hf_hf.target = ref(Hub::hf, "acme", "model");
  RemoteFile xet = hf_lfs("w.bin", 10, 'a');
  xet.xet_hash = std::string(64, '9');
  RemoteFile kept = hf_lfs("k.bin", 12, 'b');
  kept.xet_hash = std::string(64, '8');
  RemoteFile plain = hf_lfs("p.bin", 11, 'c');
  PlanResult r = plan_one(hf_hf, one(hf_hf, {kept, plain, xet}, {hf_lfs("k.bin", 12, 'b')}));
  ASSERT_EQ(r.plan.mirrors.size(), 1U);
  const auto& steps = r.plan.mirrors[0].steps;
  ASSERT_EQ(steps.size(), 3U);
  EXPECT_FALSE(steps[0].source_xet_hash.has_value()) << "k.bin is kept: nothing to copy";
  EXPECT_FALSE(steps[1].source_xet_hash.has_value()) << "p.bin is not Xet-backed";
  EXPECT_EQ(steps[2].source_xet_hash, std::string(64, '9'));
  // To ModelScope the same file is streamed: the Hub cannot copy to another hub.
  PlanResult to_ms = plan_one(hf_to_ms(), one(hf_to_ms(), {xet}, {}));
  ASSERT_EQ(to_ms.plan.mirrors.size(), 1U);
  EXPECT_FALSE(to_ms.plan.mirrors[0].steps[0].source_xet_hash.has_value());
}

TEST(Planner, RefusedMirrorIsADiagnosticAtItsManifestLocation) {
  manifest::Mirror m = with_prune(hf_to_ms(), 0);
  PlanResult r = plan_one(
      m, one(m, {hf_lfs("a.bin", 10, 'a')}, {ms_file("a.bin", 10, 'a'), ms_file("x.txt", 3, 'c')}));
  EXPECT_EQ(render(r.diagnostics),
            "hf2ms.toml:7:1: error: mirror ms:acme/model: refusing to delete 1 files, more than "
            "max_delete = 0\n  hint: check the filters, or raise max_delete for this mirror\n");
}

TEST(Planner, MaxDeletePercentOfHundredAllowsDeletingMostFiles) {
  manifest::Mirror m = with_prune(hf_to_ms(), 1000);
  m.max_delete_percent = 100;
  std::vector<RemoteFile> target{ms_file("a.bin", 10, 'a')};
  for (char c = 'a'; c < 'k'; ++c) {
    target.push_back(ms_file(std::string("old-") + c, 3, 'c'));
  }
  PlanResult r = plan_one(m, one(m, {hf_lfs("a.bin", 10, 'a')}, target));
  ASSERT_EQ(r.plan.mirrors.size(), 1u);
  EXPECT_EQ(r.plan.mirrors[0].action, plan::MirrorAction::update);
  EXPECT_EQ(r.plan.totals.files_to_delete, 10u);
}

TEST(Planner, PlanWideDeleteCapRefusesEveryDeletingMirror) {
  manifest::Manifest man;
  manifest::Mirror a = with_prune(hf_to_ms(), 1000);
  a.max_delete_percent = 100;
  manifest::Mirror b = a;
  b.source = ref(Hub::hf, "org", "other");
  b.target = ref(Hub::ms, "acme", "other");
  man.mirrors = {a, b};
  man.max_delete_total = 3;
  state::Snapshot s;
  for (std::size_t i = 0; i < 2; ++i) {
    state::Snapshot one_mirror =
        one(man.mirrors[i], {hf_lfs("a.bin", 10, 'a')},
            {ms_file("a.bin", 10, 'a'), ms_file("x.txt", 3, 'c'), ms_file("y.txt", 3, 'c')});
    one_mirror.observations[0].mirror_index = i;
    s.observations.push_back(one_mirror.observations[0]);
  }
  PlanResult r = make_plan(man, s, test_options());
  ASSERT_EQ(r.plan.mirrors.size(), 2u);
  for (const auto& m : r.plan.mirrors) {
    EXPECT_EQ(m.action, plan::MirrorAction::error);
    EXPECT_EQ(m.reason,
              "the plan deletes 4 files over all mirrors, more than max_delete_total = 3");
  }
  EXPECT_EQ(r.plan.totals.files_to_delete, 0u);
}

// The attack: a hub listing answers an `org/*` expansion with a name that leaves the namespace.
TEST(Planner, ExpandedWildcardNamesAreValidated) {
  manifest::Manifest man;
  manifest::Mirror m = hf_to_ms();
  m.source = ref(Hub::hf, "org", "*");
  m.target = ref(Hub::ms, "acme", "*");
  man.mirrors = {m};
  manifest::Mirror concrete = m;
  concrete.source.name = concrete.target.name = "..";
  state::Snapshot s = one(concrete, {hf_lfs("a.bin", 10, 'a')}, {});
  PlanResult r = make_plan(man, s, test_options());
  ASSERT_EQ(r.plan.mirrors.size(), 1u);
  EXPECT_EQ(r.plan.mirrors[0].action, plan::MirrorAction::error);
  EXPECT_EQ(r.plan.mirrors[0].reason,
            "the hub listed an invalid repo name '..' for hf:org/*: the name must start and end "
            "with a letter, digit or '_'");
}

// The attack: `hf:a/*` and `hf:b/model` both land on ms:x/model after expansion.
TEST(Planner, TwoMirrorsWritingTheSameConcreteTargetAreRefused) {
  manifest::Manifest man;
  manifest::Mirror wild = hf_to_ms();
  wild.source = ref(Hub::hf, "a", "*");
  wild.target = ref(Hub::ms, "x", "*");
  manifest::Mirror named = hf_to_ms();
  named.source = ref(Hub::hf, "b", "model");
  named.target = ref(Hub::ms, "x", "Model");
  man.mirrors = {wild, named};
  state::Snapshot s;
  for (std::size_t i = 0; i < 2; ++i) {
    manifest::Mirror concrete = man.mirrors[i];
    concrete.source.name = "model";
    concrete.target.name = i == 0 ? "model" : "Model";
    state::Snapshot part = one(concrete, {hf_lfs("a.bin", 10, 'a')}, {});
    part.observations[0].mirror_index = i;
    part.observations[0].target.exists = false;
    s.observations.push_back(part.observations[0]);
  }
  PlanResult r = make_plan(man, s, test_options());
  ASSERT_EQ(r.plan.mirrors.size(), 2u);
  for (const auto& p : r.plan.mirrors) {
    EXPECT_EQ(p.action, plan::MirrorAction::error) << p.target.to_string();
    EXPECT_EQ(p.reason, "written by 2 mirrors (numbers 1, 2 in file order) after expanding '*'");
  }
}

TEST(Planner, RecordsTheEndpointsItWasGiven) {
  manifest::Mirror m = hf_to_ms();
  PlanOptions o = test_options();
  o.endpoints = {"https://huggingface.co", "http://127.0.0.1:9"};
  PlanResult r = plan_one(m, one(m, {hf_lfs("a.bin", 10, 'a')}, {}), o);
  EXPECT_EQ(r.plan.endpoints, o.endpoints);
}

TEST(Planner, CreatesMissingTargetWithEveryFileAndPreservedVisibility) {
  manifest::Mirror m = hf_to_ms();
  state::Snapshot s = one(m, {hf_lfs("a.bin", 10, 'a'), hf_small("b.txt", 2, '2')}, {});
  s.observations[0].target = missing_repo(m.target);
  s.observations[0].source.is_private = true;
  PlanResult r = plan_one(m, s);
  const auto& p = r.plan.mirrors.at(0);
  EXPECT_EQ(p.action, plan::MirrorAction::create);
  EXPECT_EQ(p.create_visibility, manifest::Visibility::private_);
  EXPECT_EQ(p.target_head, std::nullopt);
  EXPECT_EQ(p.target_branch, "master");
  EXPECT_EQ(describe(p), (std::vector<std::string>{"+ a.bin (missing on target)",
                                                   "+ b.txt (missing on target)"}));
  // A small HF source file without a known SHA-256 is copied by oid; apply verifies that.
  EXPECT_EQ(p.steps[1].sha256, std::nullopt);
  EXPECT_EQ(p.steps[1].source_git_oid, std::string(40, '2'));
  EXPECT_EQ(p.steps[0].transport, plan::Transport::lfs);
  EXPECT_EQ(p.steps[1].transport, plan::Transport::stream);
}

TEST(Planner, ExplicitVisibilityOverridesTheSource) {
  manifest::Mirror m = hf_to_ms();
  m.visibility = manifest::Visibility::public_;
  state::Snapshot s = one(m, {}, {});
  s.observations[0].target = missing_repo(m.target);
  s.observations[0].source.is_private = true;
  EXPECT_EQ(plan_one(m, s).plan.mirrors.at(0).create_visibility, manifest::Visibility::public_);
}

TEST(Planner, SkipsSpaceToModelScopeWithReason) {
  manifest::Mirror m = hf_to_ms();
  m.type = manifest::RepoType::space;
  m.target_type = manifest::RepoType::space;
  PlanResult r = plan_one(m, one(m, {hf_small("app.py", 3, '3')}, {}));
  const auto& p = r.plan.mirrors.at(0);
  EXPECT_EQ(p.action, plan::MirrorAction::skip);
  EXPECT_EQ(p.reason, "ModelScope has no API to create studios (spaces)");
  EXPECT_TRUE(p.steps.empty());
  EXPECT_FALSE(r.diagnostics.has_errors());
}

TEST(Planner, SpaceToModelScopeAsModelIsPlanned) {
  manifest::Mirror m = hf_to_ms();
  m.type = manifest::RepoType::space;
  m.target_type = manifest::RepoType::model;
  PlanResult r = plan_one(m, one(m, {hf_lfs("app.bin", 3, '3')}, {}));
  EXPECT_EQ(r.plan.mirrors.at(0).action, plan::MirrorAction::update);
  EXPECT_EQ(r.plan.mirrors.at(0).target_type, manifest::RepoType::model);
}

TEST(Planner, FileAboveTheHubSizeCapRefusesTheMirror) {
  manifest::Mirror m = hf_to_ms();
  PlanOptions o = test_options();
  o.ms_limits.max_file_size = 9;
  PlanResult r = plan_one(m, one(m, {hf_lfs("a.bin", 10, 'a')}, {}), o);
  EXPECT_EQ(r.plan.mirrors.at(0).action, plan::MirrorAction::error);
  EXPECT_EQ(r.plan.mirrors.at(0).reason,
            "a.bin is 10 bytes, above the ms limit of 9 bytes per file");
}

TEST(Planner, TooManyEntriesInOneFolderWarns) {
  manifest::Mirror m = hf_to_ms();
  PlanOptions o = test_options();
  o.ms_limits.max_entries_per_folder = 1;
  PlanResult r = plan_one(m, one(m, {hf_lfs("d/a", 1, 'a'), hf_lfs("d/b", 1, 'b')}, {}), o);
  EXPECT_EQ(render(r.diagnostics),
            "hf2ms.toml:7:1: warning: mirror ms:acme/model: folder 'd' holds 2 files, more than "
            "the ms limit of 1\n");
  EXPECT_EQ(r.plan.mirrors.at(0).action, plan::MirrorAction::update);
}

TEST(Planner, ErroredMirrorDoesNotStopTheOthers) {
  manifest::Manifest man;
  manifest::Mirror gated = hf_to_ms();
  gated.source = ref(Hub::hf, "meta", "gated");
  gated.target = ref(Hub::ms, "acme", "gated");
  man.mirrors = {gated, hf_to_ms()};
  state::Snapshot s = one(hf_to_ms(), {hf_lfs("a.bin", 1, 'a')}, {});
  s.observations[0].mirror_index = 1;
  state::MirrorObservation failed;
  failed.mirror_index = 0;
  failed.source.ref = gated.source;
  failed.target.ref = gated.target;
  failed.error = "hf:meta/gated is gated and the token's user has not accepted its terms";
  s.observations.push_back(failed);
  PlanResult r = make_plan(man, s, test_options());
  ASSERT_EQ(r.plan.mirrors.size(), 2u);
  EXPECT_EQ(r.plan.mirrors[0].action, plan::MirrorAction::error);
  EXPECT_EQ(r.plan.mirrors[1].action, plan::MirrorAction::update);
  EXPECT_EQ(r.plan.totals.mirrors_failed, 1u);
  EXPECT_EQ(r.plan.totals.files_to_copy, 1u);
  EXPECT_EQ(render(r.diagnostics),
            "hf2ms.toml:7:1: error: mirror ms:acme/gated: hf:meta/gated is gated and the token's "
            "user has not accepted its terms\n");
}

TEST(Planner, WildcardMirrorBecomesOneMirrorPerObservedRepo) {
  manifest::Mirror m = hf_to_ms();
  m.source = ref(Hub::hf, "org", "*");
  m.target = ref(Hub::ms, "acme", "*");
  manifest::Manifest man;
  man.mirrors = {m};
  state::Snapshot s;
  for (const char* name : {"zeta", "alpha"}) {
    state::MirrorObservation o;
    o.source = repo(ref(Hub::hf, "org", name), {hf_lfs("w.bin", 1, 'a')});
    o.target = missing_repo(ref(Hub::ms, "acme", name));
    s.observations.push_back(o);
  }
  PlanResult r = make_plan(man, s, test_options());
  ASSERT_EQ(r.plan.mirrors.size(), 2u);
  EXPECT_EQ(r.plan.mirrors[0].target.to_string(), "ms:acme/alpha");
  EXPECT_EQ(r.plan.mirrors[1].target.to_string(), "ms:acme/zeta");
  EXPECT_EQ(r.plan.mirrors[1].source.to_string(), "hf:org/zeta");
  EXPECT_EQ(r.plan.totals.mirrors_to_create, 2u);
}

TEST(Planner, WildcardMatchingNothingWarns) {
  manifest::Mirror m = hf_to_ms();
  m.source = ref(Hub::hf, "org", "*");
  m.target = ref(Hub::ms, "acme", "*");
  PlanResult r = plan_one(m, state::Snapshot{});
  EXPECT_TRUE(r.plan.mirrors.empty());
  EXPECT_EQ(render(r.diagnostics),
            "hf2ms.toml:7:1: warning: mirror ms:acme/*: hf:org/* matched no repositories\n");
}

TEST(Planner, SelectsMirrorsByTargetGlobAndExclude) {
  PlanOptions o = test_options();
  o.selection.targets = {"ms:acme/*"};
  o.selection.excludes = {"ms:acme/tiny-*", "ms:acme/demo-space"};
  PlanResult r = make_plan(example_manifest(), example_snapshot(), o);
  ASSERT_EQ(r.plan.mirrors.size(), 1u);
  EXPECT_EQ(r.plan.mirrors[0].target.to_string(), "ms:acme/Qwen2.5-0.5B-Instruct");
  EXPECT_TRUE(is_selected("hf:acme/x", {}));
  EXPECT_FALSE(is_selected("hf:acme/x", {{"ms:**"}, {}}));
}

TEST(PlannerSelection, AGlobWithoutHubIsRefusedWithADidYouMean) {
  const manifest::Manifest m = example_manifest();
  EXPECT_EQ(selection_problems(m, {{"acme/Qwen2.5-0.5B-Instruct", "Qwen*", "ms:acme/*", "*/x"},
                                   {"acme/corom-english-base"}}),
            (std::vector<std::string>{
                "--target `acme/Qwen2.5-0.5B-Instruct` names no hub, so it matches no target "
                "(targets are written hub:namespace/name); did you mean "
                "`ms:acme/Qwen2.5-0.5B-Instruct`?",
                "--exclude `acme/corom-english-base` names no hub, so it matches no target "
                "(targets are written hub:namespace/name); did you mean "
                "`hf:acme/corom-english-base`?"}));
  // Matching nothing on either hub: both hubs the manifest writes to are offered.
  EXPECT_EQ(selection_problems(m, {{"nobody/x"}, {}}).at(0),
            "--target `nobody/x` names no hub, so it matches no target (targets are written "
            "hub:namespace/name); did you mean `hf:nobody/x` or `ms:nobody/x`?");
}

TEST(PlannerSelection, SelectorsThatMatchNothingAreNamed) {
  PlanOptions o = test_options();
  o.selection = {{"ms:acme/*", "nomatch"}, {}};
  PlanResult r = make_plan(example_manifest(), example_snapshot(), o);
  EXPECT_EQ(unmatched_selectors(r.plan, o.selection),
            (std::vector<std::string>{"--target `nomatch` matched no mirror of the manifest"}));
  o.selection = {{}, {"*"}};
  r = make_plan(example_manifest(), example_snapshot(), o);
  EXPECT_EQ(unmatched_selectors(r.plan, o.selection),
            (std::vector<std::string>{"--exclude left no mirror to plan"}));
  o.selection = {};
  r = make_plan(example_manifest(), example_snapshot(), o);
  EXPECT_TRUE(unmatched_selectors(r.plan, o.selection).empty());
}

TEST(Planner, RewritesReadmeLicenseForHfTargets) {
  manifest::Mirror m = ms_to_hf();
  state::Snapshot s = one(m, {ms_file("README.md", k_ms_readme.size(), 'd')}, {});
  s.observations[0].target = missing_repo(m.target);
  s.observations[0].source_texts["README.md"] = std::string(k_ms_readme);
  PlanResult r = plan_one(m, s);
  const plan::Step& step = r.plan.mirrors.at(0).steps.at(0);
  std::string expected = "---\nlicense: other\ntasks:\n- sentence-embedding\n---\n# corom\n";
  EXPECT_EQ(step.content, expected);
  EXPECT_EQ(step.size, expected.size());
  EXPECT_EQ(step.sha256, fake_sha256(expected).hex);
  EXPECT_EQ(step.transport, plan::Transport::embedded);
  EXPECT_EQ(step.transform, "hf-readme-license");
  EXPECT_EQ(step.source_git_oid, std::nullopt);
  // The reason says what the rewrite changes, so every view shows it to the reviewer.
  EXPECT_EQ(step.reason,
            "missing on target; README license rewritten for Hugging Face: "
            "\"Apache License 2.0\" → \"other\"");
}

TEST(ReadmeRewrite, LicenseTextIsTheValueAsWritten) {
  EXPECT_EQ(readme_license_text("---\nlicense: 'Apache License 2.0' # x\n---\n"),
            "Apache License 2.0");
  EXPECT_EQ(readme_license_text("---\nlicense:\n  - mit\n  - Custom\ntags: []\n---\n"),
            "mit, Custom");
  EXPECT_EQ(readme_license_text("# no front matter\nlicense: mit\n"), "");
}

TEST(Planner, ReadmeWithoutObservedContentRefusesHfMirror) {
  manifest::Mirror m = ms_to_hf();
  PlanResult r = plan_one(m, one(m, {ms_file("README.md", 9, 'd')}, {}));
  EXPECT_EQ(r.plan.mirrors.at(0).action, plan::MirrorAction::error);
  EXPECT_EQ(r.plan.mirrors.at(0).reason,
            "README.md content was not observed; cannot decide its rewrite for Hugging Face");
}

// Issue #17: a converged README costs no download; a remembered digest decides only "equal".
TEST(Planner, RememberedReadmeDigestKeepsOnlyTheSameTargetBytes) {
  manifest::Mirror m = ms_to_hf();
  state::Snapshot s = one(m, {ms_file("README.md", 9, 'd')}, {hf_small("README.md", 12, '7')});
  s.sha256_by_oid[oid('7')] = sha('e');
  s.observations[0].source_text_digests["README.md"] = {sha('e'), {12}};
  PlanResult keep = plan_one(m, s);
  EXPECT_EQ(keep.plan.mirrors.at(0).action, plan::MirrorAction::keep);
  EXPECT_EQ(describe(keep.plan.mirrors.at(0)),
            (std::vector<std::string>{"= README.md (sha256 matches)"}));
  s.sha256_by_oid[oid('7')] = sha('f');  // the target README changed: the digest cannot copy
  PlanResult changed = plan_one(m, s);
  EXPECT_EQ(changed.plan.mirrors.at(0).action, plan::MirrorAction::error);
}

TEST(Planner, ReadmeToModelScopeIsCopiedAsIs) {
  manifest::Mirror m = hf_to_ms();
  PlanResult r = plan_one(m, one(m, {hf_lfs("README.md", 9, 'd')}, {ms_file("README.md", 9, 'd')}));
  EXPECT_EQ(describe(r.plan.mirrors.at(0)),
            (std::vector<std::string>{"= README.md (sha256 matches)"}));
}

TEST(Planner, PlansTheDesignExample) {
  PlanResult r = make_plan(example_manifest(), example_snapshot(), test_options());
  EXPECT_TRUE(r.diagnostics.empty()) << render(r.diagnostics);
  ASSERT_EQ(r.plan.mirrors.size(), 4u);
  EXPECT_EQ(describe(r.plan.mirrors[0]),
            (std::vector<std::string>{"+ config.json (missing on target)",
                                      "+ model.safetensors (missing on target)"}));
  EXPECT_EQ(
      describe(r.plan.mirrors[1]),
      (std::vector<std::string>{"= README.md (sha256 matches)", "= config.json (sha256 matches)",
                                "- old_tokenizer.json (not in source (prune))",
                                "~ pytorch_model.bin (sha256 differs)"}));
  EXPECT_EQ(r.plan.mirrors[2].action, plan::MirrorAction::keep);
  EXPECT_EQ(r.plan.mirrors[3].action, plan::MirrorAction::skip);
  EXPECT_EQ(r.plan.totals.files_to_copy, 3u);
  EXPECT_EQ(r.plan.totals.files_to_delete, 1u);
  EXPECT_EQ(r.plan.mirrors[0].steps[0].sha256, sha('c').hex);  // from sha256_by_oid
}

TEST(Planner, SameInputsGiveByteIdenticalJson) {
  state::Snapshot shuffled = example_snapshot();
  std::reverse(shuffled.observations.begin(), shuffled.observations.end());
  std::string a =
      plan::to_json(make_plan(example_manifest(), example_snapshot(), test_options()).plan);
  std::string b =
      plan::to_json(make_plan(example_manifest(), example_snapshot(), test_options()).plan);
  std::string c = plan::to_json(make_plan(example_manifest(), shuffled, test_options()).plan);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
}

}  // namespace
}  // namespace hf2ms::planner
