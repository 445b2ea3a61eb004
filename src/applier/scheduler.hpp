// The task scheduler (STYLE.md §5): one thread keeps an Executor as busy as it allows, ninja's
// Builder over a CommandRunner. Tasks start in order while can_start_more() says yes; each
// completion is collected; a task that failed only transiently runs again (up to
// `attempts` runs). Once `stop` is requested no task starts; the executor is told to cancel
// the running ones and their (failed) results are still collected, so no task is left behind.
#pragma once

#include "applier/executor.hpp"
#include "transfer/engine.hpp"
#include "transfer/task.hpp"

#include <cstdint>
#include <stop_token>
#include <vector>

namespace hf2ms::applier {

struct SchedulerRun {
  // The last result of every task that ran, in completion order. A task that never started
  // (stopped first) has none.
  std::vector<transfer::TaskResult> results;
  std::uint64_t starts = 0;  // task runs started, retries included
};

// Runs `tasks` on `executor`; progress goes to `progress`. `attempts` < 1 counts as 1.
[[nodiscard]] SchedulerRun run_tasks(const std::vector<transfer::Task>& tasks, Executor& executor,
                                     transfer::TransferObserver& progress, int attempts,
                                     std::stop_token stop);

}  // namespace hf2ms::applier
