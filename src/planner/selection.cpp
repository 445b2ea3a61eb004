#include "manifest/filter.hpp"
#include "planner/planner.hpp"

#include <algorithm>

namespace hf2ms::planner {

namespace {

bool matches_any(std::string_view ref, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return manifest::Glob(p).matches(ref); });
}

}  // namespace

bool is_selected(std::string_view target_ref, const MirrorSelection& selection) {
  if (!selection.targets.empty() && !matches_any(target_ref, selection.targets)) {
    return false;
  }
  return !matches_any(target_ref, selection.excludes);
}

}  // namespace hf2ms::planner
