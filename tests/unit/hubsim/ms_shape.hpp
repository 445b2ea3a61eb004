// Test helper: compares two JSON values by shape (same object keys, same JSON types, arrays
// compared element-wise against the first expected element), and loads recorded fixtures
// from ../shared/fixtures/modelscope/ next to the source tree.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace hf2ms::hubsim::testing {

inline std::string json_kind(const nlohmann::json& v) {
  if (v.is_number_integer()) {
    return "integer";  // signed and unsigned are the same JSON type
  }
  return v.type_name();
}

// Appends to `problems` every difference in shape between `expected` and `actual` below `at`.
inline void collect_shape_differences(const nlohmann::json& expected, const nlohmann::json& actual,
                                      const std::string& at, std::vector<std::string>& problems) {
  if (json_kind(expected) != json_kind(actual)) {
    problems.push_back(at + ": expected " + json_kind(expected) + ", got " + json_kind(actual));
    return;
  }
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key)) {
        problems.push_back(at + "." + key + ": missing");
      } else {
        collect_shape_differences(value, actual[key], at + "." + key, problems);
      }
    }
  } else if (expected.is_array() && !expected.empty()) {
    for (std::size_t i = 0; i < actual.size(); ++i) {
      collect_shape_differences(expected[0], actual[i], at + "[" + std::to_string(i) + "]",
                                problems);
    }
  }
}

inline std::vector<std::string> shape_differences(const nlohmann::json& expected,
                                                  const nlohmann::json& actual) {
  std::vector<std::string> problems;
  collect_shape_differences(expected, actual, "$", problems);
  return problems;
}

// The fixture `name` under ../shared/fixtures/modelscope/ (or $HF2MS_SHARED_DIR/fixtures/...
// for a checkout elsewhere, e.g. a git worktree), or nullopt when absent.
inline std::optional<nlohmann::json> load_ms_fixture(const std::string& name) {
  const char* shared = std::getenv("HF2MS_SHARED_DIR");
  const std::string root =
      shared != nullptr ? std::string(shared) : std::string(HF2MS_SOURCE_DIR) + "/../shared";
  std::ifstream in(root + "/fixtures/modelscope/" + name);
  if (!in) {
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded()) {
    return std::nullopt;
  }
  return json;
}

}  // namespace hf2ms::hubsim::testing
