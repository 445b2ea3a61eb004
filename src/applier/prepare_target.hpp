// Preparing a target before its files are copied (DESIGN.md §6): a mirror the plan creates
// gets its repo made with the planned visibility (a space copies its source's SDK; a
// ModelScope repo its source's licence when that maps to a ModelScope licence id). An
// existing repo's visibility is never changed, whatever the plan says: a plan must not make a
// private repo public. Runs on the applier's thread after the stale check, before any task
// starts.
#pragma once

#include "applier/apply_observer.hpp"
#include "plan/plan.hpp"
#include "transfer/hub_clients.hpp"
#include "util/error.hpp"

#include <cstddef>

namespace hf2ms::applier {

// Makes `m`'s target ready for its commit; reports repo_created to
// `observer`. Returns whether the repo was created. conflict when the repo appeared between
// the stale check and the create.
[[nodiscard]] Result<bool> prepare_target(const plan::MirrorPlan& m, std::size_t mirror,
                                          transfer::HubClients& hubs, ApplyObserver& observer);

}  // namespace hf2ms::applier
