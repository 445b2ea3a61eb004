// applier::apply: make a plan true (DESIGN.md §4, §6). The edge step after planning:
//
//   1. Re-read the target head of every mirror the plan changes (HubReader::repo_info on the
//      target branch). If any moved, appeared or disappeared since planning, refuse the whole
//      apply before any write (ApplyOutcome::stale, naming each mirror and how it moved); if one
//      cannot be read, refuse too (unchecked).
//   2. Create the missing target repos with the planned visibility.
//   3. Shard the files to copy (sharding.hpp), turn the shards into Tasks (make_tasks) and run
//      them through the Executor: a single-threaded scheduler keeps it as busy as
//      can_start_more() allows, and runs a task that failed transiently once more.
//   4. Commit each mirror whose copied files all arrived verified (Executor::commit, i.e. the
//      commit step); a mirror with a failed file is not committed. Independent mirrors go on
//      when one fails.
//
// Cancellation: when `options.stop` is requested (Ctrl-C), no new task starts, the executor
// cancels the running ones, and no commit starts any more (a commit already sent is let
// finish, so the report knows whether it landed); the report says cancelled and which
// mirrors were committed before the interrupt. Re-running apply (after a new plan) converges: blobs
// already stored are not sent again.
#pragma once

#include "applier/apply_observer.hpp"
#include "applier/apply_report.hpp"
#include "applier/executor.hpp"
#include "applier/sharding.hpp"
#include "plan/plan.hpp"
#include "transfer/hub_clients.hpp"
#include "transfer/task.hpp"

#include <stop_token>
#include <vector>

namespace hf2ms::applier {

struct ApplyOptions {
  // Copied into every Task and the CommitJob: where workers find the hubs (no tokens).
  std::vector<transfer::HubAccess> hubs;
  ShardOptions shards;
  // Runs of one task when it fails with only transient errors (1 = no second run).
  int task_attempts = 2;
  std::stop_token stop;  // Ctrl-C; default: never
};

// Applies `plan`. `hubs` serves the applier's own reads (the stale check) and writes (repo
// creation); `executor` runs the tasks and the commit step. Never throws; every failure is in
// the report.
[[nodiscard]] ApplyReport apply(const plan::Plan& plan, const ApplyOptions& options,
                                transfer::HubClients& hubs, Executor& executor,
                                ApplyObserver& observer);

}  // namespace hf2ms::applier
