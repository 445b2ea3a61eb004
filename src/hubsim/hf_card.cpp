// README front matter validation and POST /api/validate-yaml (real-hub-limits.md HF §1).
#include "hubsim/hf_card.hpp"

#include "hubsim/hf_routes.hpp"
#include "manifest/hf_license.hpp"

#include <httplib.h>

#include <optional>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;

enum class Kind { null, scalar, list, map };

// A top-level key of the front matter and what its value is.
struct Entry {
  std::string key;
  Kind kind = Kind::null;
  std::string scalar;                // Kind::scalar
  std::vector<std::string> items;    // Kind::list: scalar items
  std::vector<bool> item_is_scalar;  // Kind::list: false for a mapping or nested list item
};

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) {
    return {};
  }
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// A plain or quoted scalar with its trailing comment removed.
std::string scalar_of(std::string_view raw) {
  raw = trim(raw);
  if (raw.size() >= 2 && (raw.front() == '"' || raw.front() == '\'')) {
    const auto close = raw.find(raw.front(), 1);
    return std::string(close == std::string_view::npos ? raw.substr(1) : raw.substr(1, close - 1));
  }
  if (const auto hash = raw.find(" #"); hash != std::string_view::npos) {
    raw = raw.substr(0, hash);
  }
  return std::string(trim(raw));
}

// Whether a list item's text is a scalar (not "k: v", a flow map or a nested list).
bool is_scalar_item(std::string_view item) {
  item = trim(item);
  if (item.empty() || item.front() == '{' || item.front() == '[' || item.front() == '-') {
    return false;
  }
  if (item.front() == '"' || item.front() == '\'') {
    return true;
  }
  const auto colon = item.find(':');
  return colon == std::string_view::npos ||
         (colon + 1 < item.size() && item[colon + 1] != ' ' && item[colon + 1] != '\t');
}

// Items of a flow list "[a, 'b', c]" (top level only; nested brackets count as one item).
void flow_items(std::string_view text, Entry& e) {
  text = trim(text);
  text = text.substr(1, text.size() >= 2 && text.back() == ']' ? text.size() - 2 : text.size() - 1);
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ',';
    depth += (c == '[' || c == '{') ? 1 : (c == ']' || c == '}') ? -1 : 0;
    if (c == ',' && depth == 0) {
      const std::string_view item = trim(text.substr(start, i - start));
      if (!item.empty()) {
        e.items.push_back(scalar_of(item));
        e.item_is_scalar.push_back(is_scalar_item(item));
      }
      start = i + 1;
    }
  }
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    out.push_back(line);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  return out;
}

bool is_blank_or_comment(std::string_view line) {
  const auto t = trim(line);
  return t.empty() || t.front() == '#';
}

// Reads the top-level entries of the front matter lines; a syntax problem goes to `errors`.
std::vector<Entry> read_entries(const std::vector<std::string_view>& lines,
                                std::vector<std::string>& errors) {
  std::vector<Entry> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (is_blank_or_comment(line) || line.front() == ' ' || line.front() == '\t') {
      continue;  // content of the previous key, read below
    }
    if (line.front() == '-') {
      if (out.empty()) {
        errors.push_back("YAML front matter must be a mapping, not a list");
        return out;
      }
      continue;  // a block list at column 0 under the previous key
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      errors.push_back("Invalid YAML in the front matter, line " + std::to_string(i + 2) +
                       ": expected \"key: value\"");
      return out;
    }
    Entry e;
    e.key = scalar_of(line.substr(0, colon));
    const std::string_view rest = trim(line.substr(colon + 1));
    if (!rest.empty() && rest.front() != '#') {
      if (rest.front() == '[') {
        e.kind = Kind::list;
        flow_items(rest, e);
      } else if (rest.front() == '{') {
        e.kind = Kind::map;
      } else {
        e.kind = Kind::scalar;
        e.scalar = scalar_of(rest);
      }
      out.push_back(std::move(e));
      continue;
    }
    // A block value: the following lines up to the next top-level key. List items are the
    // "- " lines at the first item's indentation.
    std::size_t item_indent = std::string_view::npos;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const std::string_view next = lines[j];
      if (is_blank_or_comment(next)) {
        continue;
      }
      const std::string_view t = trim(next);
      const bool top = next.front() != ' ' && next.front() != '\t';
      if (top && t.front() != '-') {
        break;
      }
      const std::size_t indent = next.find_first_not_of(" \t");
      if (e.kind == Kind::null) {
        e.kind = t.front() == '-' ? Kind::list : Kind::map;
        item_indent = indent;
      }
      if (e.kind == Kind::list && t.front() == '-' && indent == item_indent) {
        const std::string_view item = t.substr(1);
        e.items.push_back(scalar_of(item));
        e.item_is_scalar.push_back(is_scalar_item(item));
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string licence_choices() {
  std::string out = "[";
  for (const std::string_view id : manifest::hf_license_ids()) {
    out += (out.size() > 1 ? ", " : "") + std::string(id);
  }
  return out + "]";
}

void check_license(const Entry& e, std::vector<std::string>& errors) {
  const auto refuse = [&](const std::string& label) {
    errors.push_back("\"" + label + "\" must be one of " + licence_choices());
  };
  if (e.kind == Kind::scalar && !manifest::is_hf_license(e.scalar)) {
    refuse("license");
  } else if (e.kind == Kind::map) {
    refuse("license");
  } else if (e.kind == Kind::list) {
    for (std::size_t k = 0; k < e.items.size(); ++k) {
      if (!e.item_is_scalar[k] || !manifest::is_hf_license(e.items[k])) {
        refuse("license[" + std::to_string(k) + "]");
      }
    }
  }
}

}  // namespace

CardProblems validate_card(std::string_view readme_text) {
  CardProblems p;
  const auto lines = lines_of(readme_text);
  if (lines.empty() || trim(lines[0]) != "---") {
    return p;  // no front matter: nothing to check
  }
  std::size_t end = 0;
  for (std::size_t i = 1; i < lines.size() && end == 0; ++i) {
    if (trim(lines[i]) == "---" || trim(lines[i]) == "...") {
      end = i;
    }
  }
  if (end == 0) {
    return p;  // never closed: the Hub reads it as Markdown
  }
  const std::vector<std::string_view> body(lines.begin() + 1,
                                           lines.begin() + static_cast<std::ptrdiff_t>(end));
  for (const Entry& e : read_entries(body, p.errors)) {
    if (e.key == "license") {
      check_license(e, p.errors);
    } else if (e.key == "widget" && (e.kind == Kind::scalar || e.kind == Kind::map)) {
      p.errors.push_back("\"widget\" must be an array");
    }
  }
  return p;
}

std::string card_error_text(const CardProblems& problems) {
  std::string out = "Invalid metadata in README.md.";
  for (const auto& e : problems.errors) {
    out += "\n- " + e;
  }
  return out;
}

void handle_validate_yaml(const httplib::Request& req, httplib::Response& res) {
  const auto body = parse_json(req.body);
  if (!body || !body->is_object() || !jget(*body, "content").is_string()) {
    return send_error(res, 400, "", "Expected a JSON body with a string `content`");
  }
  const CardProblems p = validate_card(jget(*body, "content").get<std::string>());
  json errors = json::array();
  json warnings = json::array();
  for (const auto& e : p.errors) {
    errors.push_back({{"message", e}});
  }
  for (const auto& w : p.warnings) {
    warnings.push_back({{"message", w}});
  }
  send_json(res, json{{"errors", errors}, {"warnings", warnings}}, p.ok() ? 200 : 400);
}

}  // namespace hf2ms::hubsim
