#include "manifest/toml_reader.hpp"

#include "manifest/suggest.hpp"
#include "manifest/token_scan.hpp"

#include <algorithm>
#include <cctype>

namespace hf2ms::manifest {
namespace {

constexpr std::size_t k_max_shown = 60;

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date/time";
  }
}

}  // namespace

std::string quote(std::string_view value) {
  std::string out = "'";
  for (char c : value.substr(0, k_max_shown)) {
    out += std::iscntrl(static_cast<unsigned char>(c)) != 0 ? '?' : c;
  }
  out += value.size() > k_max_shown ? "...'" : "'";
  return out;
}

SourceLocation TomlReader::at(const toml::source_region& region) const {
  return {file_, region.begin.line, region.begin.column};
}

void TomlReader::check_keys(const toml::table& table, std::span<const std::string_view> allowed,
                            std::string_view where) {
  for (auto&& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) {
      continue;
    }
    std::string hint = "allowed keys here: " + join(allowed);
    if (auto s = suggest(key.str(), allowed)) {
      hint = "did you mean '" + *s + "'?";
    }
    std::string shown = contains_token(key.str()) ? "(a token)" : quote(key.str());
    diagnostics_.error("unknown key " + shown + " in " + std::string(where), hint,
                       at(key.source()));
  }
}

void TomlReader::type_error(const toml::node& node, std::string_view key, std::string_view expected,
                            std::string_view example) {
  std::string hint = "write it as " + std::string(key) + " = " + std::string(example);
  diagnostics_.error("'" + std::string(key) + "' must be " + std::string(expected) + ", not " +
                         std::string(type_name(node)),
                     hint, at(node));
}

std::optional<Located<std::string>> TomlReader::string(const toml::table& t, std::string_view key,
                                                       std::string_view example) {
  const toml::node* node = t.get(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto* s = node->as_string();
  if (s == nullptr) {
    type_error(*node, key, "a string", example);
    return std::nullopt;
  }
  if (contains_token(s->get())) {
    return std::nullopt;  // reported once by the raw-text token scan
  }
  return Located<std::string>{s->get(), at(*node)};
}

std::optional<Located<std::int64_t>> TomlReader::integer(const toml::table& t, std::string_view key,
                                                         std::string_view example) {
  const toml::node* node = t.get(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto* i = node->as_integer();
  if (i == nullptr) {
    type_error(*node, key, "an integer", example);
    return std::nullopt;
  }
  return Located<std::int64_t>{i->get(), at(*node)};
}

std::optional<Located<bool>> TomlReader::boolean(const toml::table& t, std::string_view key) {
  const toml::node* node = t.get(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto* b = node->as_boolean();
  if (b == nullptr) {
    type_error(*node, key, "a boolean", "true or false");
    return std::nullopt;
  }
  return Located<bool>{b->get(), at(*node)};
}

std::optional<std::vector<Located<std::string>>> TomlReader::strings(const toml::table& t,
                                                                     std::string_view key,
                                                                     std::string_view example) {
  const toml::node* node = t.get(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto* array = node->as_array();
  if (array == nullptr) {
    type_error(*node, key, "an array of strings", example);
    return std::nullopt;
  }
  std::vector<Located<std::string>> out;
  for (const toml::node& item : *array) {
    const auto* s = item.as_string();
    if (s == nullptr) {
      diagnostics_.error(
          "'" + std::string(key) + "' must hold only strings, not " + std::string(type_name(item)),
          "write it as " + std::string(key) + " = " + std::string(example), at(item));
    } else if (!contains_token(s->get())) {
      out.push_back({s->get(), at(item)});
    }
  }
  return out;
}

const toml::table* TomlReader::table(const toml::table& t, std::string_view key) {
  const toml::node* node = t.get(key);
  if (node == nullptr) {
    return nullptr;
  }
  if (!node->is_table()) {
    type_error(*node, key, "a table", "{ ... } or a [" + std::string(key) + "] section");
    return nullptr;
  }
  return node->as_table();
}

std::optional<std::size_t> TomlReader::choice(const toml::table& t, std::string_view key,
                                              std::span<const std::string_view> names) {
  auto value = string(t, key, "\"" + std::string(names.front()) + "\"");
  if (!value) {
    return std::nullopt;
  }
  auto it = std::find(names.begin(), names.end(), value->value);
  if (it != names.end()) {
    return static_cast<std::size_t>(it - names.begin());
  }
  std::string hint = "use one of: " + join(names);
  if (auto s = suggest(value->value, names)) {
    hint = "did you mean '" + *s + "'? (one of: " + join(names) + ")";
  }
  diagnostics_.error("invalid " + std::string(key) + " " + quote(value->value), hint, value->at);
  return std::nullopt;
}

void TomlReader::invalid(const Located<std::string>& value, std::string_view key,
                         const Problem& problem) {
  std::string summary = "invalid " + std::string(key);
  if (!problem.hide_value) {
    summary += " " + quote(value.value);
  }
  diagnostics_.error(summary + ": " + problem.what, problem.hint, value.at);
}

void TomlReader::out_of_range(const Located<std::int64_t>& value, std::string_view key,
                              std::string_view range, std::string_view hint) {
  diagnostics_.error(
      std::string(key) + " must be " + std::string(range) + ", not " + std::to_string(value.value),
      std::string(hint), value.at);
}

}  // namespace hf2ms::manifest
