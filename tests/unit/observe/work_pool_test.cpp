#include "observe/work_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace hf2ms::observe {
namespace {

TEST(RunParallel, RunsEveryJobExactlyOnce) {
  std::vector<std::atomic<int>> hits(500);
  run_parallel(8, hits.size(), [&](std::size_t i) { ++hits[i]; });
  for (const auto& h : hits) {
    EXPECT_EQ(h.load(), 1);
  }
}

TEST(Gate, NeverLetsMoreThanItsLimitIn) {
  Gate gate(3);
  std::atomic<int> inside{0};
  std::atomic<int> peak{0};
  run_parallel(12, 200, [&](std::size_t) {
    const GatePass pass(gate);
    const int now = ++inside;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    --inside;
  });
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 1);
}

}  // namespace
}  // namespace hf2ms::observe
