// The planner's ref plans (manifest `refs`): own lines after the mirror's plan, a tag commit
// and its restore when the tag's tree differs from the default branch's, an up-to-date tag, a
// moved tag refused unless retag (Hugging Face only), branches created on HF and skipped on
// ModelScope; and plan_check accepts what the planner makes and refuses what refs do not allow.
#include "plan/plan_json.hpp"
#include "planner/plan_check.hpp"
#include "planner/planner.hpp"
#include "unit/planner/fixtures.hpp"

#include <gtest/gtest.h>

namespace hf2ms::planner {
namespace {

using manifest::Hub;
using plan::MirrorAction;
using plan::RefOp;
using state::RefKind;
using state::RemoteFile;
using namespace hf2ms::test;

manifest::Mirror mirror(Hub from, Hub to) {
  manifest::Mirror m;
  m.source = ref(from, "org", "model");
  m.target = ref(to, "acme", "model");
  m.exclude = {".gitattributes"};
  m.refs = {"v*", "dev"};
  m.location = {"hf2ms.toml", 7, 1};
  return m;
}

state::MirrorObservation main_obs(const manifest::Mirror& m, std::vector<RemoteFile> src,
                                  std::vector<RemoteFile> dst) {
  state::MirrorObservation o;
  o.source = repo(m.source, std::move(src), std::string(40, 'a'));
  o.target = repo(m.target, std::move(dst), std::string(40, 'b'));
  return o;
}

// A ref observation: the source at the ref; the target at it when `on_target`, else the
// target's default branch as the mirror's own observation saw it.
state::MirrorObservation ref_obs(const state::MirrorObservation& main, RefKind kind,
                                 std::string name, std::vector<RemoteFile> src,
                                 std::optional<std::vector<RemoteFile>> at_target) {
  state::MirrorObservation o;
  o.ref = state::RefObservation{kind, std::move(name), at_target.has_value()};
  o.source = repo(main.source.ref, std::move(src), std::string(40, 'c'));
  o.target = at_target ? repo(main.target.ref, *at_target, std::string(40, 'd')) : main.target;
  return o;
}

PlanResult plan_all(const manifest::Mirror& m, std::vector<state::MirrorObservation> obs) {
  manifest::Manifest man;
  man.mirrors = {m};
  state::Snapshot s;
  s.observations = std::move(obs);
  return make_plan(man, s, test_options());
}

// "<symbol> <ref label> <op>: <steps>" per plan, the mirror's own plan as "mirror".
std::vector<std::string> lines(const plan::Plan& p) {
  std::vector<std::string> out;
  for (const auto& m : p.mirrors) {
    std::string line(1, plan::symbol(m.action));
    line += m.ref ? " " + std::string(plan::to_string(m.ref->kind)) + " " + m.ref->name + " " +
                        std::string(plan::to_string(m.ref->op))
                  : " mirror";
    line += " @" + m.target_branch + ":";
    for (const auto& s : m.steps) {
      if (s.action != plan::Action::keep) {
        line += " " + std::string(1, plan::symbol(s.action)) + s.path;
      }
    }
    out.push_back(line);
  }
  return out;
}

void expect_plan_checks(const manifest::Mirror& m, const plan::Plan& p) {
  manifest::Manifest man;
  man.mirrors = {m};
  PlanCheckOptions o;
  o.manifest_digest = p.manifest_digest;
  o.endpoints = p.endpoints;
  o.sha256 = fake_sha256;
  const Diagnostics d = check_plan(p, man, o);
  EXPECT_FALSE(d.has_errors()) << render(d);
}

TEST(RefPlans, NewTagWithAnotherTreeIsACommitATagAndARestore) {
  const manifest::Mirror m = mirror(Hub::ms, Hub::hf);
  const auto main = main_obs(m, {ms_file("a.bin", 5, '1'), ms_file("b.bin", 5, '2')},
                             {ms_file("a.bin", 5, '1'), ms_file("b.bin", 5, '2')});
  const auto tag = ref_obs(main, RefKind::tag, "v1.0",
                           {ms_file("a.bin", 4, '3'), ms_file("c.bin", 5, '4')}, std::nullopt);
  const PlanResult r = plan_all(m, {main, tag});
  EXPECT_FALSE(r.diagnostics.has_errors()) << render(r.diagnostics);
  EXPECT_EQ(lines(r.plan), (std::vector<std::string>{
                               "= mirror @main:",
                               "~ tag v1.0 create @main: ~a.bin -b.bin +c.bin",
                               "~ tag v1.0 restore @main: ~a.bin +b.bin -c.bin",
                           }));
  const plan::MirrorPlan& fwd = r.plan.mirrors[1];
  EXPECT_EQ(fwd.source_revision, "v1.0");
  EXPECT_EQ(fwd.source_commit, std::string(40, 'c'));
  EXPECT_EQ(fwd.target_head, std::string(40, 'b'));
  const plan::MirrorPlan& back = r.plan.mirrors[2];
  EXPECT_EQ(back.source_revision, "master");
  EXPECT_EQ(back.source_commit, std::string(40, 'a'));
  EXPECT_TRUE(plan::has_changes(r.plan));
  expect_plan_checks(m, r.plan);
  // The JSON carries the ref and reads back equal.
  auto back_again = plan::from_json(plan::to_json(r.plan), "p.json");
  ASSERT_TRUE(back_again) << render(back_again.error());
  EXPECT_EQ(*back_again, r.plan);
}

TEST(RefPlans, NewTagOfTheDefaultBranchTreeTagsWithoutCommitting) {
  const manifest::Mirror m = mirror(Hub::hf, Hub::ms);
  const auto main = main_obs(m, {hf_lfs("w.bin", 9, '1')}, {});
  const auto tag = ref_obs(main, RefKind::tag, "v2", {hf_lfs("w.bin", 9, '1')}, std::nullopt);
  const PlanResult r = plan_all(m, {main, tag});
  EXPECT_EQ(lines(r.plan),
            (std::vector<std::string>{"~ mirror @master: +w.bin", "~ tag v2 create @master:"}));
  expect_plan_checks(m, r.plan);
}

TEST(RefPlans, MirroredTagIsUpToDateAndAMovedOneIsRefused) {
  manifest::Mirror m = mirror(Hub::hf, Hub::ms);
  const auto main = main_obs(m, {hf_lfs("w.bin", 9, '1')}, {ms_file("w.bin", 9, '1')});
  const auto same = ref_obs(main, RefKind::tag, "v1", {hf_lfs("w.bin", 9, '2')},
                            std::vector<RemoteFile>{ms_file("w.bin", 9, '2')});
  const auto moved = ref_obs(main, RefKind::tag, "v2", {hf_lfs("w.bin", 9, '3')},
                             std::vector<RemoteFile>{ms_file("w.bin", 9, '4')});
  PlanResult r = plan_all(m, {main, same, moved});
  EXPECT_EQ(lines(r.plan), (std::vector<std::string>{"= mirror @master:", "= tag v1 keep @master:",
                                                     "x tag v2 keep @master:"}));
  EXPECT_NE(r.plan.mirrors[2].reason.find("the source tag moved"), std::string::npos);
  EXPECT_NE(render(r.diagnostics).find("retag = true"), std::string::npos);
  EXPECT_FALSE(plan::has_changes(r.plan));
  // retag cannot help on ModelScope: it has no call to delete a tag.
  m.retag = true;
  r = plan_all(m, {main, same, moved});
  EXPECT_NE(r.plan.mirrors[2].reason.find("no API to delete a tag"), std::string::npos);
}

TEST(RefPlans, RetagOnHuggingFaceReplacesTheTag) {
  manifest::Mirror m = mirror(Hub::ms, Hub::hf);
  m.retag = true;
  const auto main = main_obs(m, {ms_file("w.bin", 9, '1')}, {ms_file("w.bin", 9, '1')});
  const auto moved = ref_obs(main, RefKind::tag, "v2", {ms_file("w.bin", 9, '3')},
                             std::vector<RemoteFile>{ms_file("w.bin", 9, '4')});
  const PlanResult r = plan_all(m, {main, moved});
  EXPECT_EQ(lines(r.plan),
            (std::vector<std::string>{"= mirror @main:", "~ tag v2 replace @main: ~w.bin",
                                      "~ tag v2 restore @main: ~w.bin"}));
  expect_plan_checks(m, r.plan);
}

TEST(RefPlans, BranchesAreCreatedOnHuggingFaceAndSkippedOnModelScope) {
  const manifest::Mirror to_hf = mirror(Hub::ms, Hub::hf);
  const auto main = main_obs(to_hf, {ms_file("a", 1, '1')}, {ms_file("a", 1, '1')});
  const auto dev = ref_obs(main, RefKind::branch, "dev", {ms_file("a", 1, '2')}, std::nullopt);
  const PlanResult hf = plan_all(to_hf, {main, dev});
  EXPECT_EQ(lines(hf.plan),
            (std::vector<std::string>{"= mirror @main:", "~ branch dev create @dev: ~a"}));
  EXPECT_EQ(hf.plan.mirrors[1].ref->start_point, std::string(40, 'b'));
  expect_plan_checks(to_hf, hf.plan);

  const manifest::Mirror to_ms = mirror(Hub::hf, Hub::ms);
  const auto ms_main = main_obs(to_ms, {hf_lfs("a", 1, '1')}, {ms_file("a", 1, '1')});
  const auto ms_dev = ref_obs(ms_main, RefKind::branch, "dev", {hf_lfs("a", 1, '2')}, std::nullopt);
  const PlanResult ms = plan_all(to_ms, {ms_main, ms_dev});
  EXPECT_EQ(ms.plan.mirrors[1].action, MirrorAction::skip);
  EXPECT_NE(ms.plan.mirrors[1].reason.find("no API to create branches"), std::string::npos);
}

TEST(RefPlans, TagsToAModelScopeDatasetAreSkipped) {
  manifest::Mirror m = mirror(Hub::hf, Hub::ms);
  m.type = manifest::RepoType::dataset;
  m.target_type = manifest::RepoType::dataset;
  const auto main = main_obs(m, {hf_lfs("a", 1, '1')}, {ms_file("a", 1, '1')});
  const auto tag = ref_obs(main, RefKind::tag, "v1", {hf_lfs("a", 1, '1')}, std::nullopt);
  const PlanResult r = plan_all(m, {main, tag});
  ASSERT_EQ(r.plan.mirrors.size(), 2U);
  EXPECT_EQ(r.plan.mirrors[1].action, MirrorAction::skip);
  EXPECT_NE(r.plan.mirrors[1].reason.find("models only"), std::string::npos);
}

TEST(RefPlans, RefsOfAFailedMirrorAreSkipped) {
  const manifest::Mirror m = mirror(Hub::ms, Hub::hf);
  auto main = main_obs(m, {ms_file("a", 1, '1')}, {});
  main.error = "cannot read source";
  const auto tag = ref_obs(main, RefKind::tag, "v1", {ms_file("a", 1, '1')}, std::nullopt);
  const PlanResult r = plan_all(m, {main, tag});
  ASSERT_EQ(r.plan.mirrors.size(), 2u);
  EXPECT_EQ(r.plan.mirrors[1].action, MirrorAction::skip);
}

TEST(RefPlans, PlanCheckRefusesRefsTheManifestDoesNotSelect) {
  manifest::Mirror m = mirror(Hub::ms, Hub::hf);
  const auto main = main_obs(m, {ms_file("a", 1, '1')}, {ms_file("a", 1, '1')});
  const auto tag = ref_obs(main, RefKind::tag, "v1", {ms_file("a", 1, '2')}, std::nullopt);
  PlanResult r = plan_all(m, {main, tag});
  m.refs = {"stable"};
  manifest::Manifest man;
  man.mirrors = {m};
  PlanCheckOptions o;
  o.manifest_digest = r.plan.manifest_digest;
  o.endpoints = r.plan.endpoints;
  o.sha256 = fake_sha256;
  const std::string all = render(check_plan(r.plan, man, o));
  EXPECT_NE(all.find("tag 'v1' is not one the manifest's refs select"), std::string::npos) << all;
  // A tag plan that commits elsewhere than the default branch is refused too.
  m.refs = {"v*"};
  man.mirrors = {m};
  r.plan.mirrors[1].target_branch = "dev";
  EXPECT_NE(render(check_plan(r.plan, man, o)).find("commits to branch 'dev'"), std::string::npos);
}

}  // namespace
}  // namespace hf2ms::planner
