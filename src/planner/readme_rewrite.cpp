#include "planner/readme_rewrite.hpp"

#include "manifest/hf_license.hpp"

#include <vector>

namespace hf2ms::planner {

namespace {

struct Line {
  std::size_t begin = 0;  // offset of the first byte
  std::size_t end = 0;    // offset just past the text, before "\n" / "\r\n"
  std::size_t next = 0;   // offset of the next line
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    if (end > pos && text[end - 1] == '\r') {
      --end;
    }
    lines.push_back({pos, end, next});
    pos = next;
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// A YAML scalar as written after "key:" or "- ": comment dropped, quotes removed.
std::string_view scalar_value(std::string_view raw) {
  raw = trim(raw);
  if (raw.size() >= 2 && (raw.front() == '"' || raw.front() == '\'')) {
    auto close = raw.find(raw.front(), 1);
    return close == std::string_view::npos ? raw : raw.substr(1, close - 1);
  }
  if (auto hash = raw.find(" #"); hash != std::string_view::npos) {
    raw = raw.substr(0, hash);
  } else if (!raw.empty() && raw.front() == '#') {
    raw = {};
  }
  return trim(raw);
}

std::string_view text_of(std::string_view text, const Line& l) {
  return text.substr(l.begin, l.end - l.begin);
}

// Index of the closing "---" line, or 0 when `lines` does not open with front matter.
std::size_t front_matter_end(std::string_view text, const std::vector<Line>& lines) {
  if (lines.empty() || text_of(text, lines[0]) != "---") {
    return 0;
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (text_of(text, lines[i]) == "---") {
      return i;
    }
  }
  return 0;
}

// True when the "- item" lines after the key at `key` (up to `stop`) are all accepted; sets
// `last` to the last item line. No items at all counts as accepted (nothing to fix).
bool list_accepted(std::string_view text, const std::vector<Line>& lines, std::size_t key,
                   std::size_t stop, std::size_t& last) {
  bool ok = true;
  last = key;
  for (std::size_t i = key + 1; i < stop; ++i) {
    std::string_view item = trim(text_of(text, lines[i]));
    if (item.empty() || item.front() != '-') {
      break;
    }
    ok = ok && is_hf_license(scalar_value(item.substr(1)));
    last = i;
  }
  return ok;
}

constexpr std::size_t k_invalid = 4;

// Continuation bytes after the lead byte `c` (0..3), or k_invalid for a stray continuation
// byte, an overlong two-byte lead (C0, C1) or a lead above F4.
std::size_t utf8_extra_bytes(unsigned char c) {
  if (c < 0x80) {
    return 0;
  }
  if (c < 0xC2) {
    return k_invalid;
  }
  if (c < 0xE0) {
    return 1;
  }
  if (c < 0xF0) {
    return 2;
  }
  return c < 0xF5 ? 3 : k_invalid;
}

}  // namespace

// The list lives in one data file, src/manifest/hf_licenses.txt, shared with hf2ms-hubsim. HF
// adds identifiers over time; one missing there is rewritten to `other`, which HF always
// accepts, so a stale list loses precision, never an upload.
bool is_hf_license(std::string_view id) { return manifest::is_hf_license(id); }

std::optional<std::string> rewrite_readme_for_hf(std::string_view text) {
  if (!is_valid_utf8(text)) {
    return std::nullopt;
  }
  auto lines = split_lines(text);
  std::size_t stop = front_matter_end(text, lines);
  for (std::size_t i = 1; i < stop; ++i) {
    std::string_view line = text_of(text, lines[i]);
    if (line.substr(0, 8) != "license:") {
      continue;
    }
    std::string_view value = scalar_value(line.substr(8));
    std::size_t last = i;
    bool accepted =
        value.empty() ? list_accepted(text, lines, i, stop, last) : is_hf_license(value);
    if (accepted) {
      return std::nullopt;
    }
    std::string eol(text.substr(lines[i].end, lines[i].next - lines[i].end));
    return std::string(text.substr(0, lines[i].begin)) + "license: other" + eol +
           std::string(text.substr(lines[last].next));
  }
  return std::nullopt;
}

std::string readme_license_text(std::string_view text) {
  auto lines = split_lines(text);
  std::size_t stop = front_matter_end(text, lines);
  for (std::size_t i = 1; i < stop; ++i) {
    std::string_view line = text_of(text, lines[i]);
    if (line.substr(0, 8) != "license:") {
      continue;
    }
    std::string value(scalar_value(line.substr(8)));
    if (!value.empty()) {
      return value;
    }
    for (std::size_t k = i + 1; k < stop; ++k) {
      std::string_view item = trim(text_of(text, lines[k]));
      if (item.empty() || item.front() != '-') {
        break;
      }
      value += (value.empty() ? "" : ", ") + std::string(scalar_value(item.substr(1)));
    }
    return value;
  }
  return {};
}

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t extra = utf8_extra_bytes(static_cast<unsigned char>(text[i]));
    if (extra == k_invalid || extra >= text.size() - i) {
      return false;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) {
        return false;
      }
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace hf2ms::planner
