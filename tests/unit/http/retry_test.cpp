#include "http/retry.hpp"

#include "fakes.hpp"

#include <gtest/gtest.h>

namespace hf2ms::http {
namespace {

using std::chrono::milliseconds;
using testing::FixedRandom;

// 2023-11-14T22:13:20Z
const std::chrono::system_clock::time_point k_now{std::chrono::seconds(1'700'000'000)};

AttemptOutcome outcome_with(int attempt, int status, const Headers* headers = nullptr) {
  AttemptOutcome o;
  o.attempt = attempt;
  o.idempotency = Idempotency::safe_to_retry;
  o.status = status;
  o.headers = headers;
  o.wall_now = k_now;
  return o;
}

TEST(Retry, SuccessAndClientErrorsAreDone) {
  FixedRandom random(0.5);
  EXPECT_EQ(decide_retry({}, outcome_with(1, 200), random).verdict, Verdict::done);
  EXPECT_EQ(decide_retry({}, outcome_with(1, 404), random).verdict, Verdict::done);
  EXPECT_EQ(decide_retry({}, outcome_with(1, 501), random).verdict, Verdict::done);
}

TEST(Retry, BackoffIsFullJitterOverADoublingCappedCeiling) {
  RetryPolicy policy;
  policy.base_delay = milliseconds(1000);
  policy.max_delay = milliseconds(8000);
  policy.max_attempts = 10;
  FixedRandom half(0.5);
  EXPECT_EQ(decide_retry(policy, outcome_with(1, 503), half).delay, milliseconds(500));
  EXPECT_EQ(decide_retry(policy, outcome_with(2, 503), half).delay, milliseconds(1000));
  EXPECT_EQ(decide_retry(policy, outcome_with(3, 502), half).delay, milliseconds(2000));
  EXPECT_EQ(decide_retry(policy, outcome_with(9, 500), half).delay, milliseconds(4000));
  FixedRandom zero(0.0);
  EXPECT_EQ(decide_retry(policy, outcome_with(4, 504), zero).delay, milliseconds(0));
  EXPECT_EQ(decide_retry(policy, outcome_with(4, 504), zero).verdict, Verdict::retry);
}

TEST(Retry, StopsAfterMaxAttempts) {
  RetryPolicy policy;
  policy.max_attempts = 3;
  FixedRandom random(0.5);
  EXPECT_EQ(decide_retry(policy, outcome_with(2, 503), random).verdict, Verdict::retry);
  EXPECT_EQ(decide_retry(policy, outcome_with(3, 503), random).verdict, Verdict::give_up);
}

TEST(Retry, StopsWhenTheTimeBudgetIsSpent) {
  RetryPolicy policy;
  policy.max_total = milliseconds(10'000);
  FixedRandom random(0.99);
  AttemptOutcome o = outcome_with(2, 503);  // backoff 0.99 * 2 s
  o.elapsed = milliseconds(9'000);
  EXPECT_EQ(decide_retry(policy, o, random).verdict, Verdict::give_up);
  o.elapsed = milliseconds(1'000);
  EXPECT_EQ(decide_retry(policy, o, random).verdict, Verdict::retry);
}

TEST(Retry, HonoursRetryAfterSeconds) {
  Headers h;
  h.add("Retry-After", "7");
  FixedRandom random(0.5);
  const RetryDecision d = decide_retry({}, outcome_with(1, 429, &h), random);
  EXPECT_EQ(d.verdict, Verdict::retry);
  EXPECT_EQ(d.delay, milliseconds(7000));
  EXPECT_EQ(d.server_delay, milliseconds(7000));
}

TEST(Retry, HonoursRetryAfterHttpDate) {
  Headers h;
  h.add("Retry-After", "Tue, 14 Nov 2023 22:13:50 GMT");  // k_now + 30 s
  FixedRandom random(0.5);
  EXPECT_EQ(decide_retry({}, outcome_with(1, 503, &h), random).delay, milliseconds(30'000));
  EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:13:00 GMT", k_now), milliseconds(0));
  EXPECT_EQ(parse_retry_after("soon", k_now), std::nullopt);
  EXPECT_EQ(parse_retry_after("Tue, 14 Foo 2023 22:13:00 GMT", k_now), std::nullopt);
}

TEST(Retry, HonoursExhaustedRateLimitBeforeRetryAfter) {
  Headers h;
  h.add("RateLimit", "\"api\";r=0;t=42");
  h.add("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300");
  h.add("Retry-After", "1");
  FixedRandom random(0.5);
  EXPECT_EQ(decide_retry({}, outcome_with(1, 429, &h), random).delay, milliseconds(42'000));
}

TEST(Retry, FallsBackToThePolicyWindowWithoutReset) {
  Headers h;
  h.add("RateLimit", "\"resolvers\";r=0");
  h.add("RateLimit-Policy", "\"fixed window\";\"resolvers\";q=3000;w=300");
  EXPECT_EQ(server_requested_delay(h, k_now), milliseconds(300'000));
}

TEST(Retry, IgnoresRateLimitWithQuotaLeft) {
  Headers h;
  h.add("RateLimit", "\"resolvers\";r=2999;t=172");
  FixedRandom random(0.5);
  EXPECT_EQ(server_requested_delay(h, k_now), std::nullopt);
  EXPECT_EQ(decide_retry({}, outcome_with(1, 429, &h), random).delay, milliseconds(500));
}

TEST(Retry, ParsesSeveralAndLegacyRateLimitItems) {
  Headers h;
  h.add("RateLimit", "\"api\";r=10;t=5, \"resolvers\";r=0;t=60");
  const RateLimitState s = parse_rate_limit(h);
  EXPECT_EQ(s.remaining, 0);
  EXPECT_EQ(s.reset_seconds, 60);
  Headers legacy;
  legacy.add("RateLimit", "limit=100, remaining=0, reset=50");
  EXPECT_EQ(parse_rate_limit(legacy).reset_seconds, 50);
  EXPECT_EQ(parse_rate_limit(legacy).remaining, 0);
}

TEST(Retry, GivesUpWhenTheServerAsksForTooLong) {
  RetryPolicy policy;
  policy.max_server_delay = milliseconds(60'000);
  Headers h;
  h.add("Retry-After", "1800");
  FixedRandom random(0.5);
  const RetryDecision d = decide_retry(policy, outcome_with(1, 429, &h), random);
  EXPECT_EQ(d.verdict, Verdict::give_up);
  EXPECT_EQ(d.server_delay, milliseconds(1'800'000));
}

TEST(Retry, RetriesTransportFailures) {
  FixedRandom random(0.5);
  for (const Transport t :
       {Transport::resolve, Transport::connect, Transport::timeout, Transport::dropped}) {
    AttemptOutcome o = outcome_with(1, 0);
    o.transport = t;
    EXPECT_EQ(decide_retry({}, o, random).verdict, Verdict::retry) << to_string(t);
  }
  for (const Transport t : {Transport::tls, Transport::aborted, Transport::other}) {
    AttemptOutcome o = outcome_with(1, 0);
    o.transport = t;
    EXPECT_EQ(decide_retry({}, o, random).verdict, Verdict::done) << to_string(t);
  }
}

TEST(Retry, NotSafeRequestsRetryOnlyWhenNeverSent) {
  FixedRandom random(0.5);
  AttemptOutcome o = outcome_with(1, 500);
  o.idempotency = Idempotency::not_safe;
  EXPECT_EQ(decide_retry({}, o, random).verdict, Verdict::give_up);
  o.status = 429;
  EXPECT_EQ(decide_retry({}, o, random).verdict, Verdict::give_up);
  o.status = 0;
  o.transport = Transport::dropped;
  EXPECT_EQ(decide_retry({}, o, random).verdict, Verdict::give_up);
  o.transport = Transport::connect;
  EXPECT_EQ(decide_retry({}, o, random).verdict, Verdict::retry);
}

TEST(Retry, UnreplayableBodiesAreNotRetried) {
  FixedRandom random(0.5);
  AttemptOutcome o = outcome_with(1, 503);
  o.replayable = false;
  EXPECT_EQ(decide_retry({}, o, random).verdict, Verdict::give_up);
}

}  // namespace
}  // namespace hf2ms::http
