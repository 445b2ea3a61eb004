// Glob filters (filter.hpp): pattern syntax, anchoring, and the rule order the planner relies on.
#include "manifest/filter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hf2ms::manifest {
namespace {

struct GlobCase {
  const char* pattern;
  const char* path;
  bool matches;
};

const GlobCase k_globs[] = {
    // No '/': the basename at any depth.
    {"*.json", "config.json", true},
    {"*.json", "a/b/config.json", true},
    {"*.json", "config.json.bak", false},
    {"config.json", "sub/config.json", true},
    {"README.md", "README.mdx", false},
    {"*", "a/b/c", true},
    {"**", "a/b/c", true},
    // A leading '/' anchors to the root.
    {"/README.md", "README.md", true},
    {"/README.md", "docs/README.md", false},
    // With '/': the whole path from the root.
    {"onnx/*.onnx", "onnx/model.onnx", true},
    {"onnx/*.onnx", "x/onnx/model.onnx", false},
    {"onnx/*.onnx", "onnx/sub/model.onnx", false},
    {"onnx/**", "onnx/sub/deep/model.onnx", true},
    {"onnx/**", "onnxruntime/model.onnx", false},
    {"**/*.bin", "a.bin", true},
    {"**/*.bin", "x/y/a.bin", true},
    {"a/**/z.txt", "a/z.txt", true},
    {"a/**/z.txt", "a/b/c/z.txt", true},
    {"a/**/z.txt", "b/a/z.txt", false},
    {"**/checkpoints/**", "runs/1/checkpoints/step-10/model.pt", true},
    // '*' never crosses '/'.
    {"a/*", "a/b/c", false},
    {"a*c/d", "abc/d", true},
    {"a*c/d", "ab/c/d", false},
    // '?', sets, escapes.
    {"model-?.bin", "model-1.bin", true},
    {"model-?.bin", "model-10.bin", false},
    {"model-?.bin", "model-é.bin", true},
    {"shard-[0-2].bin", "shard-1.bin", true},
    {"shard-[0-2].bin", "shard-3.bin", false},
    {"shard-[!0-2].bin", "shard-3.bin", true},
    {"shard-[^0-2].bin", "shard-0.bin", false},
    {"[]]x", "]x", true},
    {"\\*.txt", "*.txt", true},
    {"\\*.txt", "a.txt", false},
    {"*.Bin", "a.bin", false},  // case-sensitive, like repo paths
    {"*a*b*c*", "xaxbxcx", true},
    {"*a*b*c*", "xaxcxbx", false},
};

TEST(Glob, MatchesTheDocumentedRules) {
  for (const GlobCase& c : k_globs) {
    EXPECT_EQ(Glob(c.pattern).matches(c.path), c.matches)
        << "pattern '" << c.pattern << "' path '" << c.path << "'";
  }
}

TEST(Glob, ManyGlobstarsStayFast) {
  std::string pattern, path;
  for (int i = 0; i < 40; ++i) {
    pattern += "**/";
    path += "d/";
  }
  EXPECT_FALSE(Glob(pattern + "x").matches(path + "y"));
  EXPECT_TRUE(Glob(pattern + "y").matches(path + "y"));
}

struct PatternCase {
  const char* pattern;
  const char* problem;  // nullptr: valid
};

const PatternCase k_patterns[] = {
    {"*.json", nullptr},
    {"/README.md", nullptr},
    {"a/**/b", nullptr},
    {"\\[literal", nullptr},
    {"", "an empty pattern matches nothing"},
    {"/", "an empty pattern matches nothing"},
    {"dir/", "ends with '/'"},
    {"a**", "'**' must be a whole path segment"},
    {"**b/c", "'**' must be a whole path segment"},
    {"a//b", "has an empty path segment ('//')"},
    {"./a", "'.' and '..' segments never match a repo path"},
    {"a/../b", "'.' and '..' segments never match a repo path"},
    {"[ab", "has an unclosed '['"},
    {"ab\\", "ends with a lone '\\'"},
};

TEST(Glob, CheckPatternExplainsUnusablePatterns) {
  for (const PatternCase& c : k_patterns) {
    std::optional<Problem> problem = check_pattern(c.pattern);
    if (c.problem == nullptr) {
      EXPECT_EQ(problem, std::nullopt) << c.pattern;
    } else {
      ASSERT_TRUE(problem) << c.pattern;
      EXPECT_EQ(problem->what, c.problem) << c.pattern;
      EXPECT_FALSE(problem->hint.empty());
    }
  }
}

struct FilterCase {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  const char* path;
  bool selected;
  FilterRule rule;
  const char* pattern;
};

TEST(Filter, ExcludesWinThenIncludesThenTheDefault) {
  const std::vector<std::string> none;
  const FilterCase cases[] = {
      {none, none, "anything/at/all", true, FilterRule::no_include_rules, ""},
      {none, {".gitattributes"}, ".gitattributes", false, FilterRule::exclude, ".gitattributes"},
      {none, {".gitattributes"}, "model.bin", true, FilterRule::no_include_rules, ""},
      {{"*.json"}, none, "config.json", true, FilterRule::include, "*.json"},
      {{"*.json"}, none, "model.bin", false, FilterRule::not_included, ""},
      // An exclude beats an include that also matches, whatever the order in the file.
      {{"*.json"}, {"secret*.json"}, "secret-a.json", false, FilterRule::exclude, "secret*.json"},
      // The first matching include is reported.
      {{"*.json", "config.*"}, none, "config.json", true, FilterRule::include, "*.json"},
      {{"onnx/**", "*.md"}, {"*.tmp"}, "onnx/a/b.onnx", true, FilterRule::include, "onnx/**"},
      {{"onnx/**", "*.md"}, {"*.tmp"}, "onnx/a/b.tmp", false, FilterRule::exclude, "*.tmp"},
  };
  for (const FilterCase& c : cases) {
    Filter filter(c.include, c.exclude);
    FilterDecision d = filter.decide(c.path);
    EXPECT_EQ(d.selected, c.selected) << c.path;
    EXPECT_EQ(d.rule, c.rule) << c.path;
    EXPECT_EQ(d.pattern, c.pattern) << c.path;
    EXPECT_EQ(filter.is_selected(c.path), c.selected) << c.path;
  }
}

TEST(Filter, IsSelectedUsesTheMirrorsPatterns) {
  Mirror m;
  m.include = {"*.safetensors", "*.json"};
  m.exclude = {".gitattributes"};
  EXPECT_TRUE(is_selected(m, "model-00001-of-00002.safetensors"));
  EXPECT_TRUE(is_selected(m, "tokenizer/config.json"));
  EXPECT_FALSE(is_selected(m, "pytorch_model.bin"));
  EXPECT_FALSE(is_selected(m, ".gitattributes"));
}

}  // namespace
}  // namespace hf2ms::manifest
