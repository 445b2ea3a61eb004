#include "plan/plan_json.hpp"

#include "planner/planner.hpp"
#include "unit/planner/fixtures.hpp"

#include <gtest/gtest.h>

namespace hf2ms::plan {
namespace {

using manifest::Hub;

Plan example_plan() {
  return planner::make_plan(test::example_manifest(), test::example_snapshot(),
                            test::test_options())
      .plan;
}

// Every optional field set at least once, and an error mirror.
Plan hand_plan() {
  Plan p;
  p.hf2ms_version = "9.9.9";
  p.manifest_digest = std::string(32, 'f');
  p.endpoints = {"https://huggingface.co", "http://127.0.0.1:8081/ms"};
  MirrorPlan m;
  m.mirror_index = 3;
  m.source = test::ref(Hub::ms, "org", "src");
  m.source_type = manifest::RepoType::dataset;
  m.source_revision = "v1";
  m.source_commit = std::string(40, 'a');
  m.target = test::ref(Hub::hf, "acme", "dst");
  m.target_type = manifest::RepoType::dataset;
  m.target_branch = "main";
  m.action = MirrorAction::create;
  m.create_visibility = manifest::Visibility::private_;
  Step readme{"README.md",          Action::create,      5,
              std::string(64, 'b'), std::nullopt,        false,
              Transport::embedded,  "missing on target", "hf-readme-license",
              "hé\n\"x\""};
  Step small{"a/b.txt",         Action::update,       7,
             std::nullopt,      std::string(40, 'c'), false,
             Transport::stream, "size differs",       std::nullopt,
             std::nullopt};
  m.steps = {readme, small};
  std::sort(m.steps.begin(), m.steps.end(),
            [](const Step& a, const Step& b) { return a.path < b.path; });
  MirrorPlan failed;
  failed.source = test::ref(Hub::hf, "meta", "gated");
  failed.target = test::ref(Hub::ms, "acme", "gated");
  failed.target_branch = "master";
  failed.target_head = std::string(40, 'd');
  failed.action = MirrorAction::error;
  failed.reason = "no access";
  p.mirrors = {m, failed};
  p.totals = compute_totals(p.mirrors);
  return p;
}

std::string rendered(const Expected<Plan, Diagnostics>& r) {
  return r.has_value() ? "(no error)" : render(r.error());
}

TEST(PlanJson, RoundTripsTheExamplePlan) {
  Plan p = example_plan();
  auto back = from_json(to_json(p), "plan.json");
  ASSERT_TRUE(back.has_value()) << rendered(back);
  EXPECT_EQ(*back, p);
}

TEST(PlanJson, RoundTripsEveryOptionalField) {
  Plan p = hand_plan();
  auto back = from_json(to_json(p), "plan.json");
  ASSERT_TRUE(back.has_value()) << rendered(back);
  EXPECT_EQ(*back, p);
  EXPECT_EQ(to_json(*back), to_json(p));
}

TEST(PlanJson, StreamsTheSameTextInBoundedPieces) {
  Plan p = hand_plan();
  MirrorPlan& big = p.mirrors[0];
  for (int i = 0; i < 5000; ++i) {  // ~1.5 MB of JSON in one mirror
    Step s = big.steps[1];
    s.path = "shard/" + std::to_string(100000 + i) + ".bin";
    big.steps.push_back(s);
  }
  p.totals = compute_totals(p.mirrors);
  std::string joined;
  std::size_t pieces = 0;
  std::size_t largest = 0;
  write_json(p, [&](std::string_view part) {
    joined += part;
    ++pieces;
    largest = std::max(largest, part.size());
  });
  EXPECT_EQ(joined, to_json(p));
  EXPECT_GT(pieces, 10U);
  EXPECT_LT(largest, 80U * 1024U) << "a piece holds more than one chunk and one step";
}

TEST(PlanJson, WritesSortedKeysAndAFinalNewline) {
  std::string text = to_json(hand_plan());
  EXPECT_EQ(
      text.rfind("{\n  \"endpoints\": {\n    \"hf\": \"https://huggingface.co\",\n    \"ms\": "
                 "\"http://127.0.0.1:8081/ms\"\n  },\n  \"format_version\": 2,\n  "
                 "\"hf2ms_version\": \"9.9.9\",\n",
                 0),
      0u);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_LT(text.find("\"manifest_digest\""), text.find("\"mirrors\""));
}

TEST(PlanJson, RejectsUnknownFormatVersion) {
  std::string text = to_json(hand_plan());
  text.replace(text.find("\"format_version\": 2"), 19, "\"format_version\": 3");
  EXPECT_EQ(rendered(from_json(text, "plan.json")),
            "plan.json: error: unsupported plan format_version 3\n"
            "  hint: this hf2ms reads format_version 2; re-create the plan with this version's "
            "`hf2ms plan -o`\n");
}

// Version 1 plans recorded no endpoints, so apply could not tell which hubs they were made
// against (issue #19.5): they are refused, not guessed.
TEST(PlanJson, RejectsFormatVersionOneWhichRecordedNoEndpoints) {
  std::string text = to_json(hand_plan());
  text.replace(text.find("\"format_version\": 2"), 19, "\"format_version\": 1");
  EXPECT_EQ(rendered(from_json(text, "plan.json")),
            "plan.json: error: unsupported plan format_version 1\n"
            "  hint: this hf2ms reads format_version 2; re-create the plan with this version's "
            "`hf2ms plan -o`\n");
}

TEST(PlanJson, RequiresNormalisedEndpoints) {
  Plan p = hand_plan();
  p.endpoints.ms = "http://ms.example";  // remote plain http
  EXPECT_NE(rendered(from_json(to_json(p), "plan.json"))
                .find("invalid plan: endpoints.ms: not a normalised hub endpoint"),
            std::string::npos);
  std::string text = to_json(hand_plan());
  const std::size_t start = text.find("  \"endpoints\"");
  text.erase(start, text.find("\"format_version\"") - start);
  EXPECT_NE(rendered(from_json(text, "plan.json")).find("invalid plan: endpoints: missing"),
            std::string::npos);
}

// The attack: a plan edited to write outside the repo or reach another repo's URL.
TEST(PlanJson, RejectsUnsafePathsAndRefs) {
  Plan p = hand_plan();
  p.mirrors[0].steps[1].path = "../../etc/x";
  p.mirrors[0].target_branch = "../../other/repo";
  p.mirrors[0].source_commit = "a/../b";
  std::sort(p.mirrors[0].steps.begin(), p.mirrors[0].steps.end(),
            [](const Step& a, const Step& b) { return a.path < b.path; });
  const std::string out = rendered(from_json(to_json(p), "plan.json"));
  EXPECT_NE(out.find("mirrors[0].steps[0].path: not a plain relative repo path"), std::string::npos)
      << out;
  EXPECT_NE(out.find("mirrors[0].target.branch: not a valid git ref"), std::string::npos) << out;
  EXPECT_NE(out.find("mirrors[0].source.commit: not a valid git ref"), std::string::npos) << out;
}

TEST(PlanJson, RejectsMalformedJsonWithItsLocation) {
  EXPECT_EQ(rendered(from_json("{\n  \"format_version\": 1,\n  \"mirrors\": [}\n", "plan.json")),
            "plan.json:3:15: error: malformed plan file: syntax error while parsing value - "
            "unexpected '}'; expected '[', '{', or a literal\n"
            "  hint: the file is not valid JSON; was it truncated? Re-create it with "
            "`hf2ms plan -o`\n");
}

TEST(PlanJson, RejectsDocumentsThatAreNotPlans) {
  EXPECT_EQ(rendered(from_json("[]", "p.json")),
            "p.json: error: not an hf2ms plan: the top level is not a JSON object\n");
  EXPECT_EQ(rendered(from_json("{\"format_version\": \"1\"}", "p.json")),
            "p.json: error: not an hf2ms plan: no integer \"format_version\"\n");
}

TEST(PlanJson, ReportsEveryBadFieldAtOnce) {
  std::string text = to_json(hand_plan());
  text.replace(text.find("\"action\": \"update\""), 18, "\"action\": \"copy\"");
  text.replace(text.find("\"hub\": \"hf\""), 11, "\"hub\": \"gh\"");
  text.replace(text.find("\"size\": 7"), 9, "\"size\": -7");
  text.replace(text.find("\"reason\": \"no access\""), 21, "\"reason\": \"no access\", \"x\": 1");
  const std::string hint =
      "  hint: the file was not written by `hf2ms plan -o`, or was edited; re-create it\n";
  EXPECT_EQ(
      rendered(from_json(text, "plan.json")),
      "plan.json: error: invalid plan: mirrors[0].target.hub: expected one of hf, ms, got "
      "\"gh\"\n" +
          hint +
          "plan.json: error: invalid plan: mirrors[0].steps[1].action: expected one of create, "
          "update, remove, keep, got \"copy\"\n" +
          hint +
          "plan.json: error: invalid plan: mirrors[0].steps[1].size: expected a non-negative "
          "integer\n" +
          hint + "plan.json: error: invalid plan: mirrors[1].x: unknown key\n" + hint);
}

TEST(PlanJson, RejectsTotalsThatDoNotMatchTheSteps) {
  Plan p = hand_plan();
  p.totals.files_to_copy = 99;
  EXPECT_EQ(rendered(from_json(to_json(p), "plan.json")),
            "plan.json: error: invalid plan: totals: do not match the mirrors' steps\n"
            "  hint: the file was not written by `hf2ms plan -o`, or was edited; re-create it\n");
}

TEST(PlanJson, RejectsEmbeddedStepWithoutContent) {
  Plan p = hand_plan();
  p.mirrors[0].steps[0].content.reset();
  EXPECT_NE(rendered(from_json(to_json(p), "plan.json"))
                .find("invalid plan: mirrors[0].steps[0]: \"content\" is required with transport "
                      "\"embedded\" and only then"),
            std::string::npos);
}

// An HF→HF server-side copy (source_xet_hash) round-trips, and is refused where it cannot apply.
TEST(PlanJson, RoundTripsAServerSideCopyStepAndRefusesItElsewhere) {
  Plan p = hand_plan();
  Step copy{"w.bin",
            Action::create,
            9,
            std::string(64, 'e'),
            std::nullopt,
            true,
            Transport::lfs,
            "missing on target",
            std::nullopt,
            std::nullopt,
            std::string(64, '7')};
  p.mirrors[0].steps.push_back(copy);
  p.totals = compute_totals(p.mirrors);
  auto back = from_json(to_json(p), "plan.json");
  ASSERT_TRUE(back.has_value()) << rendered(back);
  EXPECT_EQ(*back, p);
  EXPECT_NE(to_json(p).find("\"source_xet_hash\": \"" + std::string(64, '7') + "\""),
            std::string::npos);

  p.mirrors[0].steps.back().transport = Transport::stream;
  EXPECT_NE(rendered(from_json(to_json(p), "plan.json")).find("\"source_xet_hash\" belongs only"),
            std::string::npos);
  p.mirrors[0].steps.back().transport = Transport::lfs;
  p.mirrors[0].steps.back().source_xet_hash = "not-a-hash";
  EXPECT_NE(rendered(from_json(to_json(p), "plan.json")).find("source_xet_hash"),
            std::string::npos);
}

TEST(Plan, TotalsIgnoreStepsOfSkippedAndFailedMirrors) {
  Plan p = hand_plan();
  p.mirrors[1].steps = {Step{"x", Action::create, 100, std::string(64, 'e'), std::nullopt, false,
                             Transport::stream, "missing on target", std::nullopt, std::nullopt}};
  Totals t = compute_totals(p.mirrors);
  EXPECT_EQ(t.mirrors_to_create, 1u);
  EXPECT_EQ(t.mirrors_failed, 1u);
  EXPECT_EQ(t.files_to_copy, 2u);
  EXPECT_EQ(t.bytes_to_copy, 12u);
  EXPECT_TRUE(has_changes(p));
}

}  // namespace
}  // namespace hf2ms::plan
