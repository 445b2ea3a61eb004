#include "http/retry.hpp"

#include "http/rate_limits.hpp"

#include <climits>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

namespace hf2ms::http {
namespace {

using std::chrono::milliseconds;

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 IMF-fixdate, the only form servers must send).
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  static constexpr std::string_view k_months = "JanFebMarAprMayJunJulAugSepOctNovDec";
  text = trim_ows(text);
  if (text.size() != 29 || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto day = parse_header_count(text.substr(5, 2));
  const std::size_t month = k_months.find(text.substr(8, 3));
  const auto year = parse_header_count(text.substr(12, 4));
  const auto hour = parse_header_count(text.substr(17, 2));
  const auto minute = parse_header_count(text.substr(20, 2));
  const auto second = parse_header_count(text.substr(23, 2));
  if (!day || month == std::string_view::npos || month % 3 != 0 || !year || !hour || !minute ||
      !second) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_mday = static_cast<int>(*day);
  tm.tm_mon = static_cast<int>(month / 3);
  tm.tm_year = static_cast<int>(*year) - 1900;
  tm.tm_hour = static_cast<int>(*hour);
  tm.tm_min = static_cast<int>(*minute);
  tm.tm_sec = static_cast<int>(*second);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

bool is_tighter(const RateLimitState& a, const RateLimitState& b) {
  if (a.remaining != b.remaining) {
    return a.remaining.value_or(LONG_MAX) < b.remaining.value_or(LONG_MAX);
  }
  return a.reset_seconds.value_or(0) > b.reset_seconds.value_or(0);
}

bool is_pre_request_failure(Transport transport) {
  return transport == Transport::resolve || transport == Transport::connect;
}

bool is_retryable_transport(Transport transport) {
  return is_pre_request_failure(transport) || transport == Transport::timeout ||
         transport == Transport::dropped;
}

milliseconds full_jitter(const RetryPolicy& policy, int attempt, RandomSource& random) {
  const int exponent = std::clamp(attempt - 1, 0, 30);
  const double ceiling =
      std::min(static_cast<double>(policy.max_delay.count()),
               static_cast<double>(policy.base_delay.count()) * std::ldexp(1.0, exponent));
  return milliseconds(static_cast<long>(std::floor(random.unit() * ceiling)));
}

RetryDecision give_up(std::string reason) {
  return RetryDecision{Verdict::give_up, milliseconds(0), std::nullopt, std::move(reason)};
}

std::string describe_failure(const AttemptOutcome& outcome) {
  if (outcome.transport != Transport::none) {
    return std::string(to_string(outcome.transport));
  }
  return "HTTP " + std::to_string(outcome.status);
}

}  // namespace

bool is_retryable_status(int status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point wall_now) {
  if (const auto seconds = parse_header_count(value)) {
    return milliseconds(*seconds * 1000);
  }
  const auto date = parse_http_date(value);
  if (!date) {
    return std::nullopt;
  }
  return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(*date - wall_now));
}

RateLimitState parse_rate_limit(const Headers& headers) {
  RateLimitState best;
  bool seen = false;
  for (const BucketLimit& limit : parse_bucket_limits(headers)) {
    const RateLimitState item{limit.remaining, limit.reset_seconds, limit.window_seconds};
    if (!seen || is_tighter(item, best)) {
      best = item;
      seen = true;
    }
  }
  return best;
}

std::optional<milliseconds> server_requested_delay(const Headers& headers,
                                                   std::chrono::system_clock::time_point wall_now) {
  const RateLimitState limit = parse_rate_limit(headers);
  if (limit.remaining == 0) {
    if (const auto wait = limit.reset_seconds ? limit.reset_seconds : limit.window_seconds) {
      return milliseconds(*wait * 1000);
    }
  }
  if (const auto retry_after = headers.get("Retry-After")) {
    return parse_retry_after(*retry_after, wall_now);
  }
  return std::nullopt;
}

RetryDecision decide_retry(const RetryPolicy& policy, const AttemptOutcome& outcome,
                           RandomSource& random) {
  const bool failed_transport = is_retryable_transport(outcome.transport);
  if (!failed_transport &&
      (outcome.transport != Transport::none || !is_retryable_status(outcome.status))) {
    return RetryDecision{};
  }
  const std::string what = describe_failure(outcome);
  if (outcome.idempotency == Idempotency::not_safe && !is_pre_request_failure(outcome.transport)) {
    return give_up(what + "; not safe to repeat");
  }
  if (!outcome.replayable && !is_pre_request_failure(outcome.transport)) {
    return give_up(what + "; body cannot be replayed");
  }
  if (outcome.attempt >= policy.max_attempts) {
    return give_up(what + "; " + std::to_string(outcome.attempt) + " attempts made");
  }
  RetryDecision decision{Verdict::retry, milliseconds(0), std::nullopt, what};
  if (outcome.headers != nullptr && outcome.transport == Transport::none) {
    decision.server_delay = server_requested_delay(*outcome.headers, outcome.wall_now);
  }
  if (decision.server_delay) {
    decision.delay = *decision.server_delay;
    decision.reason += "; server asked to wait " + std::to_string(decision.delay.count()) + " ms";
    if (decision.delay > policy.max_server_delay) {
      decision.verdict = Verdict::give_up;
      return decision;
    }
  } else {
    decision.delay = full_jitter(policy, outcome.attempt, random);
  }
  if (outcome.elapsed + decision.delay > policy.max_total) {
    decision.verdict = Verdict::give_up;
    decision.reason += "; retry time budget spent";
  }
  return decision;
}

}  // namespace hf2ms::http
