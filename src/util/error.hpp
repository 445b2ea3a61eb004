// Error: an expected runtime failure at an I/O edge (network, HTTP status, disk), and Result<T>,
// the return type of every fallible edge operation. Errors are small values; whether one is
// worth retrying is a function of its kind (is_retryable), decided once, not at call sites.
#pragma once

#include "util/expected.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace hf2ms {

enum class ErrorKind {
  invalid_input,  // the request or data was malformed; fix the input
  unauthorized,   // missing or rejected credentials, or no rights on the resource
  gated,          // a gated repo whose terms the token's user has not accepted
  not_found,      // the repo, revision or file does not exist (or is invisible to us)
  conflict,       // already exists, or a stale parent commit / moved head
  rate_limited,   // 429 or an equivalent quota answer
  transient,      // 5xx, dropped connection, timeout: worth retrying
  io,             // local disk or process I/O
  internal,       // a failure we cannot classify
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  std::optional<int> http_status;
  // Seconds the server asked us to wait (Retry-After, RateLimit reset), when it said.
  std::optional<double> retry_after_seconds;
};

template <class T>
using Result = Expected<T, Error>;

[[nodiscard]] Error make_error(ErrorKind kind, std::string message,
                               std::optional<int> http_status = std::nullopt);

// True for kinds a caller may retry with backoff: rate_limited and transient.
[[nodiscard]] bool is_retryable(ErrorKind kind);

// Stable lower-case name of a kind ("not_found"), used in logs and JSON reports.
[[nodiscard]] std::string_view to_string(ErrorKind kind);

// "Repository not found (HTTP 404)": the message, with the status when the message does not
// already say it, for messages shown to people. The kind's internal name never appears (an
// empty message becomes plain words: "not found").
[[nodiscard]] std::string describe(const Error& error);

}  // namespace hf2ms
