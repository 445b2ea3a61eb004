// The stale-plan check (DESIGN.md §4): before apply writes anything, the target head of every
// mirror the plan changes is read again and compared with `MirrorPlan::target_head`. A plan
// made against another state of a target must not be applied: files it proved equal may no
// longer be, and deletes could remove someone else's work. HF commits also carry the head as
// parentCommit, so a race after this check still fails safe.
#pragma once

#include "applier/apply_report.hpp"
#include "plan/plan.hpp"
#include "transfer/hub_clients.hpp"
#include "util/error.hpp"

#include <string>
#include <vector>

namespace hf2ms::applier {

// "ms:ns/name".
[[nodiscard]] std::string target_label(const plan::MirrorPlan& m);
[[nodiscard]] std::string source_label(const plan::MirrorPlan& m);

// True for mirrors apply writes to (create / update).
[[nodiscard]] bool changes_target(const plan::MirrorPlan& m);

// The targets that moved since planning (empty: the plan is current). An Error when a target
// could not be read; its message names the mirror.
[[nodiscard]] Result<std::vector<StaleTarget>> find_stale_targets(const plan::Plan& plan,
                                                                  transfer::HubClients& hubs);

}  // namespace hf2ms::applier
