// check_plan (plan_check.hpp): each test takes a plan made honestly from a manifest, edits it
// the way a pull request author who controls the saved plan could, and expects apply to refuse.
#include "planner/plan_check.hpp"

#include "unit/planner/fixtures.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace hf2ms::planner {
namespace {

using manifest::Hub;
using namespace hf2ms::test;

const manifest::Endpoints k_endpoints{"https://huggingface.co", "https://www.modelscope.cn"};

struct Made {
  manifest::Manifest manifest;
  plan::Plan plan;
};

// ms:org/model → hf:acme/model (so the README rewrite applies), prune on, one file of each kind.
Made honest_plan() {
  manifest::Mirror m;
  m.source = ref(Hub::ms, "org", "model");
  m.target = ref(Hub::hf, "acme", "model");
  m.prune = manifest::Prune::yes;
  m.exclude = {"*.secret"};
  Made made;
  made.manifest.mirrors = {m};
  state::MirrorObservation o;
  o.source = repo(m.source, {ms_file("a.bin", 10, 'a', state::Lfs::yes), ms_file("b.txt", 2, 'b'),
                             ms_file("c.txt", 2, 'c'), ms_file("README.md", 40, 'r')});
  o.source_texts["README.md"] = "---\nlicense: Apache License 2.0\n---\n# model\n";
  o.target = repo(m.target, {hf_lfs("a.bin", 10, 'a'), hf_small("old.txt", 3, '3')});
  state::Snapshot s;
  s.observations.push_back(o);
  PlanOptions po = test_options();
  po.endpoints = k_endpoints;
  PlanResult r = make_plan(made.manifest, s, po);
  EXPECT_FALSE(r.diagnostics.has_errors()) << render(r.diagnostics);
  made.plan = r.plan;
  return made;
}

PlanCheckOptions options_for(const plan::Plan& p) {
  return {p.manifest_digest, k_endpoints, fake_sha256};
}

std::string refusals(const Made& made, const std::function<void(plan::Plan&)>& edit) {
  plan::Plan p = made.plan;
  PlanCheckOptions o = options_for(p);
  edit(p);
  return render(check_plan(p, made.manifest, o));
}

plan::Step& step(plan::Plan& p, const std::string& path) {
  for (plan::Step& s : p.mirrors[0].steps) {
    if (s.path == path) {
      return s;
    }
  }
  ADD_FAILURE() << "no step " << path;
  return p.mirrors[0].steps[0];
}

TEST(PlanCheck, AcceptsThePlanTheManifestMade) {
  const Made made = honest_plan();
  ASSERT_EQ(made.plan.mirrors.size(), 1u);
  EXPECT_EQ(made.plan.mirrors[0].action, plan::MirrorAction::update);
  EXPECT_EQ(refusals(made, [](plan::Plan&) {}), "");
}

TEST(PlanCheck, RefusesAPlanOfAnotherManifest) {
  const Made made = honest_plan();
  plan::Plan p = made.plan;
  PlanCheckOptions o = options_for(p);
  o.manifest_digest = std::string(32, 'f');
  EXPECT_NE(render(check_plan(p, made.manifest, o)).find("made from another manifest"),
            std::string::npos);
}

TEST(PlanCheck, RefusesOtherEndpointsThanThePlans) {
  const Made made = honest_plan();
  const std::string out =
      refusals(made, [](plan::Plan& p) { p.endpoints.hf = "https://collector.evil.example"; });
  EXPECT_NE(out.find("the plan was made against hf https://collector.evil.example"),
            std::string::npos)
      << out;
}

TEST(PlanCheck, RefusesAnotherTargetOrSource) {
  const Made made = honest_plan();
  EXPECT_NE(refusals(made, [](plan::Plan& p) { p.mirrors[0].target.ns = "victim"; })
                .find("target is not the manifest's hf:acme/model"),
            std::string::npos);
  EXPECT_NE(refusals(made, [](plan::Plan& p) { p.mirrors[0].target.hub = Hub::ms; })
                .find("target is not"),
            std::string::npos);
  EXPECT_NE(refusals(made, [](plan::Plan& p) { p.mirrors[0].source.name = "other"; })
                .find("source ms:org/other is not the manifest's ms:org/model"),
            std::string::npos);
  EXPECT_NE(
      refusals(made, [](plan::Plan& p) { p.mirrors[0].target_type = manifest::RepoType::space; })
          .find("repo types model → space"),
      std::string::npos);
  EXPECT_NE(refusals(made, [](plan::Plan& p) { p.mirrors[0].mirror_index = 3; })
                .find("names [[mirror]] 4, but the manifest has 1"),
            std::string::npos);
}

TEST(PlanCheck, RefusesAnotherBranch) {
  const Made made = honest_plan();
  EXPECT_NE(refusals(made, [](plan::Plan& p) { p.mirrors[0].target_branch = "release"; })
                .find("commits to branch 'release', not 'main'"),
            std::string::npos);
}

TEST(PlanCheck, RefusesStepsOutsideTheFilter) {
  const Made made = honest_plan();
  const std::string out = refusals(made, [](plan::Plan& p) {
    plan::Step s = step(p, "b.txt");
    s.path = "keys.secret";
    s.action = plan::Action::create;
    p.mirrors[0].steps.push_back(s);
  });
  EXPECT_NE(out.find("keys.secret: outside the mirror's include/exclude filter"), std::string::npos)
      << out;
}

TEST(PlanCheck, RefusesDeletionsTheManifestDoesNotAllow) {
  Made made = honest_plan();
  made.manifest.mirrors[0].prune = manifest::Prune::no;
  EXPECT_NE(refusals(made, [](plan::Plan&) {})
                .find("deletes 1 files, but the manifest does not prune this mirror"),
            std::string::npos);
  made = honest_plan();
  made.manifest.mirrors[0].max_delete = 0;
  EXPECT_NE(refusals(made, [](plan::Plan&) {}).find("more than max_delete = 0"), std::string::npos);
  made = honest_plan();
  made.manifest.max_delete_total = 0;
  EXPECT_NE(refusals(made, [](plan::Plan&) {}).find("more than max_delete_total = 0"),
            std::string::npos);
  made = honest_plan();
  const std::string everything = refusals(made, [](plan::Plan& p) {
    for (plan::Step& s : p.mirrors[0].steps) {
      s.action = plan::Action::remove;
      s.transport = plan::Transport::stream;
      s.content.reset();
      s.transform.reset();
    }
  });
  EXPECT_NE(everything.find("although the source selects none"), std::string::npos) << everything;
  const std::string most = refusals(made, [](plan::Plan& p) {
    plan::Step extra = step(p, "old.txt");
    for (char c = '1'; c < '7'; ++c) {
      extra.path = std::string("z") + c;
      p.mirrors[0].steps.push_back(extra);
    }
  });
  EXPECT_NE(most.find("deletes 7 of 8 target files, more than max_delete_percent = 50%"),
            std::string::npos)
      << most;
}

TEST(PlanCheck, EmbeddedContentOnlyForTheReadmeRewriteWithItsSha256) {
  const Made made = honest_plan();
  ASSERT_TRUE(made.plan.mirrors[0].steps[0].content.has_value());  // README.md, rewritten
  EXPECT_NE(refusals(made, [](plan::Plan& p) { *step(p, "README.md").content += "evil"; })
                .find("README.md: the embedded content does not match its sha256 and size"),
            std::string::npos);
  const std::string moved = refusals(made, [](plan::Plan& p) {
    plan::Step& s = step(p, "b.txt");
    s.transport = plan::Transport::embedded;
    s.content = "#!/bin/sh\n";
    s.transform = "hf-readme-license";
    s.size = s.content->size();
    s.sha256 = fake_sha256(*s.content).hex;
  });
  EXPECT_NE(moved.find("b.txt: embedded content is allowed only for the Hugging Face README"),
            std::string::npos)
      << moved;
}

TEST(PlanCheck, VisibilityIsForCreatingOnly) {
  const Made made = honest_plan();
  EXPECT_NE(refusals(made,
                     [](plan::Plan& p) {
                       p.mirrors[0].create_visibility = manifest::Visibility::public_;
                     })
                .find("create_visibility on a mirror that does not create its target"),
            std::string::npos);
  Made forced = honest_plan();
  forced.manifest.mirrors[0].visibility = manifest::Visibility::private_;
  EXPECT_NE(refusals(forced,
                     [](plan::Plan& p) {
                       p.mirrors[0].action = plan::MirrorAction::create;
                       p.mirrors[0].target_head.reset();
                       p.mirrors[0].create_visibility = manifest::Visibility::public_;
                     })
                .find("creates the target public, but the manifest says private"),
            std::string::npos);
}

TEST(PlanCheck, WildcardMirrorsStayInTheirNamespaces) {
  Made made = honest_plan();
  made.manifest.mirrors[0].source.name = "*";
  made.manifest.mirrors[0].target.name = "*";
  EXPECT_EQ(refusals(made, [](plan::Plan&) {}), "");
  EXPECT_NE(refusals(made, [](plan::Plan& p) { p.mirrors[0].target.ns = "elsewhere"; })
                .find("target is not the manifest's hf:acme/* with the source's name"),
            std::string::npos);
  EXPECT_NE(refusals(made, [](plan::Plan& p) { p.mirrors[0].target.name = "renamed"; })
                .find("target is not"),
            std::string::npos);
}

TEST(PlanCheck, RefusesTwoMirrorsWritingOneTarget) {
  const Made made = honest_plan();
  const std::string out = refusals(made, [](plan::Plan& p) { p.mirrors.push_back(p.mirrors[0]); });
  EXPECT_NE(out.find("the same target as plan mirror 0"), std::string::npos) << out;
}

// An up-to-date HF target keeps the rewritten README as an embedded keep step.
TEST(PlanCheck, KeepMirrorWithTheRewrittenReadmeIsAccepted) {
  const Made made = honest_plan();
  EXPECT_EQ(refusals(made,
                     [](plan::Plan& p) {
                       p.mirrors[0].action = plan::MirrorAction::keep;
                       std::erase_if(p.mirrors[0].steps, [](const plan::Step& s) {
                         return s.action == plan::Action::remove;
                       });
                       for (plan::Step& s : p.mirrors[0].steps) {
                         s.action = plan::Action::keep;
                       }
                     }),
            "");
}

TEST(PlanCheck, SkippedMirrorsCarryNoChanges) {
  const Made made = honest_plan();
  EXPECT_NE(refusals(made, [](plan::Plan& p) { p.mirrors[0].action = plan::MirrorAction::skip; })
                .find("a skip mirror with changes"),
            std::string::npos);
}

}  // namespace
}  // namespace hf2ms::planner
