#include "cli/views/plan_view.hpp"
#include "planner/planner.hpp"
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
void expect_golden(const std::string& name, const std::string& actual) {
  std::string path = std::string(HF2MS_SOURCE_DIR) + "/tests/testdata/golden/" + name;
  const char* update = std::getenv("HF2MS_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (run with HF2MS_UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "golden " << name << " differs";
}

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
