#include "applier/local_executor.hpp"

#include "applier/commit_step.hpp"

#include <algorithm>

namespace hf2ms::applier {

// The shared hub clients behind a lock: AccessHubClients creates clients lazily, so the lookup
// itself must not race; the clients' calls then run concurrently.
class LocalExecutor::LockedClients final : public transfer::HubClients {
 public:
  explicit LockedClients(transfer::HubClients& inner) : inner_(inner) {}
  Result<hub::HubReader*> reader(manifest::Hub hub) override {
    const std::lock_guard lock(mutex_);
    return inner_.reader(hub);
  }
  Result<hub::HubWriter*> writer(manifest::Hub hub) override {
    const std::lock_guard lock(mutex_);
    return inner_.writer(hub);
  }

 private:
  std::mutex mutex_;
  transfer::HubClients& inner_;
};

namespace {

// Runs on a worker thread: turns the engine's callbacks into queued events.
class Forwarder final : public transfer::TransferObserver {
 public:
  explicit Forwarder(LocalExecutor& executor) : executor_(executor) {}
  void on_file_started(std::size_t mirror, const std::string& path, std::uint64_t size) override {
    executor_.post(LocalExecutor::Started{mirror, path, size});
  }
  void on_bytes(std::size_t mirror, const std::string& path, std::uint64_t bytes) override {
    executor_.post(LocalExecutor::Bytes{mirror, path, bytes});
  }
  void on_file_finished(const transfer::FileResult& result) override {
    executor_.post(LocalExecutor::Finished{result});
  }

 private:
  LocalExecutor& executor_;
};

void deliver(const LocalExecutor::Event& e, transfer::TransferObserver& progress) {
  if (const auto* s = std::get_if<LocalExecutor::Started>(&e)) {
    progress.on_file_started(s->mirror, s->path, s->size);
  } else if (const auto* b = std::get_if<LocalExecutor::Bytes>(&e)) {
    progress.on_bytes(b->mirror, b->path, b->bytes);
  } else if (const auto* f = std::get_if<LocalExecutor::Finished>(&e)) {
    progress.on_file_finished(f->result);
  }
}

}  // namespace

LocalExecutor::LocalExecutor(transfer::HubClients& clients, LocalExecutorOptions options)
    : clients_(std::make_unique<LockedClients>(clients)), options_(std::move(options)) {}

LocalExecutor::~LocalExecutor() {
  cancel();
  workers_.clear();  // joins
}

bool LocalExecutor::can_start_more() const {
  return running_ < std::max<std::size_t>(options_.parallelism, 1);
}

void LocalExecutor::start(const transfer::Task& task) {
  transfer::TransferOptions options = options_.transfer;
  options.stop = stop_.get_token();
  ++running_;
  workers_.erase(task.index);  // a finished earlier run of the same task: joins at once
  workers_.emplace(task.index, std::jthread([this, task, options] {
                     Forwarder forward(*this);
                     post(Done{transfer::run_task(task, *clients_, options, &forward)});
                   }));
}

void LocalExecutor::post(Event event) {
  {
    const std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  ready_.notify_one();
}

std::optional<transfer::TaskResult> LocalExecutor::wait_for_completion(
    transfer::TransferObserver& progress) {
  if (running_ == 0) {
    return std::nullopt;
  }
  for (;;) {
    std::deque<Event> batch;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return !events_.empty(); });
      // Up to and including the first Done; later events stay for the next call.
      while (!events_.empty()) {
        const bool done = std::holds_alternative<Done>(events_.front());
        batch.push_back(std::move(events_.front()));
        events_.pop_front();
        if (done) {
          break;
        }
      }
    }
    for (Event& e : batch) {
      if (auto* d = std::get_if<Done>(&e)) {
        --running_;
        return std::move(d->result);
      }
      deliver(e, progress);
    }
  }
}

void LocalExecutor::cancel() { stop_.request_stop(); }

transfer::CommitReport LocalExecutor::commit(const transfer::CommitJob& job,
                                             std::span<const transfer::TaskResult> results) {
  return run_commit_job(job, results, *clients_);
}

}  // namespace hf2ms::applier
