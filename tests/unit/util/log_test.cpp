#include "util/log.hpp"

#include "util/secret.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace hf2ms::log {
namespace {

// Counts how often it is formatted, to prove disabled levels never format.
struct Probe {
  int* count;
};
std::ostream& operator<<(std::ostream& os, const Probe& probe) {
  ++*probe.count;
  return os << "probe";
}

// Restores the process-wide level so tests do not leak state into each other.
class LogTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = level(); }
  void TearDown() override { set_level(saved_); }

 private:
  Level saved_ = Level::warn;
};

TEST(Log, ParsesLevelNamesCaseInsensitively) {
  EXPECT_EQ(parse_level("DEBUG"), Level::debug);
  EXPECT_EQ(parse_level("info"), Level::info);
  EXPECT_EQ(parse_level("Warning"), Level::warn);
  EXPECT_EQ(parse_level("off"), Level::off);
  EXPECT_EQ(parse_level("verbose"), std::nullopt);
}

TEST_F(LogTest, DropsMessagesBelowTheLevel) {
  set_level(Level::info);
  ::testing::internal::CaptureStderr();
  debug("hidden ", 1);
  info("shown ", 2);
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out, "hf2ms: info: shown 2\n");
}

TEST_F(LogTest, DoesNotFormatDisabledMessages) {
  set_level(Level::warn);
  int formatted = 0;
  const Probe probe{&formatted};
  debug(probe);
  EXPECT_EQ(formatted, 0);
  set_level(Level::debug);
  ::testing::internal::CaptureStderr();
  debug(probe);
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(formatted, 1);
}

TEST_F(LogTest, SecretPrintsMasked) {
  set_level(Level::debug);
  ::testing::internal::CaptureStderr();
  debug("token=", Secret("hf_supersecret"));
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out.find("hf_supersecret"), std::string::npos);
  EXPECT_NE(out.find("token=***"), std::string::npos);
}

TEST_F(LogTest, OffSilencesWarnings) {
  set_level(Level::off);
  ::testing::internal::CaptureStderr();
  warn("nothing");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace hf2ms::log
