// The one place hub code calls nlohmann::json's throwing API: parse a response body and hand
// the document to a reader; any json exception becomes an invalid_input Error naming `what`.
// Internal to src/hub (not part of the hub's public headers).
#pragma once

#include "util/error.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace hf2ms::hub {

template <class Reader>
auto with_json(std::string_view body, std::string_view what, Reader&& reader)
    -> decltype(reader(std::declval<const nlohmann::json&>())) {
  try {
    const nlohmann::json doc = nlohmann::json::parse(body);
    return reader(doc);
  } catch (const nlohmann::json::exception& e) {
    return unexpected(make_error(ErrorKind::invalid_input,
                                 "malformed " + std::string(what) + " answer: " + e.what()));
  }
}

// `j[key]` when it is a string, else "" (hubs send null for absent values).
inline std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// `j[key]` when it is a non-empty string, else nullopt.
inline std::optional<std::string> optional_string_field(const nlohmann::json& j, const char* key) {
  std::string s = string_field(j, key);
  return s.empty() ? std::nullopt : std::optional<std::string>(std::move(s));
}

// Serialises a request body. Invalid UTF-8 is replaced rather than thrown: every string we
// send came out of a JSON answer (already valid UTF-8) or from our own code.
inline std::string dump_json(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hf2ms::hub
