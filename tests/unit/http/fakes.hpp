// Test doubles for clock.hpp: a clock that only moves when told to, a sleeper that records
// every requested wait and advances that clock instead of sleeping, and a fixed "random"
// source. Together they make retry timing exact and instant.
#pragma once

#include "http/clock.hpp"

#include <chrono>
#include <mutex>
#include <vector>

namespace hf2ms::http::testing {

class FakeClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override {
    const std::lock_guard lock(mutex_);
    return steady_;
  }
  std::chrono::system_clock::time_point wall_now() const override {
    const std::lock_guard lock(mutex_);
    return wall_;
  }
  void advance(std::chrono::milliseconds by) {
    const std::lock_guard lock(mutex_);
    steady_ += by;
    wall_ += by;
  }
  void set_wall(std::chrono::system_clock::time_point wall) {
    const std::lock_guard lock(mutex_);
    wall_ = wall;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::steady_clock::time_point steady_{std::chrono::hours(1000)};
  std::chrono::system_clock::time_point wall_{std::chrono::seconds(1'700'000'000)};
};

class FakeSleeper final : public Sleeper {
 public:
  explicit FakeSleeper(FakeClock& clock) : clock_(clock) {}
  void sleep_for(std::chrono::milliseconds duration) override {
    sleeps.push_back(duration);
    clock_.advance(duration);
  }
  std::vector<std::chrono::milliseconds> sleeps;

 private:
  FakeClock& clock_;
};

class FixedRandom final : public RandomSource {
 public:
  explicit FixedRandom(double value) : value_(value) {}
  double unit() override { return value_; }

 private:
  double value_;
};

}  // namespace hf2ms::http::testing
