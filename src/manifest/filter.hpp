// File filters: which paths of a source repo a mirror copies (and may prune on the target).
// The planner asks `Filter::is_selected(path)` for every file of the source and the target.
// Pure; a compiled Filter is immutable and safe to share between threads.
//
// Patterns are globs on repo paths ("a/b/c.json", '/'-separated, no leading '/'):
// - `*` matches any run of characters within one path segment (never '/');
// - `**` as a whole segment matches zero or more segments ("a/**/x.bin", "dir/**", "**/x");
// - `?` matches one character (one UTF-8 code point), never '/';
// - `[abc]`, `[a-z]`, `[!abc]` / `[^abc]` match one character of (or not of) the set;
// - `\` makes the next character literal.
// Anchoring (gitignore's rule): a pattern without '/' matches the file's basename at any depth
// ("*.json" selects "config.json" and "sub/dir/x.json"); a pattern with a '/' matches the
// whole path from the repo root ("onnx/*.onnx" does not select "x/onnx/a.onnx"). A leading
// '/' anchors a pattern to the root and is otherwise ignored ("/README.md" is only the
// top-level README).
//
// Rule order (rclone's "first match wins", with excludes listed first): if any `exclude`
// pattern matches, the file is excluded; else if `include` is empty, it is selected; else it
// is selected only when an `include` pattern matches.
#pragma once

#include "manifest/manifest.hpp"
#include "manifest/problem.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hf2ms::manifest {

// Why a pattern cannot be used (empty, trailing '/', '**' inside a segment, empty or '.'/'..'
// segment, unclosed '[', trailing '\'); nullopt when it is fine. parse() reports these, so
// the patterns of a parsed Manifest always pass.
[[nodiscard]] std::optional<Problem> check_pattern(std::string_view pattern);

namespace detail {
// One element of a glob segment: a literal code point, '?', '*' or a bracket set.
struct GlobToken {
  enum class Kind { literal, any_char, star, set };
  Kind kind = Kind::literal;
  char32_t ch = 0;                                    // literal
  std::vector<std::pair<char32_t, char32_t>> ranges;  // set: inclusive ranges
  bool negated = false;                               // set: [!...] / [^...]
};
struct GlobSegment {
  bool globstar = false;  // the segment is exactly "**"
  std::vector<GlobToken> tokens;
};
}  // namespace detail

// One compiled glob. A pattern that fails check_pattern still compiles: unclosed '[' and a
// trailing '\' are then literal characters.
class Glob {
 public:
  explicit Glob(std::string_view pattern);
  [[nodiscard]] bool matches(std::string_view path) const;
  [[nodiscard]] const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  bool basename_only_ = false;
  std::vector<detail::GlobSegment> segments_;
};

enum class FilterRule { exclude, include, no_include_rules, not_included };

// Why a path was selected or not; `pattern` is set for exclude/include rules.
struct FilterDecision {
  bool selected = true;
  FilterRule rule = FilterRule::no_include_rules;
  std::string pattern;
};

class Filter {
 public:
  Filter(const std::vector<std::string>& include, const std::vector<std::string>& exclude);
  explicit Filter(const Mirror& mirror) : Filter(mirror.include, mirror.exclude) {}

  [[nodiscard]] bool is_selected(std::string_view path) const { return decide(path).selected; }
  // The decision and the rule that made it, for the reasons in a plan ("excluded by '*.bin'").
  [[nodiscard]] FilterDecision decide(std::string_view path) const;

 private:
  std::vector<Glob> include_;
  std::vector<Glob> exclude_;
};

// Convenience for one-off checks; compiles the mirror's filter on every call.
[[nodiscard]] bool is_selected(const Mirror& mirror, std::string_view path);

// True when a `refs` glob of `mirror` matches the whole branch or tag name `ref` (a pattern
// always matches from the start of the name, '/' included: "v*" does not select "x/v1").
[[nodiscard]] bool selects_ref(const Mirror& mirror, std::string_view ref);

}  // namespace hf2ms::manifest
