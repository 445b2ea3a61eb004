// The per-bucket rate-limit book: which bucket a route is counted in, the header parsing, and
// the pacing rules, with explicit times (no clock, no network).
#include "http/rate_limits.hpp"

#include <gtest/gtest.h>

namespace hf2ms::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string k_hf = "https://huggingface.co";
const SteadyTime k_t0{std::chrono::hours(1000)};

Headers answer(const std::string& bucket, long remaining, long reset, long quota = 1000,
               long window = 300) {
  Headers h;
  h.add("RateLimit",
        "\"" + bucket + "\";r=" + std::to_string(remaining) + ";t=" + std::to_string(reset));
  h.add("RateLimit-Policy", "\"fixed window\";\"" + bucket + "\";q=" + std::to_string(quota) +
                                ";w=" + std::to_string(window));
  return h;
}

// Admits one request in `bucket` at `now` and settles it with `h`.
void exchange(RateLimitBook& book, const std::string& bucket, const Headers& h, SteadyTime now) {
  ASSERT_TRUE(book.admit(k_hf, bucket, now).admitted);
  book.settle(k_hf, bucket, &h, now);
}

TEST(BucketOfPath, FollowsTheHubsRoutes) {
  EXPECT_EQ(bucket_of_path("/api/models/acme/m/revision/main"), "api");
  EXPECT_EQ(bucket_of_path("/api/models/acme/m/commit/main"), "api");
  EXPECT_EQ(bucket_of_path("/api"), "api");
  EXPECT_EQ(bucket_of_path("/acme/m/resolve/abc/config.json"), "resolvers");
  EXPECT_EQ(bucket_of_path("/datasets/acme/d/resolve/main/a.csv?download=true"), "resolvers");
  EXPECT_EQ(bucket_of_path("/api/resolve-cache/models/acme/m/abc/config.json"), "resolvers");
  EXPECT_EQ(bucket_of_path("/acme/m.git/info/lfs/objects/batch"), "");
  EXPECT_EQ(bucket_of_path("/acme/m"), "pages");
  EXPECT_EQ(bucket_of_path("/apis"), "pages");
}

TEST(ParseBucketLimits, ReadsEveryBucketWithItsPolicy) {
  Headers h;
  h.add("RateLimit", "\"api\";r=12;t=30, \"resolvers\";r=0;t=172");
  h.add("RateLimit-Policy",
        "\"fixed window\";\"resolvers\";q=5000;w=300, \"fixed window\";\"api\";q=1000;w=300");
  const auto limits = parse_bucket_limits(h);
  ASSERT_EQ(limits.size(), 2u);
  EXPECT_EQ(limits[0].bucket, "api");
  EXPECT_EQ(limits[0].remaining, 12);
  EXPECT_EQ(limits[0].reset_seconds, 30);
  EXPECT_EQ(limits[0].quota, 1000);
  EXPECT_EQ(limits[1].bucket, "resolvers");
  EXPECT_EQ(limits[1].remaining, 0);
  EXPECT_EQ(limits[1].quota, 5000);
  EXPECT_EQ(limits[1].window_seconds, 300);
}

TEST(ParseBucketLimits, LegacyFormHasNoBucketAndJunkIsSkipped) {
  Headers h;
  h.add("RateLimit", "remaining=0, reset=17");
  auto limits = parse_bucket_limits(h);
  ASSERT_EQ(limits.size(), 1u);
  EXPECT_EQ(limits[0].bucket, "");
  EXPECT_EQ(limits[0].remaining, 0);
  EXPECT_EQ(limits[0].reset_seconds, 17);
  Headers junk;
  junk.add("RateLimit", "\"api\";r=-3;t=x");
  limits = parse_bucket_limits(junk);
  ASSERT_EQ(limits.size(), 1u);
  EXPECT_FALSE(limits[0].remaining.has_value());
  EXPECT_FALSE(limits[0].reset_seconds.has_value());
}

TEST(RateLimitBook, OneRequestProbesUntilTheFirstAnswer) {
  RateLimitBook book;
  ASSERT_TRUE(book.admit(k_hf, "api", k_t0).admitted);
  EXPECT_FALSE(book.admit(k_hf, "api", k_t0).admitted) << "no burst into an unknown bucket";
  book.settle(k_hf, "api", nullptr, k_t0);  // no answer: still unknown
  ASSERT_TRUE(book.admit(k_hf, "api", k_t0).admitted);
  Headers unmetered;  // a host that sends no RateLimit (ModelScope, a CDN)
  book.settle(k_hf, "api", &unmetered, k_t0);
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(book.admit(k_hf, "api", k_t0).admitted) << i;
  }
}

TEST(RateLimitBook, AnEmptyResolversBucketDoesNotHoldApiCalls) {
  RateLimitBook book;
  exchange(book, "resolvers", answer("resolvers", 0, 120, 5000), k_t0);
  const auto download = book.admit(k_hf, "resolvers", k_t0 + seconds(1));
  EXPECT_FALSE(download.admitted);
  EXPECT_EQ(download.retry_at, k_t0 + seconds(120) + milliseconds(500));
  EXPECT_TRUE(book.admit(k_hf, "api", k_t0 + seconds(1)).admitted);  // e.g. a commit
  EXPECT_TRUE(book.admit("https://other.example", "resolvers", k_t0 + seconds(1)).admitted);
}

