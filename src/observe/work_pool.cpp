#include "observe/work_pool.hpp"

#include "util/assert.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace hf2ms::observe {

void run_parallel(std::size_t threads, std::size_t count,
                  const std::function<void(std::size_t)>& job) {
  const std::size_t workers = std::min(std::max<std::size_t>(threads, 1), count);
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      job(i);
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  {
    std::vector<std::jthread> pool;
    pool.reserve(workers);
    for (std::size_t w = 0; w < workers; ++w) {
      pool.emplace_back([&] {
        for (std::size_t i = next++; i < count; i = next++) {
          job(i);
        }
      });
    }
  }  // the jthreads join here
}

Gate::Gate(std::size_t limit) : free_(limit) { HF2MS_ASSERT(limit > 0); }

void Gate::acquire() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [this] { return free_ > 0; });
  --free_;
}

void Gate::release() {
  {
    const std::lock_guard lock(mutex_);
    ++free_;
  }
  freed_.notify_one();
}

}  // namespace hf2ms::observe
