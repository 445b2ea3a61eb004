#include "hubsim/hf_card.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim {
namespace {

TEST(HubsimHfCard, AcceptsValidFrontMatterAndCardsWithoutIt) {
  EXPECT_TRUE(validate_card("# no front matter\nlicense: nonsense\n").ok());
  EXPECT_TRUE(validate_card("---\nlicense: apache-2.0\ntags:\n- a\n---\n# hi\n").ok());
  EXPECT_TRUE(validate_card("---\r\nlicense: \"mit\" # quoted\r\n---\r\n").ok());
  EXPECT_TRUE(validate_card("---\nlicense:\n  - mit\n  - apache-2.0\nwidget:\n"
                            "- text: hello\n  example_title: x\n---\n")
                  .ok());
  EXPECT_TRUE(validate_card("---\nlicense: [mit, 'cc-by-4.0']\nwidget: []\n---\n").ok());
  EXPECT_TRUE(validate_card("---\nlicense: mit\n").ok()) << "unclosed front matter is Markdown";
}

TEST(HubsimHfCard, RefusesAnUnknownLicenseInTheHubsWording) {
  const CardProblems p = validate_card("---\nlicense: Apache License 2.0\n---\n");
  ASSERT_EQ(p.errors.size(), 1U);
  EXPECT_EQ(p.errors[0].rfind("\"license\" must be one of [", 0), 0U) << p.errors[0];
  EXPECT_NE(p.errors[0].find("apache-2.0, "), std::string::npos);
  EXPECT_EQ(card_error_text(p), "Invalid metadata in README.md.\n- " + p.errors[0]);
}

TEST(HubsimHfCard, RefusesUnknownIdsInALicenseList) {
  const CardProblems block = validate_card("---\nlicense:\n- mit\n- My Own\n---\n");
  ASSERT_EQ(block.errors.size(), 1U);
  EXPECT_EQ(block.errors[0].rfind("\"license[1]\" must be one of", 0), 0U);
  const CardProblems flow = validate_card("---\nlicense: [bogus, mit]\n---\n");
  ASSERT_EQ(flow.errors.size(), 1U);
  EXPECT_EQ(flow.errors[0].rfind("\"license[0]\"", 0), 0U);
  EXPECT_FALSE(validate_card("---\nlicense:\n  name: mit\n---\n").ok());
}

TEST(HubsimHfCard, RefusesAWidgetThatIsNotAList) {
  const CardProblems scalar = validate_card("---\nwidget: hello\n---\n");
  ASSERT_EQ(scalar.errors.size(), 1U);
  EXPECT_EQ(scalar.errors[0], "\"widget\" must be an array");
  EXPECT_FALSE(validate_card("---\nwidget:\n  text: hello\n---\n").ok());
  EXPECT_FALSE(validate_card("---\nwidget: {text: hello}\n---\n").ok());
}

TEST(HubsimHfCard, RefusesFrontMatterThatIsNotAMapping) {
  EXPECT_FALSE(validate_card("---\njust words\n---\n").ok());
  EXPECT_FALSE(validate_card("---\n- a\n- b\n---\n").ok());
}

}  // namespace
}  // namespace hf2ms::hubsim
