// The commit step: after every transfer task has reported, commit each mirror whose files all
// arrived (DESIGN.md §6: readers never see a half-uploaded file; a file whose bytes did not
// verify is never committed). Runs where `hf2ms transfer --commit` runs: in the Modal
// orchestrator, or in-process for the local executor.
//
// Per mirror of the CommitJob: every create/update step copied by a task must have a result
// that is uploaded, already_present or inline_deferred, else the mirror is skipped; a file the
// target ignores (FileStatus::ignored) is left out of the commit and listed in
// MirrorReport::ignored. The CommitSpec then holds LFS adds by SHA-256 (the plan's, matched by
// the transfer's result; for a step without one, the SHA-256 the transfer computed from bytes it
// verified against the plan's git oid: a saved plan is untrusted, so no unchecked plan hash is
// ever committed), inline adds whose bytes came in the transfer's result or, past its carry
// budget, are fetched here from the source at the pinned commit — either way checked against
// the plan (SHA-256, else the git blob oid, and the size) — embedded steps' content, and the
// removes. The
// plan's target head goes along as CommitSpec::parent_commit: HF chains parentCommit from it, and
// MsClient refuses when the branch is not there right before a commit. Both clients split a
// large change into several commits (hub/commit_batches.hpp).
//
// A source read by branch or tag name (ModelScope, transfer::read_revision) is checked before
// the inline files are fetched and again before committing: when its head is no longer the
// planned commit, the mirror fails and nothing is committed (the transfer may have read two
// states of the source).
#pragma once

#include "applier/sharding.hpp"
#include "plan/plan.hpp"
#include "transfer/hub_clients.hpp"
#include "transfer/make_tasks.hpp"
#include "transfer/task.hpp"

#include <span>
#include <vector>

namespace hf2ms::applier {

// transfer::make_tasks over the shards of applier/sharding.hpp (one task per shard).
[[nodiscard]] std::vector<transfer::Task> make_tasks(const plan::Plan& plan,
                                                     std::span<const Shard> shards,
                                                     const std::vector<transfer::HubAccess>& hubs);

// Commits what can be committed; never throws, never stops at a failed mirror. `results` are
// the task results in any order (a file may appear once).
[[nodiscard]] transfer::CommitReport run_commit_job(const transfer::CommitJob& job,
                                                    std::span<const transfer::TaskResult> results,
                                                    transfer::HubClients& clients);

}  // namespace hf2ms::applier
