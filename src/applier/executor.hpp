// Executor: where the transfer tasks of an apply run (DESIGN.md §7). The applier is a
// single-threaded scheduler over this interface, in the shape of ninja's CommandRunner:
// it asks can_start_more(), hands over tasks with start(), and collects results with
// wait_for_completion(). Executors differ only in where tasks run: LocalExecutor runs
// transfer::run_task in-process on worker threads; the Modal executor (a later issue) will
// hand the tasks and the commit job to deploy/modal/hf2ms_modal.py, where the same
// `hf2ms transfer` code runs them. Workers never see the plan: only Tasks and CommitJobs.
//
// Threading: every method is called from the scheduler's thread, except cancel(), which may be
// called from any thread (the Ctrl-C watcher). Progress callbacks are delivered on the
// scheduler's thread, inside wait_for_completion().
#pragma once

#include "transfer/engine.hpp"
#include "transfer/task.hpp"

#include <optional>
#include <span>

namespace hf2ms::applier {

class Executor {
 public:
  Executor() = default;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  virtual ~Executor() = default;

  // True when start() may be called now (a parallelism cap, a container budget).
  [[nodiscard]] virtual bool can_start_more() const = 0;

  // Starts `task` (the executor keeps its own copy). Its result comes back, exactly once,
  // from wait_for_completion(), also when the task fails or is cancelled.
  virtual void start(const transfer::Task& task) = 0;

  // Blocks until one started task has finished and returns its result; meanwhile progress of
  // running tasks goes to `progress` on this thread. nullopt when no task is running.
  [[nodiscard]] virtual std::optional<transfer::TaskResult> wait_for_completion(
      transfer::TransferObserver& progress) = 0;

  // Asks every running task to stop soon: their results report the unfinished files as
  // failed ("cancelled") and nothing partial is stored as a whole blob. Thread-safe.
  virtual void cancel() = 0;

  // The commit step (applier/commit_step.hpp) for `job`, where this executor runs it, once
  // every task has reported. `results` are all the task results.
  [[nodiscard]] virtual transfer::CommitReport commit(
      const transfer::CommitJob& job, std::span<const transfer::TaskResult> results) = 0;
};

}  // namespace hf2ms::applier
