// Internal to src/manifest: typed, diagnosing access to a parsed toml++ table. Every getter
// reports a wrong type or an unknown key as a Diagnostic at the node's `file:line:col` and
// returns nullopt, so the walk in read.cpp / read_mirror.cpp continues and every problem is
// reported in one run. String values that look like hub tokens are never returned nor echoed:
// parse() reports them once from the raw text (token_scan.hpp).
#pragma once

#include "manifest/problem.hpp"
#include "util/diagnostics.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::manifest {

template <class T>
struct Located {
  T value;
  SourceLocation at;
};

class TomlReader {
 public:
  TomlReader(std::string_view file, Diagnostics& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  [[nodiscard]] SourceLocation at(const toml::source_region& region) const;
  [[nodiscard]] SourceLocation at(const toml::node& node) const { return at(node.source()); }
  [[nodiscard]] Diagnostics& diagnostics() { return diagnostics_; }

  // Reports each key of `table` that is not in `allowed`; `where` names the table in messages
  // ("[defaults]").
  void check_keys(const toml::table& table, std::span<const std::string_view> allowed,
                  std::string_view where);

  // Getters: nullopt when the key is absent or its value is unusable (already reported).
  // `example` is a right-hand side shown in the hint of a type error, e.g. "100".
  std::optional<Located<std::string>> string(const toml::table& t, std::string_view key,
                                             std::string_view example);
  std::optional<Located<std::int64_t>> integer(const toml::table& t, std::string_view key,
                                               std::string_view example);
  std::optional<Located<bool>> boolean(const toml::table& t, std::string_view key);
  // An array of strings; items of another type are reported and left out.
  std::optional<std::vector<Located<std::string>>> strings(const toml::table& t,
                                                           std::string_view key,
                                                           std::string_view example);
  const toml::table* table(const toml::table& t, std::string_view key);
  // A string that must be one of `names`; returns its index.
  std::optional<std::size_t> choice(const toml::table& t, std::string_view key,
                                    std::span<const std::string_view> names);

  void type_error(const toml::node& node, std::string_view key, std::string_view expected,
                  std::string_view example);
  // "invalid <key> '<value>': <what>" + hint, or without the value when it may be secret.
  void invalid(const Located<std::string>& value, std::string_view key, const Problem& problem);
  // An integer outside its range: "<key> must be <range>, not <value>".
  void out_of_range(const Located<std::int64_t>& value, std::string_view key,
                    std::string_view range, std::string_view hint);

 private:
  std::string file_;
  Diagnostics& diagnostics_;
};

// The value shown in a message: at most 60 characters, control characters as '?'.
[[nodiscard]] std::string quote(std::string_view value);

}  // namespace hf2ms::manifest
