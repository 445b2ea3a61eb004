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

namespace {

std::string_view plain_words(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return "invalid input";
    case ErrorKind::unauthorized:
      return "not authorized";
    case ErrorKind::gated:
      return "gated";
    case ErrorKind::not_found:
      return "not found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::rate_limited:
      return "rate limited";
    case ErrorKind::transient:
      return "temporary failure";
    case ErrorKind::io:
      return "I/O error";
    case ErrorKind::internal:
      return "internal error";
  }
  return "internal error";
}

}  // namespace

std::string describe(const Error& error) {
  std::string out = error.message.empty() ? std::string(plain_words(error.kind)) : error.message;
  if (error.http_status) {
    const std::string status = "HTTP " + std::to_string(*error.http_status);
    if (out.find(status) == std::string::npos) {
      out += " (" + status + ")";
    }
  }
  return out;
}

}  // namespace hf2ms
