#include "cli/views/plan_view.hpp"
#include "planner/planner.hpp"
#include "unit/cli/golden.hpp"
#include "unit/planner/fixtures.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hf2ms::cli::views {
namespace {

plan::Plan example_plan() {
  return planner::make_plan(test::example_manifest(), test::example_snapshot(),
                            test::test_options())
      .plan;
}

// A plan with nothing to do, a failed mirror and a skipped one.
plan::Plan quiet_plan() {
  plan::Plan p = example_plan();
  p.mirrors.erase(p.mirrors.begin(), p.mirrors.begin() + 2);
  plan::MirrorPlan failed;
  failed.source = test::ref(manifest::Hub::hf, "meta", "gated");
  failed.target = test::ref(manifest::Hub::ms, "acme", "gated");
  failed.target_branch = "master";
  failed.action = plan::MirrorAction::error;
  failed.reason = "hf:meta/gated is gated and the token's user has not accepted its terms";
  p.mirrors.push_back(failed);
  p.totals = plan::compute_totals(p.mirrors);
  return p;
}

// Compares `actual` with tests/testdata/golden/`name`; HF2MS_UPDATE_GOLDEN=1 rewrites it.
using testing::expect_golden;

TEST(PlanView, HumanViewMatchesGolden) {
  expect_golden("plan_human.txt", render_plan(example_plan(), {ViewKind::human, Colour::off}));
}

TEST(PlanView, HumanViewWithColourMatchesGolden) {
  expect_golden("plan_human_colour.txt",
                render_plan(example_plan(), {ViewKind::human, Colour::on}));
}

TEST(PlanView, HumanViewWithoutChangesMatchesGolden) {
  expect_golden("plan_human_no_changes.txt", render_plan(quiet_plan(), {}));
}

TEST(PlanView, MarkdownViewMatchesGolden) {
  expect_golden("plan_markdown.md", render_plan(example_plan(), {ViewKind::markdown}));
}

TEST(PlanView, JsonViewMatchesGolden) {
  expect_golden("plan.json", render_plan(example_plan(), {ViewKind::json}));
  expect_golden("plan_no_changes.json", render_plan(quiet_plan(), {ViewKind::json}));
}

TEST(PlanView, SummaryLineMatchesTheDesign) {
  EXPECT_EQ(render_summary(example_plan()),
            "Plan: 1 to create, 1 to update, 1 unchanged, 1 skipped. 3 files (1.4 GB) to copy, 1 "
            "to delete.");
  EXPECT_EQ(render_summary(quiet_plan()),
            "Plan: 0 to create, 0 to update, 1 unchanged, 1 skipped, 1 failed. 0 files (0 B) to "
            "copy, 0 to delete.");
}

TEST(PlanView, FormatsBytesInDecimalUnits) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(659), "659 B");
  EXPECT_EQ(format_bytes(999), "999 B");
  EXPECT_EQ(format_bytes(1000), "1.0 kB");
  EXPECT_EQ(format_bytes(988'097'824), "988.1 MB");
  EXPECT_EQ(format_bytes(999'960), "1.0 MB");
  EXPECT_EQ(format_bytes(12'400'000'000), "12.4 GB");
}

plan::MirrorPlan failed_mirror(const std::string& name) {
  plan::MirrorPlan m;
  m.source = test::ref(manifest::Hub::hf, "acme", name);
  m.target = test::ref(manifest::Hub::ms, "acme", name);
  m.action = plan::MirrorAction::error;
  m.reason = "cannot read source hf:acme/" + name;
  return m;
}

// Never "No changes" alone when mirrors failed, in the human and the Markdown view alike
// (the JSON has totals.mirrors_failed).
TEST(PlanView, HeadlineSaysHowManyMirrorsFailed) {
  plan::Plan all_failed;
  all_failed.mirrors = {failed_mirror("a"), failed_mirror("b"), failed_mirror("c")};
  all_failed.totals = plan::compute_totals(all_failed.mirrors);
  EXPECT_EQ(render_headline(all_failed), "No plan: all 3 mirrors failed (see the errors below).");
  const std::string human = render_plan(all_failed, {});
  EXPECT_EQ(human.rfind("No plan: all 3 mirrors failed (see the errors below).\n\n", 0), 0U)
      << human;
  EXPECT_EQ(human.find("No changes"), std::string::npos) << human;
  const std::string md = render_plan(all_failed, {ViewKind::markdown});
  EXPECT_NE(md.find("No plan: all 3 mirrors failed"), std::string::npos) << md;
  EXPECT_EQ(md.find("No changes"), std::string::npos) << md;

  plan::Plan one_failed;
  one_failed.mirrors = {failed_mirror("a")};
  one_failed.totals = plan::compute_totals(one_failed.mirrors);
  EXPECT_EQ(render_headline(one_failed), "No plan: the mirror failed (see the error below).");

  plan::Plan changes = example_plan();
  changes.mirrors.push_back(failed_mirror("z"));
  changes.totals = plan::compute_totals(changes.mirrors);
  EXPECT_EQ(render_headline(changes),
            "hf2ms would perform the following actions, but 1 mirror failed (see below); "
            "nothing can be applied until it is fixed:");
  EXPECT_EQ(render_headline(quiet_plan()),
            "No changes in the mirrors that could be planned, but 1 mirror failed (see below).");
  EXPECT_EQ(render_headline(example_plan()), "hf2ms will perform the following actions:");
}

// The README licence rewrite is what a reviewer approves: both views say before → after.
TEST(PlanView, ReadmeRewriteShowsTheLicenceChangeInEveryView) {
  plan::Plan p;
  plan::MirrorPlan m;
  m.source = test::ref(manifest::Hub::ms, "damo", "corom");
  m.target = test::ref(manifest::Hub::hf, "acme", "corom");
  m.action = plan::MirrorAction::create;
  m.create_visibility = manifest::Visibility::public_;
  plan::Step readme;
  readme.path = "README.md";
  readme.action = plan::Action::create;
  readme.size = 60;
  readme.transport = plan::Transport::embedded;
  readme.transform = "hf-readme-license";
  readme.content = "---\nlicense: other\n---\n";
  readme.reason =
      "missing on target; README license rewritten for Hugging Face: \"Apache License 2.0\" → "
      "\"other\"";
  plan::Step config;
  config.path = "config.json";
  config.action = plan::Action::create;
  config.size = 10;
  config.reason = "missing on target";
  m.steps = {readme, config};
  p.mirrors = {m};
  p.totals = plan::compute_totals(p.mirrors);
  const std::string human = render_plan(p, {});
  EXPECT_NE(human.find("      + README.md                    60 B   missing on target; README "
                       "license rewritten for Hugging Face: \"Apache License 2.0\" → \"other\"\n"
                       "      + config.json                  10 B\n"),
            std::string::npos)
      << human;
  const std::string md = render_plan(p, {ViewKind::markdown});
  // Markdown escapes what the hub wrote; GitHub renders &quot; as a quote.
  EXPECT_NE(md.find("&quot;Apache License 2.0&quot; → &quot;other&quot;"), std::string::npos) << md;
}

TEST(PlanView, ServerSideCopiesAreMarkedInTheHumanAndMarkdownViews) {
  plan::Plan p;
  plan::MirrorPlan m;
  m.source = test::ref(manifest::Hub::hf, "acme", "xet-src");
  m.target = test::ref(manifest::Hub::hf, "acme", "xet-dst");
  m.action = plan::MirrorAction::create;
  m.create_visibility = manifest::Visibility::public_;
  plan::Step weights;
  weights.path = "model.safetensors";
  weights.action = plan::Action::create;
  weights.size = 3000;
  weights.sha256 = std::string(64, 'a');
  weights.source_lfs = true;
  weights.transport = plan::Transport::lfs;
  weights.source_xet_hash = std::string(64, 'b');
  weights.reason = "missing on target";
  plan::Step config = weights;
  config.path = "config.json";
  config.transport = plan::Transport::stream;
  config.source_xet_hash.reset();
  m.steps = {config, weights};
  p.mirrors = {m};
  p.totals = plan::compute_totals(p.mirrors);
  const std::string human = render_plan(p, {});
  const auto line_of = [&](const std::string& path) {
    const auto at = human.find("+ " + path);
    return at == std::string::npos ? std::string() : human.substr(at, human.find('\n', at) - at);
  };
  EXPECT_TRUE(line_of("model.safetensors").ends_with("3.0 kB   copy (server-side)")) << human;
  EXPECT_TRUE(line_of("config.json").ends_with("3.0 kB")) << human;
  const std::string md = render_plan(p, {ViewKind::markdown});
  EXPECT_NE(md.find("missing on target; copy (server-side) |"), std::string::npos) << md;
}

TEST(PlanView, HumanViewListsChangedFilesUnderTheirMirror) {
  std::string text = render_plan(example_plan(), {});
  EXPECT_NE(text.find("  + ms:acme/Qwen2.5-0.5B-Instruct (model)  create, public   from "
                      "hf:Qwen/Qwen2.5-0.5B-Instruct@7ae5573\n"
                      "      + config.json                 659 B\n"
                      "      + model.safetensors        988.1 MB\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace hf2ms::cli::views
