#include "planner/readme_rewrite.hpp"

#include <gtest/gtest.h>

namespace hf2ms::planner {
namespace {

struct Case {
  const char* name;
  std::string input;
  std::optional<std::string> expected;
};

TEST(ReadmeRewrite, ReplacesOnlyUnknownLicenseValues) {
  const std::vector<Case> cases = {
      {"KnownLicenseUnchanged", "---\nlicense: apache-2.0\n---\nbody\n", std::nullopt},
      {"UnknownLicenseBecomesOther", "---\nlicense: Apache License 2.0\nx: 1\n---\nbody\n",
       "---\nlicense: other\nx: 1\n---\nbody\n"},
      {"QuotedKnownLicense", "---\nlicense: \"mit\"\n---\n", std::nullopt},
      {"QuotedUnknownLicense", "---\nlicense: 'MIT License'\n---\n", "---\nlicense: other\n---\n"},
      {"CommentAfterKnownValue", "---\nlicense: mit # the usual\n---\n", std::nullopt},
      {"CrlfLineEndingKept", "---\r\nlicense: GPL v3\r\n---\r\n",
       "---\r\nlicense: other\r\n---\r\n"},
      {"CaseMatters", "---\nlicense: Apache-2.0\n---\n", "---\nlicense: other\n---\n"},
      {"BlockListAllKnown", "---\nlicense:\n  - mit\n  - apache-2.0\ntags: []\n---\n",
       std::nullopt},
      {"BlockListWithUnknown", "---\nlicense:\n- mit\n- Tongyi Qianwen\ntags: []\n---\n",
       "---\nlicense: other\ntags: []\n---\n"},
      {"NoFrontMatter", "# title\nlicense: nonsense\n", std::nullopt},
      {"UnclosedFrontMatter", "---\nlicense: nonsense\n", std::nullopt},
      {"LicenseOutsideFrontMatter", "---\na: b\n---\nlicense: nonsense\n", std::nullopt},
      {"NestedLicenseKeyIgnored", "---\nextra:\n  license: nonsense\n---\n", std::nullopt},
      {"LicenseNameIsNotLicense", "---\nlicense_name: tongyi\nlicense: other\n---\n", std::nullopt},
      {"NoFinalNewline", "---\nlicense: foo\n---", "---\nlicense: other\n---"},
      {"InvalidUtf8Untouched", "---\nlicense: \xff\n---\n", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(rewrite_readme_for_hf(c.input), c.expected);
  }
}

TEST(ReadmeRewrite, KnowsHfLicenseIdentifiers) {
  EXPECT_TRUE(is_hf_license("apache-2.0"));
  EXPECT_TRUE(is_hf_license("other"));
  EXPECT_TRUE(is_hf_license("openrail++"));
  EXPECT_FALSE(is_hf_license("Apache License 2.0"));
  EXPECT_FALSE(is_hf_license(""));
}

TEST(ReadmeRewrite, ValidatesUtf8) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));      // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));  // overlong
  EXPECT_FALSE(is_valid_utf8("\x80"));      // stray continuation
  EXPECT_FALSE(is_valid_utf8("\xe4\xb8"));  // truncated three-byte sequence
  EXPECT_FALSE(is_valid_utf8("\xf8\x88\x80\x80\x80"));
}

}  // namespace
}  // namespace hf2ms::planner
