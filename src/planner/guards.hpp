// Plan-wide guards, run by make_plan after every mirror is planned (internal to
// hf2ms_planner; planner.hpp states the rules): checks that need all mirrors at once, such as
// two mirrors whose `*` expansions write the same concrete target, or deletions over the
// manifest's max_delete_total. Each refusal turns the mirrors concerned into `error`
// mirrors with a diagnostic, like any other refusal.
#pragma once

#include "manifest/manifest.hpp"
#include "planner/planner.hpp"

namespace hf2ms::planner::detail {

// Refuses every mirror whose concrete target (hub, id compared case-insensitively, type) is
// also written by another planned mirror of the plan.
void refuse_shared_targets(const manifest::Manifest& manifest, PlanResult& result);

// Refuses every mirror that deletes files when the plan deletes more than
// manifest.max_delete_total files in all.
void refuse_excess_deletions(const manifest::Manifest& manifest, PlanResult& result);

// The concrete repo names of an expanded `*` mirror must follow the id rules (a hub listing
// is not trusted to); a message when `p`'s source or target does not.
[[nodiscard]] std::optional<std::string> bad_expanded_name(const manifest::Mirror& mirror,
                                                           const plan::MirrorPlan& p);

}  // namespace hf2ms::planner::detail