TEST(RateLimitBook, RequestsInFlightCountAgainstTheRemainingOnes) {
  RateLimitBook book;
  exchange(book, "api", answer("api", 2, 60), k_t0);
  EXPECT_TRUE(book.admit(k_hf, "api", k_t0).admitted);
  EXPECT_TRUE(book.admit(k_hf, "api", k_t0).admitted);
  const auto third = book.admit(k_hf, "api", k_t0);
  EXPECT_FALSE(third.admitted);  // both remaining requests are in flight
  EXPECT_LT(third.retry_at, k_t0 + seconds(1));
  EXPECT_TRUE(book.holds(k_t0).empty()) << "not a wait for the reset";
  const Headers one_left = answer("api", 1, 60);
  book.settle(k_hf, "api", &one_left, k_t0);  // the server had counted the other one already
  EXPECT_FALSE(book.admit(k_hf, "api", k_t0).admitted);
  const Headers none_left = answer("api", 0, 60);
  book.settle(k_hf, "api", &none_left, k_t0);
  const auto after = book.admit(k_hf, "api", k_t0 + seconds(1));
  EXPECT_FALSE(after.admitted);
  EXPECT_EQ(after.retry_at, k_t0 + seconds(60) + milliseconds(500));
  const auto holds = book.holds(k_t0 + seconds(1));
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].origin, k_hf);
  EXPECT_EQ(holds[0].bucket, "api");
  EXPECT_EQ(holds[0].until, after.retry_at);
  EXPECT_EQ(book.holds(k_t0 + seconds(30)).size(), 1u) << "the hold lasts the whole wait";
  EXPECT_TRUE(book.holds(k_t0 + seconds(61)).empty()) << "and ends with the reset";
}

TEST(RateLimitBook, AFreshWindowGrantsTheQuotaAgain) {
  RateLimitBook book;
  exchange(book, "api", answer("api", 0, 10, 3, 10), k_t0);
  EXPECT_FALSE(book.admit(k_hf, "api", k_t0 + seconds(5)).admitted);
  const SteadyTime later = k_t0 + seconds(11);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(book.admit(k_hf, "api", later).admitted) << i;
  }
  EXPECT_FALSE(book.admit(k_hf, "api", later).admitted) << "the quota is 3";
  EXPECT_TRUE(book.holds(later + seconds(5)).empty()) << "the hold was not for a reset";
}

TEST(RateLimitBook, AnAnswerOfTheNextWindowReplacesTheOldState) {
  RateLimitBook book;
  exchange(book, "api", answer("api", 5, 10, 1000, 300), k_t0);
  // Same window: a later answer with a higher count (it was counted earlier) changes nothing.
  exchange(book, "api", answer("api", 7, 10, 1000, 300), k_t0 + milliseconds(200));
  exchange(book, "api", answer("api", 3, 10, 1000, 300), k_t0 + milliseconds(300));
  // The next window: far later reset, fresh count.
  exchange(book, "api", answer("api", 998, 300, 1000, 300), k_t0 + seconds(11));
  // A late answer of the window before does not take the state back to it.
  exchange(book, "api", answer("api", 2, 1, 1000, 300), k_t0 + seconds(11));
  for (int i = 0; i < 998; ++i) {
    ASSERT_TRUE(book.admit(k_hf, "api", k_t0 + seconds(12)).admitted) << i;
  }
  EXPECT_FALSE(book.admit(k_hf, "api", k_t0 + seconds(12)).admitted);
}

TEST(RateLimitBook, AnAnswerNamingNoBucketHoldsTheWholeOrigin) {
  RateLimitBook book;
  Headers legacy;
  legacy.add("RateLimit", "remaining=0, reset=30");
  ASSERT_TRUE(book.admit(k_hf, "api", k_t0).admitted);
  book.settle(k_hf, "api", &legacy, k_t0);
  EXPECT_FALSE(book.admit(k_hf, "api", k_t0).admitted);
  EXPECT_FALSE(book.admit(k_hf, "resolvers", k_t0).admitted);
  EXPECT_TRUE(book.admit(k_hf, "api", k_t0 + seconds(31)).admitted);
}

TEST(RateLimitBook, AHugeResetIsCapped) {
  RateLimitBook book;
  exchange(book, "api", answer("api", 0, 999'999'999), k_t0);
  const auto a = book.admit(k_hf, "api", k_t0);
  EXPECT_FALSE(a.admitted);
  EXPECT_LE(a.retry_at, k_t0 + seconds(901));
}

TEST(RateLimitBook, AnAnswerWithoutHeadersOnlyReleasesTheSlot) {
  RateLimitBook book;
  exchange(book, "api", answer("api", 1, 60), k_t0);
  ASSERT_TRUE(book.admit(k_hf, "api", k_t0).admitted);
  EXPECT_FALSE(book.admit(k_hf, "api", k_t0).admitted);
  book.settle(k_hf, "api", nullptr, k_t0);  // a transport failure: never counted here
  EXPECT_TRUE(book.admit(k_hf, "api", k_t0).admitted);
}

}  // namespace
}  // namespace hf2ms::http
