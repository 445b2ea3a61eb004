#include "hubsim/ms_rate_limit.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim {
namespace {

using std::chrono::milliseconds;

TEST(MsCommitLimiter, AdmitsEverythingWhenOff) {
  MsCommitLimiter limiter(MsCommitLimit{});
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(limiter.admit("o/n", milliseconds(0)).has_value());
  }
}

TEST(MsCommitLimiter, RefusesOverTheLimitWithinTheWindowPerRepo) {
  MsCommitLimiter limiter(MsCommitLimit{2, milliseconds(10'000)});
  EXPECT_FALSE(limiter.admit("o/n", milliseconds(0)).has_value());
  EXPECT_FALSE(limiter.admit("o/n", milliseconds(1'000)).has_value());
  EXPECT_EQ(limiter.admit("o/n", milliseconds(2'500)), 8);
  EXPECT_FALSE(limiter.admit("o/other", milliseconds(2'500)).has_value());
  EXPECT_FALSE(limiter.admit("o/n", milliseconds(10'000)).has_value());
}

}  // namespace
}  // namespace hf2ms::hubsim
