// manifest `refs` and `retag`: parsed, inherited from [defaults], and every misuse reported
// with its location; selects_ref matches whole ref names.
#include "manifest/filter.hpp"
#include "manifest/parse.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hf2ms::manifest {
namespace {

ParseResult parse_mirror(std::string_view keys, std::string_view defaults = "") {
  std::string text = "version = 1\n";
  if (!defaults.empty()) {
    text += "[defaults]\n" + std::string(defaults) + "\n";
  }
  text += "[[mirror]]\nsource = \"hf:Qwen/m\"\ntarget = \"ms:acme/m\"\n" + std::string(keys) + "\n";
  return parse(text, "m.toml");
}

std::string messages(const ParseResult& r) { return render(r.diagnostics); }

TEST(ManifestRefs, DefaultIsTheDefaultBranchOnlyAndTagsImmutable) {
  ParseResult r = parse_mirror("");
  ASSERT_TRUE(r.manifest) << messages(r);
  EXPECT_TRUE(r.manifest->mirrors[0].refs.empty());
  EXPECT_FALSE(r.manifest->mirrors[0].retag);
}

TEST(ManifestRefs, ReadsPatternsAndRetag) {
  ParseResult r = parse_mirror("refs = [\"v*\", \"release/*\", \"main\"]\nretag = true");
  ASSERT_TRUE(r.manifest) << messages(r);
  const Mirror& m = r.manifest->mirrors[0];
  EXPECT_EQ(m.refs, (std::vector<std::string>{"v*", "release/*", "main"}));
  EXPECT_TRUE(m.retag);
}

TEST(ManifestRefs, InheritedFromDefaultsAndOverridden) {
  ParseResult r = parse(R"(version = 1
[defaults]
refs = ["v*"]
[[mirror]]
source = "hf:a/b"
target = "ms:a/b"
[[mirror]]
source = "hf:a/c"
target = "ms:a/c"
refs = ["stable"]
)",
                        "m.toml");
  ASSERT_TRUE(r.manifest) << messages(r);
  EXPECT_EQ(r.manifest->mirrors[0].refs, std::vector<std::string>{"v*"});
  EXPECT_EQ(r.manifest->mirrors[1].refs, std::vector<std::string>{"stable"});
}

TEST(ManifestRefs, BadPatternsAreReportedWithTheirLocation) {
  ParseResult r = parse_mirror("refs = [\"\", \"refs/tags/v1\", \"a..b\", \"x y\", \"v[\", 3]");
  EXPECT_FALSE(r.manifest);
  const std::string all = messages(r);
  EXPECT_NE(all.find("m.toml:5:"), std::string::npos) << all;
  EXPECT_NE(all.find("names a full ref path"), std::string::npos) << all;
  EXPECT_NE(all.find("a..b"), std::string::npos) << all;
  EXPECT_NE(all.find("x y"), std::string::npos) << all;
  EXPECT_GE(r.diagnostics.error_count(), 5u) << all;
}

TEST(ManifestRefs, NotWithRevisionOrTargetBranch) {
  for (const char* key : {"revision = \"v1\"", "target_branch = \"dev\""}) {
    ParseResult r = parse_mirror(std::string("refs = [\"v*\"]\n") + key);
    EXPECT_FALSE(r.manifest) << key;
    EXPECT_NE(messages(r).find("refs cannot be combined with"), std::string::npos) << messages(r);
  }
}

TEST(ManifestRefs, RetagNeedsRefsAndIsABoolean) {
  ParseResult alone = parse_mirror("retag = true");
  EXPECT_FALSE(alone.manifest);
  EXPECT_NE(messages(alone).find("retag = true without refs"), std::string::npos);
  ParseResult text = parse_mirror("refs = [\"v*\"]\nretag = \"yes\"");
  EXPECT_FALSE(text.manifest);
  EXPECT_NE(messages(text).find("retag"), std::string::npos) << messages(text);
  EXPECT_TRUE(parse_mirror("refs = [\"v*\"]\nretag = false").manifest);
}

TEST(ManifestRefs, SelectsWholeNames) {
  Mirror m;
  m.refs = {"v*", "release/*"};
  EXPECT_TRUE(selects_ref(m, "v1.0"));
  EXPECT_TRUE(selects_ref(m, "release/2"));
  EXPECT_FALSE(selects_ref(m, "x/v1"));
  EXPECT_FALSE(selects_ref(m, "release/2/rc"));
  EXPECT_FALSE(selects_ref(m, "main"));
  m.refs.clear();
  EXPECT_FALSE(selects_ref(m, "v1.0"));
}

}  // namespace
}  // namespace hf2ms::manifest
