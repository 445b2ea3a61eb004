// The file-level half of the planner: compare one mirror's selected source files with its
// target and produce the steps (internal to hf2ms_planner; planner.hpp states the rules).
#pragma once

#include "manifest/manifest.hpp"
#include "plan/plan.hpp"
#include "planner/planner.hpp"
#include "state/snapshot.hpp"

#include <string>
#include <vector>

namespace hf2ms::planner::detail {

// A reason the mirror cannot be planned, with what to do about it.
struct Refusal {
  std::string message;
  std::string hint;
};

struct FileDiff {
  std::vector<plan::Step> steps;  // sorted by path
  std::vector<Refusal> errors;    // non-empty: the mirror is refused
  std::vector<std::string> warnings;
};

// `observation` must have no error and an existing source.
[[nodiscard]] FileDiff diff_files(const manifest::Mirror& mirror,
                                  const state::MirrorObservation& observation,
                                  const state::Snapshot& snapshot, const PlanOptions& options);

}  // namespace hf2ms::planner::detail
