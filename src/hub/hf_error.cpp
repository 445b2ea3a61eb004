// Mapping of Hub error answers to ErrorKind (protocols/huggingface-hub.md §3.2–§3.3).
#include "http/error_map.hpp"
#include "hub/hf_json.hpp"
#include "hub/json_adapter.hpp"

#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

std::string message_from_body(std::string_view body) {
  auto text = with_json(body, "error", [](const nlohmann::json& j) -> Result<std::string> {
    if (j.is_object() && j.contains("error")) {
      const auto& e = j["error"];
      return e.is_string() ? e.get<std::string>() : e.dump();
    }
    return unexpected(make_error(ErrorKind::internal, ""));
  });
  return text ? *text : std::string(body.substr(0, 300));
}

ErrorKind kind_for(int status, std::string_view code) {
  if (code == "GatedRepo") {
    return ErrorKind::gated;
  }
  if (code == "RepoNotFound" || code == "RevisionNotFound" || code == "EntryNotFound") {
    return ErrorKind::not_found;
  }
  return http::classify(http::Transport::none, status);
}

}  // namespace

Error hf_error(int status, std::string_view error_code, std::string_view error_message,
               std::string_view body) {
  std::string message =
      error_message.empty() ? message_from_body(body) : std::string(error_message);
  return make_error(kind_for(status, error_code), std::move(message), status);
}

}  // namespace hf2ms::hub
