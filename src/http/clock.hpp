// clock: the time and randomness the HTTP layer depends on, behind small interfaces so retry
// and rate-limit logic is tested with a fake clock, a fake sleeper and a fixed random source,
// and no test ever sleeps for real. The system_* objects are the production implementations.
#pragma once

#include <chrono>

namespace hf2ms::http {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time, for deadlines and durations.
  [[nodiscard]] virtual std::chrono::steady_clock::time_point now() const = 0;
  // Wall time, only to interpret HTTP-date values (Retry-After).
  [[nodiscard]] virtual std::chrono::system_clock::time_point wall_now() const = 0;
};

class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

// Uniform doubles in [0, 1), for backoff jitter.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  [[nodiscard]] virtual double unit() = 0;
};

// Process-wide production instances (thread-safe).
[[nodiscard]] Clock& system_clock();
[[nodiscard]] Sleeper& system_sleeper();
[[nodiscard]] RandomSource& system_random();

}  // namespace hf2ms::http
