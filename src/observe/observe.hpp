// observe: the I/O edge of `hf2ms plan` (STYLE.md §3). It reads both hubs for every selected
// mirror of a manifest and returns the state::Snapshot the pure planner decides on, filling
// in exactly what snapshot.hpp's contract asks for:
// - `*` mirrors expanded with list_repos on the source hub (target name = source name);
// - the source pinned at the commit its revision (or default branch) points to, with the
//   full listing at that commit;
// - the target's existence, head commit of the branch apply writes, privacy and listing;
// - `sha256_by_oid` for every small HF file a comparison needs (state::files_needing_sha256),
//   from the OidCache or by fetching the file, checking its git blob id and hashing it;
// - `source_texts["README.md"]` when the target hub is HF;
// - a clear per-mirror `error` (gated, private or missing source, a failed listing, a target
//   that cannot be seen without a usable token, ...) instead of failing the whole observation.
//
// Concurrency: up to `parallelism` std::jthread workers run the reads, and at most
// `hf_max_in_flight` / `ms_max_in_flight` calls are in flight on each hub. The result does
// not depend on timing: observations are sorted by (mirror index, target, source).
#pragma once

#include "hub/hub.hpp"
#include "manifest/manifest.hpp"
#include "planner/planner.hpp"
#include "state/snapshot.hpp"

#include <cstddef>
#include <string>

namespace hf2ms::observe {

class OidCache;

inline constexpr std::size_t k_default_parallelism = 64;

// The readers of both hubs. They are called from several threads at once, so they must be
// thread-safe (HfClient/MsClient over a PooledEnginePerformer are). Null: that hub is not
// available, and every mirror touching it gets an error.
struct HubReaders {
  hub::HubReader* hf = nullptr;
  hub::HubReader* ms = nullptr;
};

// What the caller knows of one hub's token. A hub answers "not found" for a private repo the
// caller cannot see (HF even answers 401 RepoNotFound to anonymous callers), so a missing
// target is only believed when a usable token looked: without one, or when the hub rejects it
// (one whoami per hub per observation, made only when some target was not found), the mirror
// gets an error instead of a plan to create a repo that may already exist.
struct HubToken {
  std::string variable;  // where the token comes from ("HF_TOKEN"); empty: no check is made
  bool present = false;  // the variable holds a token
};

struct ObserveOptions {
  std::size_t parallelism = k_default_parallelism;  // worker threads (at least 1)
  std::size_t hf_max_in_flight = k_default_parallelism;
  std::size_t ms_max_in_flight = k_default_parallelism;
  // `--target` / `--exclude`: only selected concrete mirrors are read (planner::is_selected).
  planner::MirrorSelection selection;
  // Where known git oid → SHA-256 mappings come from and new ones go. Null: none.
  OidCache* oid_cache = nullptr;
  HubToken hf_token;
  HubToken ms_token;
};

// Observes every selected mirror of `manifest`. Never fails as a whole: each problem becomes
// the `error` of the mirror it concerns. A `*` mirror that matches no repository yields no
// observation (the planner warns).
[[nodiscard]] state::Snapshot observe(const manifest::Manifest& manifest, const HubReaders& readers,
                                      const ObserveOptions& options);

// The revision asked for when the manifest names none: HF's "HEAD" (the default branch,
// protocols/huggingface-hub.md §1) and ModelScope's "master" (its SDK's default).
[[nodiscard]] std::string default_revision(manifest::Hub hub);

}  // namespace hf2ms::observe
