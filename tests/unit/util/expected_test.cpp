#include "util/expected.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace hf2ms {
namespace {

Result<int> parse_positive(int x) {
  if (x <= 0) {
    return unexpected(make_error(ErrorKind::invalid_input, "not positive"));
  }
  return x;
}

TEST(Expected, HoldsValue) {
  Result<int> r = parse_positive(3);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, 3);
  EXPECT_EQ(r.value(), 3);
  EXPECT_EQ(r.value_or(9), 3);
}

TEST(Expected, HoldsError) {
  Result<int> r = parse_positive(-1);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(r.error().message, "not positive");
  EXPECT_EQ(r.value_or(9), 9);
}

TEST(Expected, ArrowReachesMembers) {
  Expected<std::string, int> r(std::string("abc"));
  EXPECT_EQ(r->size(), 3u);
}

TEST(Expected, MovesOutMoveOnlyValues) {
  Expected<std::unique_ptr<int>, int> r(std::make_unique<int>(7));
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 7);
}

TEST(Expected, VoidSuccessAndFailure) {
  Result<void> ok;
  EXPECT_TRUE(ok.has_value());
  Result<void> bad = unexpected(make_error(ErrorKind::io, "disk full"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, ErrorKind::io);
}

TEST(ExpectedDeathTest, AccessingTheWrongAlternativeAborts) {
  Result<int> r = parse_positive(0);
  EXPECT_DEATH((void)r.value(), "assertion failed");
  Result<int> good = parse_positive(1);
  EXPECT_DEATH((void)good.error(), "assertion failed");
}

TEST(Error, RetryableKindsAreRateLimitedAndTransient) {
  EXPECT_TRUE(is_retryable(ErrorKind::rate_limited));
  EXPECT_TRUE(is_retryable(ErrorKind::transient));
  EXPECT_FALSE(is_retryable(ErrorKind::not_found));
  EXPECT_FALSE(is_retryable(ErrorKind::unauthorized));
  EXPECT_FALSE(is_retryable(ErrorKind::conflict));
}

// Messages are for people: the kind's internal name ("not_found") never leaks.
TEST(Error, DescribeSaysTheMessageAndStatusWithoutTheKindName) {
  EXPECT_EQ(describe(make_error(ErrorKind::not_found, "Repository not found", 404)),
            "Repository not found (HTTP 404)");
  EXPECT_EQ(describe(make_error(ErrorKind::transient, "GET http://h/x: HTTP 503", 503)),
            "GET http://h/x: HTTP 503");
  EXPECT_EQ(describe(make_error(ErrorKind::io, "")), "I/O error");
  EXPECT_EQ(describe(make_error(ErrorKind::not_found, "", 404)), "not found (HTTP 404)");
}

}  // namespace
}  // namespace hf2ms
