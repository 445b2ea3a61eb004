#include "applier/scheduler.hpp"

#include "util/log.hpp"

#include <deque>
#include <map>

namespace hf2ms::applier {

SchedulerRun run_tasks(const std::vector<transfer::Task>& tasks, Executor& executor,
                       transfer::TransferObserver& progress, int attempts, std::stop_token stop) {
  // Ctrl-C reaches the running tasks at once, even while this thread waits below.
  std::stop_callback cancel_running(stop, [&executor] { executor.cancel(); });
  std::deque<std::size_t> queue;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    queue.push_back(i);
  }
  std::map<std::size_t, int> runs;                 // by position in `tasks`
  std::map<std::size_t, std::size_t> position_of;  // task.index -> position
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    position_of[tasks[i].index] = i;
  }
  SchedulerRun out;
  std::size_t running = 0;
  for (;;) {
    while (!stop.stop_requested() && !queue.empty() && executor.can_start_more()) {
      const std::size_t i = queue.front();
      queue.pop_front();
      ++runs[i];
      ++out.starts;
      ++running;
      executor.start(tasks[i]);
    }
    if (running == 0) {
      break;
    }
    std::optional<transfer::TaskResult> done = executor.wait_for_completion(progress);
    if (!done) {
      break;  // the executor lost its tasks; the missing results fail their mirrors
    }
    --running;
    const std::size_t i = position_of[done->task];
    if (!done->ok && done->retryable && runs[i] < attempts && !stop.stop_requested()) {
      log::info("task ", done->task, " failed transiently (", done->error, "); running it again");
      queue.push_front(i);
      continue;
    }
    out.results.push_back(std::move(*done));
  }
  return out;
}

}  // namespace hf2ms::applier
