// JsonReader: the strict, non-throwing field reader behind task_json_read.cpp. It checks each
// value's type before reading it and records every problem as a Diagnostic naming the JSON path
// ("groups[0].files[2].size: expected an unsigned integer"), so one pass reports them all.
// Internal to src/transfer.
#pragma once

#include "util/diagnostics.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace hf2ms::transfer {

class JsonReader {
 public:
  JsonReader(Diagnostics& diags, std::string_view file, std::string_view what)
      : diags_(diags), file_(file), what_(what) {}

  // Parses without exceptions; a syntax error is reported and gives nullopt.
  [[nodiscard]] std::optional<nlohmann::json> parse(std::string_view text);

  void fail(const std::string& path, const std::string& problem);
  [[nodiscard]] static std::string join(const std::string& path, std::string_view key);
  [[nodiscard]] static std::string index(const std::string& path, std::size_t i);

  // True when `j` is an object whose keys are all in `allowed` (unknown keys are reported).
  bool object(const nlohmann::json& j, const std::string& path,
              std::initializer_list<std::string_view> allowed);

  // Required members; on a problem they report it and return a default.
  std::string str(const nlohmann::json& obj, std::string_view key, const std::string& path);
  // A member that may be null or absent.
  std::optional<std::string> opt_str(const nlohmann::json& obj, std::string_view key,
                                     const std::string& path);
  std::uint64_t u64(const nlohmann::json& obj, std::string_view key, const std::string& path);
  std::int64_t i64(const nlohmann::json& obj, std::string_view key, const std::string& path);
  bool boolean(const nlohmann::json& obj, std::string_view key, const std::string& path);
  double number(const nlohmann::json& obj, std::string_view key, const std::string& path);
  // The array member (reported and nullptr when missing or not an array).
  const nlohmann::json* array(const nlohmann::json& obj, std::string_view key,
                              const std::string& path);

  // A string member that must be one of `names`; returns the matching value.
  template <class E>
  E one_of(const nlohmann::json& obj, std::string_view key, const std::string& path,
           std::initializer_list<std::pair<std::string_view, E>> names) {
    const std::string s = str(obj, key, path);
    for (const auto& [name, value] : names) {
      if (s == name) {
        return value;
      }
    }
    if (!s.empty() || obj.contains(key)) {
      fail(join(path, key), "unknown value \"" + s + "\"");
    }
    return names.begin()->second;
  }

 private:
  const nlohmann::json* member(const nlohmann::json& obj, std::string_view key,
                               const std::string& path);

  Diagnostics& diags_;
  std::string file_;
  std::string what_;
};

}  // namespace hf2ms::transfer
