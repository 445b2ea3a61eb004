// The observer's small concurrency kit: run_parallel runs N independent jobs on a few
// std::jthread workers, and a Gate caps how many calls are in flight on one hub. The
// observer is the only user outside transfer/ and applier/ (STYLE.md §5): reading hundreds
// of mirrors one request at a time would take minutes where it can take seconds.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

namespace hf2ms::observe {

// Calls `job(i)` once for every i in [0, `count`), on up to `threads` worker threads (inline
// when one is enough), and returns when all have finished. Jobs must not throw.
void run_parallel(std::size_t threads, std::size_t count,
                  const std::function<void(std::size_t)>& job);

// A counting semaphore whose limit is chosen at run time. Thread-safe.
class Gate {
 public:
  explicit Gate(std::size_t limit);
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  void acquire();  // blocks while `limit` holders are inside
  void release();

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t free_;
};

// Holds one place in a Gate for its lifetime.
class GatePass {
 public:
  explicit GatePass(Gate& gate) : gate_(gate) { gate_.acquire(); }
  ~GatePass() { gate_.release(); }
  GatePass(const GatePass&) = delete;
  GatePass& operator=(const GatePass&) = delete;

 private:
  Gate& gate_;
};

}  // namespace hf2ms::observe
