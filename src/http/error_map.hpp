// error_map: the one place transport failures and bare HTTP statuses become util's ErrorKind
// (STYLE.md §4). Hub clients first look at their hub's error body (gated repos, stale parent
// commits) and fall back to this for everything else.
#pragma once

#include "http/request.hpp"
#include "util/error.hpp"

namespace hf2ms::http {

// transport failures: resolve/connect/timeout/dropped -> transient, tls/other/redirect loops ->
// internal, aborted -> io. Statuses: 400/405/413/415/422 invalid_input, 401/403 unauthorized,
// 404/410 not_found, 409/412 conflict, 429 rate_limited, 408 and 5xx transient, other 4xx
// invalid_input, anything else (1xx/3xx left unfollowed) internal.
[[nodiscard]] ErrorKind classify(Transport transport, int status);

// True when `response` is a 2xx answer with no transport failure.
[[nodiscard]] bool is_success(const Response& response);

// An Error for a response that is not a success: kind from classify, the status, the server's
// requested wait (Retry-After / RateLimit) and a message naming the method and redacted URL.
// The body is not parsed here.
[[nodiscard]] Error to_error(Method method, const Response& response);

}  // namespace hf2ms::http
