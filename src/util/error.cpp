#include "util/error.hpp"

namespace hf2ms {

Error make_error(ErrorKind kind, std::string message, std::optional<int> http_status) {
  return Error{kind, std::move(message), http_status, std::nullopt};
}

bool is_retryable(ErrorKind kind) {
  return kind == ErrorKind::rate_limited || kind == ErrorKind::transient;
}

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return "invalid_input";
    case ErrorKind::unauthorized:
      return "unauthorized";
    case ErrorKind::gated:
      return "gated";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::rate_limited:
      return "rate_limited";
    case ErrorKind::transient:
      return "transient";
    case ErrorKind::io:
      return "io";
    case ErrorKind::internal:
      return "internal";
  }
  return "internal";
}

std::string describe(const Error& error) {
  std::string out(to_string(error.kind));
  if (error.http_status) {
    out += " (HTTP " + std::to_string(*error.http_status) + ")";
  }
  if (!error.message.empty()) {
    out += ": " + error.message;
  }
  return out;
}

}  // namespace hf2ms
