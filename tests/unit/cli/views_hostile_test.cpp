// The plan views against a hostile plan: paths and reasons written by a hub (or a PR author)
// to spoof the PR comment or the terminal: backtick runs, HTML, Markdown links, table pipes,
// bidi and zero-width characters, terminal escapes. Goldens: plan_*_hostile.*.
#include "cli/views/plan_view.hpp"
#include "cli/views/text_safety.hpp"
#include "planner/planner.hpp"
#include "unit/cli/golden.hpp"
#include "unit/planner/fixtures.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hf2ms::cli::views {
namespace {

const std::string k_fence_breaker = "evil`` ``|<img src=x onerror=alert(1)>.bin";
const std::string k_bidi = "README\u202Etxt.exe";  // shows as "READMEexe.txt"
const std::string k_zero_width = "con\u200Bfig.json";
const std::string k_escape = "a\x1b]0;pwned\x07\x1b[2Jb.txt";
const std::string k_reason = "sha256 differs [click](https://evil.example) <b>now</b> | x";

plan::Step step(std::string path, std::string reason = "missing on target") {
  plan::Step s;
  s.path = std::move(path);
  s.action = plan::Action::create;
  s.size = 10;
  s.sha256 = std::string(64, 'a');
  s.reason = std::move(reason);
  return s;
}

plan::Plan hostile_plan() {
  plan::Plan p =
      planner::make_plan(test::example_manifest(), test::example_snapshot(), test::test_options())
          .plan;
  plan::MirrorPlan& update = p.mirrors.at(1);
  update.steps.push_back(step(k_fence_breaker, k_reason));
  update.steps.push_back(step(k_bidi));
  update.steps.push_back(step(k_zero_width));
  update.steps.push_back(step(k_escape));
  p.totals = plan::compute_totals(p.mirrors);
  return p;
}

using testing::expect_golden;

TEST(PlanViewHostile, MarkdownMatchesGolden) {
  expect_golden("plan_markdown_hostile.md", render_plan(hostile_plan(), {ViewKind::markdown}));
}

TEST(PlanViewHostile, HumanMatchesGolden) {
  expect_golden("plan_human_hostile.txt", render_plan(hostile_plan(), {}));
}

TEST(PlanViewHostile, MarkdownFencesLongerThanAnyBacktickRun) {
  const std::string md = render_plan(hostile_plan(), {ViewKind::markdown});
  // The path holds a run of two backticks: the span needs three, padded because it is not
  // at either end... and its pipe is escaped for the table.
  EXPECT_NE(md.find("| ```evil`` ``\\|<img src=x onerror=alert(1)>.bin``` |"), std::string::npos)
      << md;
}

TEST(PlanViewHostile, MarkdownEscapesHtmlAndLinksInText) {
  const std::string md = render_plan(hostile_plan(), {ViewKind::markdown});
  EXPECT_EQ(md.find("<b>"), std::string::npos) << md;
  EXPECT_EQ(md.find("[click]("), std::string::npos) << md;
  EXPECT_NE(md.find("\\[click\\](https://evil.example) &lt;b&gt;now&lt;/b&gt; \\| x"),
            std::string::npos)
      << md;
}

TEST(PlanViewHostile, EveryViewFlagsAndShowsBidiAndZeroWidthPaths) {
  const plan::Plan p = hostile_plan();
  EXPECT_EQ(count_hidden_paths(p), 3U);
  for (const ViewKind kind : {ViewKind::human, ViewKind::markdown}) {
    const std::string text = render_plan(p, {kind});
    EXPECT_EQ(text.find("\u202E"), std::string::npos);
    EXPECT_EQ(text.find("\u200B"), std::string::npos);
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    EXPECT_EQ(text.find('\x07'), std::string::npos);
    EXPECT_NE(text.find("README<U+202E>txt.exe"), std::string::npos) << text;
    EXPECT_NE(text.find("con<U+200B>fig.json"), std::string::npos) << text;
    EXPECT_NE(text.find("Warning: 3 paths contain control, bidi or zero-width characters"),
              std::string::npos)
        << text;
  }
  // The machine view keeps the exact bytes: the plan itself is not changed.
  const std::string json = render_plan(p, {ViewKind::json});
  EXPECT_NE(json.find("README\u202Etxt.exe"), std::string::npos);
}

TEST(PlanViewHostile, CleanPlansCarryNoWarning) {
  const plan::Plan p =
      planner::make_plan(test::example_manifest(), test::example_snapshot(), test::test_options())
          .plan;
  EXPECT_EQ(hidden_paths_warning(p), "");
  EXPECT_EQ(render_plan(p, {}).find("Warning"), std::string::npos);
}

// One huge path must not pad every other line of the human view to its length.
TEST(PlanViewHostile, OneHugePathDoesNotWidenEveryLine) {
  plan::Plan p =
      planner::make_plan(test::example_manifest(), test::example_snapshot(), test::test_options())
          .plan;
  plan::MirrorPlan& update = p.mirrors.at(1);
  update.steps.push_back(step(std::string(100'000, 'p')));
  for (int i = 0; i < 1000; ++i) {
    update.steps.push_back(step("f" + std::to_string(i)));
  }
  p.totals = plan::compute_totals(p.mirrors);
  const std::string text = render_plan(p, {});
  EXPECT_LT(text.size(), 100'000U + 1000U * 200U);
  EXPECT_NE(text.find(std::string(100'000, 'p')), std::string::npos);
}

TEST(TextSafety, VisibleTextMarksOnlyHiddenCharacters) {
  EXPECT_EQ(visible_text("dir/模型 ü.bin"), "dir/模型 ü.bin");
  EXPECT_EQ(visible_text("a\tb\nc"), "a<U+0009>b<U+000A>c");
  EXPECT_EQ(visible_text("x\u2066y\u2069\uFEFF"), "x<U+2066>y<U+2069><U+FEFF>");
  EXPECT_EQ(visible_text("\xC2\x85"), "<U+0085>");                // C1 NEL
  EXPECT_EQ(visible_text("\xFF\xC0\xAF"), "<0xFF><0xC0><0xAF>");  // not UTF-8, overlong '/'
  EXPECT_EQ(visible_text("\xE2\x80"), "<0xE2><0x80>");            // truncated sequence
  EXPECT_TRUE(has_hidden_characters("\u200D"));
  EXPECT_FALSE(has_hidden_characters("plain/path.txt"));
}

TEST(TextSafety, CodeSpansUseALongerFence) {
  EXPECT_EQ(markdown_code("a.txt"), "`a.txt`");
  EXPECT_EQ(markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(markdown_code("```x"), "```` ```x ````");
  EXPECT_EQ(markdown_code("x` "), "`` x`  ``");
  EXPECT_EQ(markdown_code("a|b"), "`a\\|b`");
  EXPECT_EQ(markdown_code("a\\|b"), "`a\\\\\\|b`");  // the pipe stays escaped for the table
}

TEST(TextSafety, MarkdownTextEscapesHtmlAndMarkup) {
  EXPECT_EQ(markdown_text("<script>&\"x\""), "&lt;script&gt;&amp;&quot;x&quot;");
  EXPECT_EQ(markdown_text("![i](u) *b* _i_ ~s~ `c` \\"),
            "\\!\\[i\\](u) \\*b\\* \\_i\\_ \\~s\\~ \\`c\\` \\\\");
  EXPECT_EQ(html_text("<a href='x'>"), "&lt;a href=&#39;x&#39;&gt;");
}

}  // namespace
}  // namespace hf2ms::cli::views
