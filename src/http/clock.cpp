#include "http/clock.hpp"

#include <mutex>
#include <random>
#include <thread>

namespace hf2ms::http {
namespace {

class SystemClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::now();
  }
  std::chrono::system_clock::time_point wall_now() const override {
    return std::chrono::system_clock::now();
  }
};

class SystemSleeper final : public Sleeper {
 public:
  void sleep_for(std::chrono::milliseconds duration) override {
    std::this_thread::sleep_for(duration);
  }
};

class SystemRandom final : public RandomSource {
 public:
  double unit() override {
    const std::lock_guard lock(mutex_);
    return dist_(engine_);
  }

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_{std::random_device{}()};
  std::uniform_real_distribution<double> dist_{0.0, 1.0};
};

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

Sleeper& system_sleeper() {
  static SystemSleeper sleeper;
  return sleeper;
}

RandomSource& system_random() {
  static SystemRandom random;
  return random;
}

}  // namespace hf2ms::http
