// make_tasks and make_commit_job: the pure step that turns a Plan and its sharding into the
// work the executors run (DESIGN.md §7). Each shard becomes one Task holding, per mirror, the
// files of that shard with what the plan promised about them; the CommitJob carries every
// mirror with changes and its create/update/remove steps. The applier calls these with the
// shards from applier/sharding.hpp (applier/commit_step.hpp converts them), so this module
// does not depend on the applier.
#pragma once

#include "plan/plan.hpp"
#include "transfer/task.hpp"

#include <span>
#include <vector>

namespace hf2ms::transfer {

// A file of the plan: mirror index and path.
struct FileKey {
  std::size_t mirror = 0;
  std::string path;
  bool operator==(const FileKey&) const = default;
};

// One Task per shard (task.index = shard position). Files whose step is not a create/update
// with transport stream or lfs are left out (embedded steps are committed from the plan);
// keys naming no such step are ignored. Groups come out in mirror order, files by path.
// `hubs` is copied into every task.
[[nodiscard]] std::vector<Task> make_tasks(const plan::Plan& plan,
                                           std::span<const std::vector<FileKey>> shards,
                                           const std::vector<HubAccess>& hubs);

// The files of `plan` that tasks must copy (create/update steps with stream or lfs
// transport), for sharding.
[[nodiscard]] std::vector<FileKey> files_to_copy(const plan::Plan& plan);

// Every mirror whose action is create or update, with its create/update/remove steps.
[[nodiscard]] CommitJob make_commit_job(const plan::Plan& plan, const std::vector<HubAccess>& hubs);

// True when the step's bytes come from the source through a task.
[[nodiscard]] bool is_copied_by_task(const plan::Step& step);

}  // namespace hf2ms::transfer
