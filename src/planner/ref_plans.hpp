// The ref half of the planner (manifest `refs`, docs/apply.md "Branches and tags"): the plans
// of one ref observation, next to the mirror's own default-branch plan. Internal to
// hf2ms_planner.
//
// Rules:
// - a branch the target has: compared like the mirror itself, committed to that branch;
// - a branch the target lacks: Hugging Face creates it from the target's default-branch
//   head seen when planning, and the steps are the diff against that branch; ModelScope
//   documents no call to create one, so the ref plan is skipped with a reason;
// - a tag the target has: its tree is compared with the source tag's (every selected file,
//   deletions included whatever `prune` says). Equal: keep. Different: the tag moved on the
//   source; tags are immutable once mirrored, so the ref plan is an error unless `retag =
//   true` (then replace, Hugging Face only: ModelScope documents no call to delete a tag);
// - a tag to a ModelScope dataset is skipped: the notes document tag creation for models only;
// - a tag the target lacks (or to replace): a plan whose steps turn the target's default
//   branch, as the mirror's own plan leaves it (the source default branch's tree), into the
//   tag's tree; apply commits them and tags that commit. When they change files, a restore
//   plan follows whose steps put the default branch back.
// A ref plan of a mirror that is itself skipped or failed is skipped, saying so.
#pragma once

#include "manifest/manifest.hpp"
#include "plan/plan.hpp"
#include "planner/planner.hpp"
#include "state/snapshot.hpp"
#include "util/diagnostics.hpp"

#include <vector>

namespace hf2ms::planner::detail {

// `main` / `main_plan`: the mirror's own observation and plan (null when missing: then the
// ref plan is an error).
[[nodiscard]] std::vector<plan::MirrorPlan> plan_ref(
    const manifest::Mirror& mirror, const state::MirrorObservation& observation,
    const state::MirrorObservation* main, const plan::MirrorPlan* main_plan,
    const state::Snapshot& snapshot, const PlanOptions& options, Diagnostics& diags);

}  // namespace hf2ms::planner::detail
