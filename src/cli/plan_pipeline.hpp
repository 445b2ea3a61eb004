// The planning pipeline shared by `hf2ms plan` and `hf2ms apply` (without a saved plan):
// read and parse the manifest (diagnostics to stderr, nothing contacted when it is invalid),
// then observe both hubs and make the plan (DESIGN.md §3–§5, STYLE.md §3). Each command keeps
// its own arguments and output; only these steps are common.
#pragma once

#include "cli/hub_session.hpp"
#include "manifest/manifest.hpp"
#include "manifest/resolve.hpp"
#include "observe/oid_cache.hpp"
#include "planner/planner.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hf2ms::cli {

// The git-oid cache under the user's cache folder (observe::cache_dir), authenticated with
// $HF2MS_OID_CACHE_KEY when that is set (observe/oid_cache.hpp); a memory-only one when there
// is no folder or it cannot be opened (a warning says so).
[[nodiscard]] std::unique_ptr<observe::OidCache> open_oid_cache(const manifest::EnvLookup& env);

struct LoadedManifest {
  std::string text;  // the bytes, for the plan's manifest digest
  manifest::Manifest manifest;
};

// Reads and parses `file`, printing its diagnostics (and why it stops) to stderr. nullopt when
// it cannot be read or is invalid.
[[nodiscard]] std::optional<LoadedManifest> load_manifest(const std::string& file);

// The same for manifest text that is not a file (`hf2ms migrate`): `name` prefixes the
// diagnostics, `invalid` says what was wrong ("the migrate arguments are invalid").
[[nodiscard]] std::optional<LoadedManifest> parse_manifest_text(std::string text,
                                                                const std::string& name,
                                                                const std::string& invalid);

struct PlanSelection {
  std::vector<std::string> targets;                          // --target globs
  std::vector<std::string> excludes;                         // --exclude globs
  std::size_t parallelism = observe::k_default_parallelism;  // hub requests in flight
};

// Observes both hubs through `hubs` and plans (planner::make_plan), with the git-oid cache
// under the user's cache folder. Diagnostics are in the result, not printed.
[[nodiscard]] planner::PlanResult make_plan_from_hubs(const PlanSelection& selection,
                                                      const LoadedManifest& loaded,
                                                      HubSession& hubs);

}  // namespace hf2ms::cli
