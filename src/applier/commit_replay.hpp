// Whether a mirror's commit has already happened, so that committing it again is a no-op
// success. A Modal orchestrator restarted after its commit went through (a lost host; it is
// nonpreemptible, but not immortal), or a commit job run twice, would otherwise commit again:
// on HF that second commit fails its parentCommit, and the mirror is reported failed although
// it converged (issue #18).
//
// The rule: the target branch has moved since the plan (its head is no longer the plan's
// target head) and it now holds exactly what the mirror's steps ask for — every created or
// updated path with the planned size and SHA-256 (or, when the plan has no SHA-256, the planned
// git blob oid), and none of the removed paths. Files the steps do not name are not looked at
// (the plan left them alone). When the hub gives too little to prove a match, the answer is
// "not applied" and the commit step commits as before.
#pragma once

#include "hub/hub.hpp"
#include "hub/types.hpp"
#include "plan/plan.hpp"
#include "transfer/task.hpp"

#include <span>

namespace hf2ms::applier {

// Pure: whether `target` (a listing of the target branch) reflects every step in `steps`.
[[nodiscard]] bool target_matches_steps(std::span<const plan::Step> steps,
                                        std::span<const hub::FileEntry> target);

// Reads the target's head and, when it moved since the plan, its listing. Any error reading
// them answers false (the commit then goes ahead and reports its own error).
[[nodiscard]] bool already_applied(const transfer::CommitMirror& mirror, hub::HubReader& target);

}  // namespace hf2ms::applier
