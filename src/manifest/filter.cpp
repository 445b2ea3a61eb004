#include "manifest/filter.hpp"

#include <algorithm>
#include <cstdint>

namespace hf2ms::manifest {
namespace {

using detail::GlobSegment;
using detail::GlobToken;

constexpr const char* k_pattern_hint =
    "patterns are globs on repo paths: '*' within a folder, '**' as a whole segment across "
    "folders, '?', '[abc]' (see docs/manifest.md)";

// Decodes UTF-8 leniently: a byte that does not start a valid sequence becomes one code point
// in U+DC80..U+DCFF, so every input matches deterministically.
std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80           ? 1
                      : (b >> 5) == 0x6  ? 2
                      : (b >> 4) == 0xE  ? 3
                      : (b >> 3) == 0x1E ? 4
                                         : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (!ok) {
      out.push_back(0xDC00 + b);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? b : b & (0xFFu >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t slash = s.find('/'); slash != std::string_view::npos;
       slash = s.find('/', start)) {
    parts.push_back(s.substr(start, slash - start));
    start = slash + 1;
  }
  parts.push_back(s.substr(start));
  return parts;
}

// Parses a bracket set starting after '['; returns the index after ']' or npos if unclosed.
std::size_t parse_set(const std::u32string& p, std::size_t i, GlobToken& tok) {
  tok.kind = GlobToken::Kind::set;
  if (i < p.size() && (p[i] == U'!' || p[i] == U'^')) {
    tok.negated = true;
    ++i;
  }
  for (bool first = true; i < p.size(); first = false) {
    if (p[i] == U']' && !first) {
      return i + 1;
    }
    char32_t lo = p[i] == U'\\' && i + 1 < p.size() ? p[++i] : p[i];
    char32_t hi = lo;
    if (i + 2 < p.size() && p[i + 1] == U'-' && p[i + 2] != U']') {
      hi = p[i + 2];
      i += 2;
    }
    tok.ranges.emplace_back(lo, hi);
    ++i;
  }
  return std::u32string::npos;
}

// Reads the token starting at `p[i]` into `tok`; returns the index after it. An unclosed '['
// and a trailing '\' are literals.
std::size_t next_token(const std::u32string& p, std::size_t i, GlobToken& tok) {
  if (p[i] == U'*') {
    tok.kind = GlobToken::Kind::star;
    while (i < p.size() && p[i] == U'*') {
      ++i;
    }
    return i;
  }
  if (p[i] == U'?') {
    tok.kind = GlobToken::Kind::any_char;
    return i + 1;
  }
  if (p[i] == U'[') {
    GlobToken set;
    std::size_t end = parse_set(p, i + 1, set);
    if (end != std::u32string::npos) {
      tok = std::move(set);
      return end;
    }
  }
  tok.kind = GlobToken::Kind::literal;
  tok.ch = p[i] == U'\\' && i + 1 < p.size() ? p[++i] : p[i];
  return i + 1;
}

std::vector<GlobToken> compile_segment(const std::u32string& p) {
  std::vector<GlobToken> tokens;
  for (std::size_t i = 0; i < p.size();) {
    GlobToken tok;
    i = next_token(p, i, tok);
    tokens.push_back(std::move(tok));
  }
  return tokens;
}

bool token_matches(const GlobToken& tok, char32_t c) {
  switch (tok.kind) {
    case GlobToken::Kind::literal:
      return tok.ch == c;
    case GlobToken::Kind::any_char:
      return true;
    case GlobToken::Kind::set: {
      bool in = false;
      for (const auto& [lo, hi] : tok.ranges) {
        in = in || (lo <= c && c <= hi);
      }
      return in != tok.negated;
    }
    case GlobToken::Kind::star:
      break;
  }
  return false;
}

// Classic wildcard match with one backtrack point for the last '*': O(tokens * chars).
bool segment_matches(const std::vector<GlobToken>& tokens, const std::u32string& s) {
  std::size_t t = 0, i = 0, star_t = std::u32string::npos, star_i = 0;
  while (i < s.size()) {
    if (t < tokens.size() && tokens[t].kind == GlobToken::Kind::star) {
      star_t = t++;
      star_i = i;
    } else if (t < tokens.size() && token_matches(tokens[t], s[i])) {
      ++t;
      ++i;
    } else if (star_t != std::u32string::npos) {
      t = star_t + 1;
      i = ++star_i;
    } else {
      return false;
    }
  }
  while (t < tokens.size() && tokens[t].kind == GlobToken::Kind::star) {
    ++t;
  }
  return t == tokens.size();
}

// Segment-level match with '**', memoised over (pattern segment, path segment): O(P * S).
bool path_matches(const std::vector<GlobSegment>& pat, const std::vector<std::u32string>& path) {
  const std::size_t cols = path.size() + 1;
  std::vector<std::uint8_t> ok((pat.size() + 1) * cols, 0);
  ok[pat.size() * cols + path.size()] = 1;
  for (std::size_t p = pat.size(); p-- > 0;) {
    for (std::size_t s = path.size() + 1; s-- > 0;) {
      bool m = false;
      if (pat[p].globstar) {
        m = ok[(p + 1) * cols + s] != 0 || (s < path.size() && ok[p * cols + s + 1] != 0);
      } else if (s < path.size()) {
        m = ok[(p + 1) * cols + s + 1] != 0 && segment_matches(pat[p].tokens, path[s]);
      }
      ok[p * cols + s] = m ? 1 : 0;
    }
  }
  return ok[0] != 0;
}

std::optional<Problem> check_segment(std::string_view seg) {
  if (seg.empty()) {
    return Problem{"has an empty path segment ('//')", k_pattern_hint};
  }
  if (seg == "." || seg == "..") {
    return Problem{"'.' and '..' segments never match a repo path", k_pattern_hint};
  }
  if (seg != "**" && seg.find("**") != std::string_view::npos) {
    return Problem{"'**' must be a whole path segment", "write 'dir/**/*.bin', not 'dir**.bin'"};
  }
  std::u32string p = decode(seg);
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == U'\\') {
      if (++i == p.size()) {
        return Problem{"ends with a lone '\\'", "write '\\\\' for a literal backslash"};
      }
    } else if (p[i] == U'[') {
      GlobToken tok;
      std::size_t end = parse_set(p, i + 1, tok);
      if (end == std::u32string::npos) {
        return Problem{"has an unclosed '['",
                       "close the set, e.g. '[abc]', or write '\\[' for a "
                       "literal '['"};
      }
      i = end - 1;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Problem> check_pattern(std::string_view pattern) {
  if (pattern.empty() || pattern == "/") {
    return Problem{"an empty pattern matches nothing", k_pattern_hint};
  }
  if (pattern.ends_with('/')) {
    return Problem{"ends with '/'", "to match everything in a folder write 'folder/**'"};
  }
  if (pattern.starts_with('/')) {
    pattern.remove_prefix(1);
  }
  for (std::string_view seg : split(pattern)) {
    if (auto problem = check_segment(seg)) {
      return problem;
    }
  }
  return std::nullopt;
}

Glob::Glob(std::string_view pattern) : pattern_(pattern) {
  basename_only_ = pattern.find('/') == std::string_view::npos;
  if (pattern.starts_with('/')) {
    pattern.remove_prefix(1);
  }
  for (std::string_view seg : split(pattern)) {
    GlobSegment compiled;
    compiled.globstar = seg == "**";
    if (!compiled.globstar) {
      compiled.tokens = compile_segment(decode(seg));
    }
    segments_.push_back(std::move(compiled));
  }
}

bool Glob::matches(std::string_view path) const {
  if (basename_only_) {
    std::size_t slash = path.rfind('/');
    path = slash == std::string_view::npos ? path : path.substr(slash + 1);
  }
  std::vector<std::u32string> parts;
  for (std::string_view seg : split(path)) {
    parts.push_back(decode(seg));
  }
  return path_matches(segments_, parts);
}

Filter::Filter(const std::vector<std::string>& include, const std::vector<std::string>& exclude) {
  for (const std::string& p : include) {
    include_.emplace_back(p);
  }
  for (const std::string& p : exclude) {
    exclude_.emplace_back(p);
  }
}

FilterDecision Filter::decide(std::string_view path) const {
  for (const Glob& g : exclude_) {
    if (g.matches(path)) {
      return {false, FilterRule::exclude, g.pattern()};
    }
  }
  if (include_.empty()) {
    return {true, FilterRule::no_include_rules, {}};
  }
  for (const Glob& g : include_) {
    if (g.matches(path)) {
      return {true, FilterRule::include, g.pattern()};
    }
  }
  return {false, FilterRule::not_included, {}};
}

bool is_selected(const Mirror& mirror, std::string_view path) {
  return Filter(mirror).is_selected(path);
}

bool selects_ref(const Mirror& mirror, std::string_view ref) {
  return std::any_of(mirror.refs.begin(), mirror.refs.end(), [ref](const std::string& pattern) {
    return Glob("/" + pattern).matches(ref);
  });
}

}  // namespace hf2ms::manifest
