// retry: when a failed HTTP attempt is tried again, and after how long. decide_retry is a pure
// function of the attempt's outcome and the response headers; the engine applies it and does
// the waiting through an injectable Sleeper/Clock (clock.hpp).
//
// The rules merge the hubs' notes (protocols/huggingface-hub.md §10,
// protocols/modelscope-hub.md §9):
// - retried: 408, 429, 500, 502, 503, 504, DNS/connect failures, timeouts, dropped connections;
// - a server-requested wait wins over backoff: RateLimit with r=0 (t= seconds, or the
//   RateLimit-Policy window w= when t is absent), then Retry-After (delta-seconds or HTTP-date);
// - otherwise exponential backoff with full jitter: uniform in [0, min(max_delay, base*2^(n-1))];
// - a not_safe request (a commit POST) is retried only when the connection never opened;
// - bounded by max_attempts and by max_total elapsed time.
#pragma once

#include "http/clock.hpp"
#include "http/headers.hpp"
#include "http/request.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hf2ms::http {

struct RetryPolicy {
  int max_attempts = 6;  // including the first
  std::chrono::milliseconds base_delay{1'000};
  std::chrono::milliseconds max_delay{30'000};
  // The longest server-requested wait we honour; a longer one ends the retries with the wait
  // reported in Error::retry_after_seconds (ModelScope may ask for up to 1800 s).
  std::chrono::milliseconds max_server_delay{300'000};
  std::chrono::milliseconds max_total{900'000};
};

// What one attempt produced, as decide_retry needs it.
struct AttemptOutcome {
  int attempt = 1;  // attempts made so far, counting this one
  Idempotency idempotency = Idempotency::not_safe;
  Transport transport = Transport::none;
  int status = 0;
  const Headers* headers = nullptr;      // of the answer, when there was one
  std::chrono::milliseconds elapsed{0};  // since the first attempt started
  std::chrono::system_clock::time_point wall_now{};
  // False when the request body was a stream that was partly sent and cannot rewind, or the
  // consumer already received body bytes: then repeating would corrupt data.
  bool replayable = true;
};

enum class Verdict {
  done,     // not a retryable failure: hand the outcome to the caller
  retry,    // wait `delay`, then try again
  give_up,  // retryable in kind, but not allowed or out of budget
};

struct RetryDecision {
  Verdict verdict = Verdict::done;
  std::chrono::milliseconds delay{0};
  // The server-requested wait, when there was one (also set when it was too long).
  std::optional<std::chrono::milliseconds> server_delay;
  std::string reason;  // for the log: "HTTP 503", "Retry-After 7s", "not safe to repeat"
};

[[nodiscard]] RetryDecision decide_retry(const RetryPolicy& policy, const AttemptOutcome& outcome,
                                         RandomSource& random);

// True for statuses worth retrying: 408, 429, 500, 502, 503, 504.
[[nodiscard]] bool is_retryable_status(int status);

// Retry-After: "120" or an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), relative to
// `wall_now`; a date in the past gives zero. nullopt when unparseable.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point wall_now);

// The IETF draft RateLimit fields as HF sends them (draft-ietf-httpapi-ratelimit-headers v9):
// `RateLimit: "api";r=0;t=172` and `RateLimit-Policy: "fixed window";"api";q=500;w=300`.
// The older `remaining=0, reset=172` form is accepted too. With several items, the one with
// the least remaining (then the longest reset) is reported.
struct RateLimitState {
  std::optional<long> remaining;
  std::optional<long> reset_seconds;
  std::optional<long> window_seconds;  // from RateLimit-Policy w=
};
[[nodiscard]] RateLimitState parse_rate_limit(const Headers& headers);

// The wait the server asked for in `headers`: RateLimit exhausted (r=0) first, else
// Retry-After. nullopt when it asked for none.
[[nodiscard]] std::optional<std::chrono::milliseconds> server_requested_delay(
    const Headers& headers, std::chrono::system_clock::time_point wall_now);

}  // namespace hf2ms::http
