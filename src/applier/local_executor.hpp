// LocalExecutor: runs transfer tasks in this process (DESIGN.md §7 `local`), with the same
// transfer::run_task the `hf2ms transfer` worker runs, so it streams hub to hub and writes
// nothing to disk. Up to `parallelism` tasks run at once, each on its own std::jthread with
// its own curl engine; the hub clients are shared behind a lock (their calls are
// thread-compatible over a thread-safe Performer). Progress events and results are queued by
// the workers and handed to the scheduler's thread in wait_for_completion(). The commit step
// runs in-process too (applier/commit_step.hpp).
#pragma once

#include "applier/executor.hpp"
#include "transfer/engine.hpp"
#include "transfer/hub_clients.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <variant>

namespace hf2ms::applier {

struct LocalExecutorOptions {
  std::size_t parallelism = 4;         // tasks at once (0 counts as 1)
  transfer::TransferOptions transfer;  // per task; its `stop` is replaced by the executor's
};

class LocalExecutor final : public Executor {
 public:
  // `clients` must outlive the executor and allow calls from several threads at once for
  // different hubs' clients (AccessHubClients over a PooledEnginePerformer does).
  LocalExecutor(transfer::HubClients& clients, LocalExecutorOptions options);
  ~LocalExecutor() override;  // cancels and joins running tasks

  [[nodiscard]] bool can_start_more() const override;
  void start(const transfer::Task& task) override;
  [[nodiscard]] std::optional<transfer::TaskResult> wait_for_completion(
      transfer::TransferObserver& progress) override;
  void cancel() override;
  [[nodiscard]] transfer::CommitReport commit(
      const transfer::CommitJob& job, std::span<const transfer::TaskResult> results) override;

  // What a worker thread reports, in order (public for the worker's observer).
  struct Started {
    std::size_t mirror;
    std::string path;
    std::uint64_t size;
  };
  struct Bytes {
    std::size_t mirror;
    std::string path;
    std::uint64_t bytes;
  };
  struct Finished {
    transfer::FileResult result;
  };
  struct Done {
    transfer::TaskResult result;
  };
  using Event = std::variant<Started, Bytes, Finished, Done>;
  void post(Event event);  // thread-safe

 private:
  class LockedClients;

  std::unique_ptr<LockedClients> clients_;
  LocalExecutorOptions options_;
  std::stop_source stop_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Event> events_;
  std::size_t running_ = 0;                      // scheduler thread only
  std::map<std::size_t, std::jthread> workers_;  // by task index; scheduler thread only
};

}  // namespace hf2ms::applier
