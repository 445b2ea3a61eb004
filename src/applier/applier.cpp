// apply(): the steps of applier.hpp, each a small function over the plan and the report.
#include "applier/applier.hpp"

#include "applier/commit_step.hpp"
#include "applier/prepare_target.hpp"
#include "applier/scheduler.hpp"
#include "applier/server_copy.hpp"
#include "applier/stale_check.hpp"
#include "hashing/hashing.hpp"
#include "transfer/make_tasks.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace hf2ms::applier {
namespace {

using FileIndex = std::map<std::pair<std::size_t, std::string>, const transfer::FileResult*>;

// Task progress, forwarded to the apply observer (same thread: wait_for_completion's).
class ProgressBridge final : public transfer::TransferObserver {
 public:
  explicit ProgressBridge(ApplyObserver& observer) : observer_(observer) {}
  void on_file_started(std::size_t mirror, const std::string& path, std::uint64_t size) override {
    observer_.on_step_started(mirror, path, size);
  }
  void on_bytes(std::size_t mirror, const std::string& path, std::uint64_t bytes) override {
    observer_.on_bytes(mirror, path, bytes);
  }
  void on_file_finished(const transfer::FileResult& result) override {
    observer_.on_step_finished(result);
  }

 private:
  ApplyObserver& observer_;
};

// One result per mirror of the plan; create/update mirrors start as applied and are demoted.
std::vector<MirrorResult> initial_results(const plan::Plan& plan) {
  std::vector<MirrorResult> out;
  for (std::size_t i = 0; i < plan.mirrors.size(); ++i) {
    const plan::MirrorPlan& m = plan.mirrors[i];
    MirrorResult r{
        i, source_label(m), target_label(m), MirrorStatus::applied, {}, {}, {}, 0, 0, 0, {}, {}};
    if (m.action == plan::MirrorAction::keep) {
      r.status = MirrorStatus::unchanged;
    } else if (m.action == plan::MirrorAction::skip) {
      r.status = MirrorStatus::skipped;
      r.reason = m.reason;
    } else if (m.action == plan::MirrorAction::error) {
      r.status = MirrorStatus::failed;
      r.reason = "not planned: " + m.reason;
    }
    out.push_back(std::move(r));
  }
  return out;
}

// The report being built, and which create/update mirrors still await their commit.
struct Mirrors {
  std::vector<MirrorResult> results;
  std::vector<bool> pending;
  void fail(std::size_t i, std::string reason) {
    results[i].status = MirrorStatus::failed;
    results[i].reason = std::move(reason);
    pending[i] = false;
  }
};

Mirrors initial_mirrors(const plan::Plan& plan) {
  Mirrors m{initial_results(plan), {}};
  for (const plan::MirrorPlan& p : plan.mirrors) {
    m.pending.push_back(changes_target(p));
  }
  return m;
}

// The files tasks copy, of mirrors still pending, with their sizes for sharding: every one
// the server-side copy did not place on the target already.
std::vector<FileToCopy> files_for_tasks(const plan::Plan& plan, const Mirrors& mirrors,
                                        const ServerCopyRun& copies) {
  std::vector<FileToCopy> files;
  for (std::size_t i = 0; i < plan.mirrors.size(); ++i) {
    if (!mirrors.pending[i]) {
      continue;
    }
    for (const plan::Step& s : plan.mirrors[i].steps) {
      if (transfer::is_copied_by_task(s) && copies.copied.count({i, s.path}) == 0) {
        files.push_back({i, s.path, s.size});
      }
    }
  }
  return files;
}

FileIndex index_files(const std::vector<transfer::TaskResult>& results) {
  FileIndex index;
  for (const transfer::TaskResult& r : results) {
    for (const transfer::FileResult& f : r.files) {
      index[{f.mirror, f.path}] = &f;
    }
  }
  return index;
}

// Why the mirror's copied files do not all stand verified on the target; "" when they do.
std::string incomplete_reason(const plan::MirrorPlan& m, std::size_t mirror, const FileIndex& files,
                              bool stopped) {
  for (const plan::Step& s : m.steps) {
    if (!transfer::is_copied_by_task(s)) {
      continue;
    }
    auto it = files.find({mirror, s.path});
    if (it == files.end()) {
      return stopped ? "cancelled before " + s.path + " was copied; nothing was committed"
                     : s.path + ": no transfer reported this file";
    }
    if (it->second->status == transfer::FileStatus::failed) {
      return s.path + ": " + it->second->error + "; nothing was committed";
    }
  }
  return {};
}

void count_steps(const plan::MirrorPlan& m, MirrorResult& r) {
  for (const plan::Step& s : m.steps) {
    const bool ignored = std::find(r.ignored.begin(), r.ignored.end(), s.path) != r.ignored.end();
    if ((s.action == plan::Action::create || s.action == plan::Action::update) && !ignored) {
      ++r.files_copied;
      r.bytes_copied += s.size;
    } else if (s.action == plan::Action::remove) {
      ++r.files_deleted;
    }
  }
}

void record_commit(const transfer::MirrorReport& mr, const plan::MirrorPlan& m, Mirrors& mirrors) {
  if (mr.mirror >= mirrors.results.size() || !mirrors.pending[mr.mirror]) {
    return;
  }
  MirrorResult& r = mirrors.results[mr.mirror];
  if (mr.outcome == transfer::MirrorOutcome::applied || !mr.not_deleted.empty()) {
    // Refused deletes aside, the whole change was committed: count it.
    r.commits = mr.commits;
    count_steps(m, r);
    r.not_deleted = mr.not_deleted;
    r.ignored = mr.ignored;
    r.files_deleted -= std::min<std::uint64_t>(r.files_deleted, mr.not_deleted.size());
    mirrors.pending[mr.mirror] = false;
  }
  if (mr.outcome == transfer::MirrorOutcome::applied) {
    return;
  }
  mirrors.fail(mr.mirror,
               mr.error.empty() ? std::string(transfer::to_string(mr.outcome)) : mr.error);
}

// Commits every pending mirror whose files all arrived; the others fail with the reason.
void commit_complete_mirrors(const plan::Plan& plan, const ApplyOptions& options,
                             const SchedulerRun& run, Executor& executor, ApplyObserver& observer,
                             Mirrors& mirrors) {
  const FileIndex files = index_files(run.results);
  const bool stopped = options.stop.stop_requested();
  transfer::CommitJob job = transfer::make_commit_job(plan, options.hubs);
  std::vector<transfer::CommitMirror> ready;
  for (transfer::CommitMirror& cm : job.mirrors) {
    if (cm.mirror >= mirrors.pending.size() || !mirrors.pending[cm.mirror]) {
      continue;
    }
    if (std::string why = incomplete_reason(plan.mirrors[cm.mirror], cm.mirror, files, stopped);
        !why.empty()) {
      mirrors.fail(cm.mirror, std::move(why));
      continue;
    }
    ready.push_back(std::move(cm));
  }
  // No commit starts after an interrupt, even for a mirror whose files all arrived: the user
  // asked to stop, and a commit is the one step that changes what readers of the target see.
  if (options.stop.stop_requested()) {
    for (const transfer::CommitMirror& cm : ready) {
      mirrors.fail(cm.mirror, "interrupted before its commit; nothing was committed");
    }
    ready.clear();
  }
  for (const transfer::CommitMirror& cm : ready) {
    observer.on_mirror_event(cm.mirror, mirrors.results[cm.mirror].target, MirrorEvent::committing,
                             {});
  }
  job.mirrors = std::move(ready);
  if (!job.mirrors.empty()) {
    const transfer::CommitReport report = executor.commit(job, run.results);
    for (const transfer::MirrorReport& mr : report.mirrors) {
      if (mr.mirror < plan.mirrors.size()) {
        record_commit(mr, plan.mirrors[mr.mirror], mirrors);
      }
    }
  }
  for (std::size_t i = 0; i < mirrors.pending.size(); ++i) {
    if (mirrors.pending[i]) {  // not in the job, or the commit step left it out
      mirrors.fail(
          i, stopped ? "cancelled; nothing was committed" : "the commit step did not report it");
    }
  }
}

// Step 1: refuse before any write when a target moved or cannot be read.
bool refuse_if_stale(const plan::Plan& plan, transfer::HubClients& hubs,
                     const std::stop_token& stop, ApplyReport& report) {
  auto stale = find_stale_targets(plan, hubs);
  if (!stale && stop.stop_requested()) {
    report.outcome = ApplyOutcome::cancelled;  // interrupted while checking: nothing written
    return true;
  }
  if (!stale) {
    report.outcome = ApplyOutcome::unchecked;
    report.error = describe(stale.error());
    return true;
  }
  if (!stale->empty()) {
    report.outcome = ApplyOutcome::stale;
    report.stale = std::move(*stale);
    return true;
  }
  return false;
}

void prepare_targets(const plan::Plan& plan, const ApplyOptions& options,
                     transfer::HubClients& hubs, ApplyObserver& observer, Mirrors& mirrors) {
  for (std::size_t i = 0; i < plan.mirrors.size(); ++i) {
    if (!mirrors.pending[i]) {
      continue;
    }
    if (options.stop.stop_requested()) {
      mirrors.fail(i, "cancelled before it started");
      continue;
    }
    auto prepared = prepare_target(plan.mirrors[i], i, hubs, observer);
    if (!prepared) {
      mirrors.fail(i, "cannot prepare the target repo: " + describe(prepared.error()));
    } else {
      mirrors.results[i].created = *prepared;
    }
  }
}

// The work ahead, counted as the plan counts it: embedded files are copied too, by the commit,
// and server-side copies by the Hub.
ApplyStart describe_work(const plan::Plan& plan, const std::vector<FileToCopy>& files,
                         std::size_t tasks, const Mirrors& mirrors, const ServerCopyRun& copies) {
  ApplyStart s;
  s.server_copied = copies.copied.size();
  s.server_copied_bytes = copies.bytes;
  s.tasks = tasks;
  s.files = files.size();
  for (const FileToCopy& f : files) {
    s.bytes += f.size;
  }
  for (std::size_t i = 0; i < mirrors.pending.size(); ++i) {
    if (!mirrors.pending[i]) {
      continue;
    }
    ++s.mirrors;
    for (const plan::Step& step : plan.mirrors[i].steps) {
      const bool copied =
          step.action == plan::Action::create || step.action == plan::Action::update;
      if (copied && step.transport == plan::Transport::embedded) {
        ++s.embedded;
        s.embedded_bytes += step.size;
      }
    }
  }
  s.files += s.embedded + s.server_copied;
  s.bytes += s.embedded_bytes + s.server_copied_bytes;
  return s;
}

// The SHA-256 ↔ git oid pairs the tasks computed, whatever became of their mirrors: a pair is
// a fact about bytes, true whether or not they were committed.
std::vector<HashPair> hash_pairs(const plan::Plan& plan, const std::vector<MirrorResult>& mirrors,
                                 const std::vector<transfer::TaskResult>& results) {
  std::vector<HashPair> pairs;
  // Embedded content (the README rewritten for HF) is hashed here: the bytes are in the plan.
  for (std::size_t i = 0; i < plan.mirrors.size() && i < mirrors.size(); ++i) {
    if (mirrors[i].status != MirrorStatus::applied) {
      continue;
    }
    for (const plan::Step& s : plan.mirrors[i].steps) {
      if (s.transport == plan::Transport::embedded && s.content &&
          (s.action == plan::Action::create || s.action == plan::Action::update)) {
        pairs.push_back({hashing::git_blob_sha1_hex(*s.content), hashing::sha256_hex(*s.content)});
      }
    }
  }
  for (const transfer::TaskResult& r : results) {
    for (const transfer::FileResult& f : r.files) {
      if (f.status != transfer::FileStatus::failed && f.sha256 && f.git_oid) {
        pairs.push_back({*f.git_oid, *f.sha256});
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace

ApplyReport apply(const plan::Plan& plan, const ApplyOptions& options, transfer::HubClients& hubs,
                  Executor& executor, ApplyObserver& observer) {
  ApplyReport report;
  if (refuse_if_stale(plan, hubs, options.stop, report)) {
    observer.on_apply_finished(report);
    return report;
  }
  Mirrors mirrors = initial_mirrors(plan);
  prepare_targets(plan, options, hubs, observer, mirrors);
  // HF→HF Xet files first: what the Hub copies, no task streams (server_copy.hpp).
  const ServerCopyRun copies = copy_server_side(plan, mirrors.pending, hubs, options.stop);
  const std::vector<FileToCopy> files = files_for_tasks(plan, mirrors, copies);
  const std::vector<transfer::Task> tasks =
      make_tasks(plan, make_shards(files, options.shards), options.hubs);
  observer.on_apply_started(describe_work(plan, files, tasks.size(), mirrors, copies));
  ProgressBridge progress(observer);
  SchedulerRun run = run_tasks(tasks, executor, progress, options.task_attempts, options.stop);
  for (const transfer::TaskResult& r : run.results) {
    report.bytes_streamed += r.bytes;
  }
  if (!copies.results.files.empty()) {
    run.results.push_back(copies.results);  // the commit step adds them by reference
  }
  commit_complete_mirrors(plan, options, run, executor, observer, mirrors);
  report.files_copied_server_side = copies.copied.size();
  report.bytes_copied_server_side = copies.bytes;
  report.tasks_run = run.starts;
  report.outcome =
      options.stop.stop_requested() ? ApplyOutcome::cancelled : ApplyOutcome::completed;
  report.mirrors = std::move(mirrors.results);
  report.hash_pairs = hash_pairs(plan, report.mirrors, run.results);
  for (const MirrorResult& r : report.mirrors) {
    observer.on_mirror_finished(r);
  }
  observer.on_apply_finished(report);
  return report;
}

}  // namespace hf2ms::applier
