#include "planner/readme_rewrite.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

namespace hf2ms::planner {

namespace {

// The identifiers of HF's license list: hub-docs docs/hub/repositories-licenses.md (the table
// between the "region licenses" markers) at commit 008d54d08fd9d5d05ed2840bebb0b61111326a15.
// HF adds identifiers over time; one missing here is rewritten to `other`, which HF always
// accepts, so a stale list loses precision, never an upload.
constexpr std::string_view k_hf_licenses[] = {
    "afl-3.0",
    "agpl-3.0",
    "apache-2.0",
    "artistic-2.0",
    "bigcode-openrail-m",
    "bigscience-bloom-rail-1.0",
    "bigscience-openrail-m",
    "bsd",
    "bsd-2-clause",
    "bsd-3-clause",
    "bsd-3-clause-clear",
    "bsl-1.0",
    "c-uda",
    "cc",
    "cc-by-2.0",
    "cc-by-2.5",
    "cc-by-3.0",
    "cc-by-4.0",
    "cc-by-nc-2.0",
    "cc-by-nc-3.0",
    "cc-by-nc-4.0",
    "cc-by-nc-nd-3.0",
    "cc-by-nc-nd-4.0",
    "cc-by-nc-sa-2.0",
    "cc-by-nc-sa-3.0",
    "cc-by-nc-sa-4.0",
    "cc-by-nd-4.0",
    "cc-by-sa-3.0",
    "cc-by-sa-4.0",
    "cc0-1.0",
    "cdla-permissive-1.0",
    "cdla-permissive-2.0",
    "cdla-sharing-1.0",
    "creativeml-openrail-m",
    "deepfloyd-if-license",
    "ecl-2.0",
    "epl-1.0",
    "epl-2.0",
    "etalab-2.0",
    "eupl-1.1",
    "gemma",
    "gfdl",
    "gpl",
    "gpl-2.0",
    "gpl-3.0",
    "isc",
    "lgpl",
    "lgpl-2.1",
    "lgpl-3.0",
    "lgpl-lr",
    "llama2",
    "lppl-1.3c",
    "mit",
    "mpl-2.0",
    "ms-pl",
    "ncsa",
    "odbl",
    "odc-by",
    "ofl-1.1",
    "openrail",
    "openrail++",
    "osl-3.0",
    "other",
    "pddl",
    "postgresql",
    "unknown",
    "unlicense",
    "wtfpl",
    "zlib",
};

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

bool is_hf_license(std::string_view id) {
  return std::find(std::begin(k_hf_licenses), std::end(k_hf_licenses), id) !=
         std::end(k_hf_licenses);
}

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
