// ModalExecutor: one whole-job `modal run` behind the one-task-at-a-time Executor interface
// (modal_executor.hpp says how the two shapes meet).
#include "applier/modal_executor.hpp"

#include <algorithm>
#include <utility>

namespace hf2ms::applier {
namespace {

transfer::TaskResult failed_task(std::size_t index, const std::string& why) {
  transfer::TaskResult r;
  r.task = index;
  r.error = why;
  return r;
}

transfer::MirrorReport failed_mirror(const transfer::CommitMirror& m, const std::string& why) {
  transfer::MirrorReport r;
  r.mirror = m.mirror;
  r.target = std::string(m.target.hub == manifest::Hub::hf ? "hf:" : "ms:") + m.target.id;
  r.outcome = transfer::MirrorOutcome::failed;
  r.error = why;
  return r;
}

}  // namespace

ModalExecutor::ModalExecutor(ModalExecutorOptions options) : options_(std::move(options)) {
  options_.run.handle = &handle_;
}

bool ModalExecutor::can_start_more() const { return true; }

void ModalExecutor::start(const transfer::Task& task) {
  if (!ran_) {
    tasks_.push_back(task);
    return;
  }
  // A second start after the run: Modal has retried already; the first answer stands.
  auto it = std::find_if(results_.begin(), results_.end(),
                         [&](const transfer::TaskResult& r) { return r.task == task.index; });
  ready_.push_back(it != results_.end() ? *it : failed_task(task.index, "not run on Modal"));
}

bool ModalExecutor::detached() const { return run_ && run_->outcome && run_->outcome->detached; }

void ModalExecutor::run_job(transfer::TransferObserver* progress) {
  ran_ = true;
  std::stop_callback interrupt(options_.stop, [this] { handle_.interrupt(SIGINT); });
  ModalRunOptions run_options = options_.run;
  if (progress != nullptr) {
    remote_.emplace(tasks_, *progress);
    run_options.take_line = [this, inner = options_.run.take_line](std::string_view line) {
      return remote_->take(line) || (inner && inner(line));
    };
  }
  auto run = run_modal_job(ModalJob{tasks_, options_.commit}, run_options);
  if (!run) {
    failure_ = describe(run.error());
  } else {
    run_ = std::move(*run);
    if (!run_->outcome) {
      failure_ = run_->problem;
    } else if (run_->outcome->detached) {
      failure_ = "running detached in Modal; its commits happen there";
    }
  }
  for (const transfer::Task& t : tasks_) {
    const std::vector<transfer::TaskResult>* got =
        run_ && run_->outcome ? &run_->outcome->results : nullptr;
    auto it = got == nullptr ? results_.end()
                             : std::find_if(got->begin(), got->end(),
                                            [&](const auto& r) { return r.task == t.index; });
    const bool found = got != nullptr && it != got->end();
    results_.push_back(
        found ? *it
              : failed_task(t.index, failure_.empty() ? "Modal reported no result" : failure_));
  }
  ready_.insert(ready_.end(), results_.begin(), results_.end());
}

std::optional<transfer::TaskResult> ModalExecutor::wait_for_completion(
    transfer::TransferObserver& progress) {
  if (!ran_ && !tasks_.empty()) {
    run_job(&progress);
  }
  if (ready_.empty()) {
    return std::nullopt;
  }
  transfer::TaskResult next = std::move(ready_.front());
  ready_.pop_front();
  if (remote_) {
    remote_->top_up(next);
  }
  for (const transfer::FileResult& f : next.files) {
    progress.on_file_finished(f);
  }
  return next;
}

transfer::CommitReport ModalExecutor::commit(const transfer::CommitJob& job,
                                             std::span<const transfer::TaskResult> /*results*/) {
  if (!ran_) {
    run_job(nullptr);  // a job with nothing to copy (removes, embedded files) still runs on Modal
  }
  const transfer::CommitReport* remote =
      run_ && run_->outcome && run_->outcome->commit ? &*run_->outcome->commit : nullptr;
  std::string why = failure_;
  if (why.empty()) {
    why = run_ && run_->outcome && !run_->outcome->commit_error.empty()
              ? "the commit step failed: " + run_->outcome->commit_error
              : "the remote commit step did not report it";
  }
  transfer::CommitReport report;
  report.ok = true;
  for (const transfer::CommitMirror& m : job.mirrors) {
    auto it = remote == nullptr ? std::vector<transfer::MirrorReport>::const_iterator{}
                                : std::find_if(remote->mirrors.begin(), remote->mirrors.end(),
                                               [&](const auto& r) { return r.mirror == m.mirror; });
    const bool found = remote != nullptr && it != remote->mirrors.end();
    report.mirrors.push_back(found ? *it : failed_mirror(m, why));
    report.ok = report.ok && report.mirrors.back().outcome == transfer::MirrorOutcome::applied;
  }
  return report;
}

}  // namespace hf2ms::applier
