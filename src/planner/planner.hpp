// make_plan: the pure heart of `hf2ms plan` (DESIGN.md §5, STYLE.md §3). It turns the
// manifest and the observed Snapshot into a Plan, deciding per mirror (create / update /
// up to date / skip / error) and per file (create / update / remove / keep), each with its
// reason. No I/O: everything it needs arrives in its arguments, including the SHA-256
// function (the planner may not link OpenSSL) and the version strings.
//
// Rules, in the order they apply to a mirror:
// 1. Mirror selection: `--target` / `--exclude` globs on the target ref ("ms:acme/*").
// 2. A space (or target_type space) to ModelScope is skipped with a reason.
// 3. A mirror whose observation failed becomes an `error` mirror; the others go on.
// 4. Files: the source's files selected by the mirror's filter (manifest/filter.hpp, first
//    match wins) are compared with the target file of the same path:
//    - missing on the target → create;
//    - different sizes → update ("size differs": a size difference proves a difference);
//    - same size: equal only when both SHA-256 are known (from the listing or
//      Snapshot::sha256_by_oid) and equal ("sha256 matches"), else "sha256 differs"; or,
//      for two plain git blobs (state::same_git_blob_kind), by git oid ("git oid matches" /
//      "git oid differs");
//    - same size and a SHA-256 unknown on either side: the mirror becomes an `error`
//      ("cannot prove ... equal"). Never equal by size or path alone; an unknown hash means
//      the observer did not do its part (state::files_needing_sha256), and re-copying
//      blindly would hide that and never converge.
//    For HF targets README.md is compared as rewritten by rewrite_readme_for_hf.
// 5. Target files the filter selects but the source lacks are removed only with `prune`;
//    prune refuses the mirror (an `error` naming the count) when the source selects no file
//    at all while the target has some (an empty listing is not "delete everything"), when
//    it removes more than `max_delete` files, or more than `max_delete_percent` of the
//    target files the filter selects (only counted above k_delete_percent_floor removals, so
//    renaming a file in a small repo is not refused).
// 6. Hub limits (hub_limits.hpp): a file above the target's size cap refuses the mirror, and
//    so does a file to copy above the source's download cap (HF: 50 GB), naming the file;
//    too many entries per folder or files per repo warn.
// 7. Visibility: `preserve` creates the target with the source's privacy.
// 8. Plan-wide (guards.hpp): the concrete names of a `*` expansion must follow the id rules;
//    two mirrors writing the same concrete target are both refused; more deletions over all
//    mirrors than the manifest's `max_delete_total` refuse every mirror that deletes.
// Every refusal is also a Diagnostic naming the mirror, located at its [[mirror]] table.
#pragma once

#include "manifest/manifest.hpp"
#include "manifest/resolve.hpp"
#include "plan/plan.hpp"
#include "planner/hub_limits.hpp"
#include "state/snapshot.hpp"
#include "util/diagnostics.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::planner {

// `--target` / `--exclude` of `hf2ms plan` and `hf2ms apply`. Each entry is a glob matched
// against the concrete target ref ("ms:acme/Qwen2.5-0.5B-Instruct"): `*` and `?` stay within
// a segment, `**` crosses '/', and a pattern without '/' matches the repo name alone
// (manifest::Glob). Empty `targets` selects every mirror; `excludes` then remove some.
struct MirrorSelection {
  std::vector<std::string> targets;
  std::vector<std::string> excludes;
};

// SHA-256 (lower-case hex) of `bytes`. Pure by contract; the CLI passes the transfer
// library's implementation, tests a fake.
using Sha256Fn = std::function<state::Sha256(std::string_view bytes)>;

struct PlanOptions {
  std::string hf2ms_version;    // written into the plan (pass util/version.hpp's k_version)
  std::string manifest_digest;  // xxh3-128 hex of the manifest bytes, computed by the caller
  // The endpoints the snapshot was read from (checked by the caller: endpoint_policy.hpp);
  // recorded in the plan so apply can refuse other ones.
  manifest::Endpoints endpoints;
  MirrorSelection selection;
  Sha256Fn sha256;  // needed only when a README is rewritten; missing then → error mirror
  HubLimits hf_limits = default_limits(manifest::Hub::hf);
  HubLimits ms_limits = default_limits(manifest::Hub::ms);
};

struct PlanResult {
  plan::Plan plan;
  // Errors name the mirrors that could not be planned (they are `error` mirrors in the
  // plan); warnings flag limits. Sorted by manifest location, then insertion order.
  Diagnostics diagnostics;
};

// Pure and deterministic: the same arguments give an equal Plan (and byte-identical JSON).
[[nodiscard]] PlanResult make_plan(const manifest::Manifest& manifest,
                                   const state::Snapshot& snapshot, const PlanOptions& options);

// True when `target_ref` ("ms:acme/x") passes `selection`. The CLI also uses it to observe
// only the selected mirrors.
[[nodiscard]] bool is_selected(std::string_view target_ref, const MirrorSelection& selection);

// Selectors that can never match, found before any hub is read: a glob with a '/' whose first
// segment names no hub ("acme/x": targets are written "ms:acme/x"). One message per such glob,
// with a did-you-mean built from the hubs the manifest's targets are on. `hf2ms plan` refuses
// them (exit 1) rather than guessing the hub.
[[nodiscard]] std::vector<std::string> selection_problems(const manifest::Manifest& manifest,
                                                          const MirrorSelection& selection);

// After planning: one message per `--target` glob that matched no mirror of `plan`, and one
// when `--exclude` left no mirror at all. `hf2ms plan` treats each as an error.
[[nodiscard]] std::vector<std::string> unmatched_selectors(const plan::Plan& plan,
                                                           const MirrorSelection& selection);

// max_delete_percent refuses only plans that remove more files than this from one mirror.
inline constexpr std::uint64_t k_delete_percent_floor = 5;

// The reason a space cannot go to ModelScope, shown in the plan.
inline constexpr std::string_view k_space_to_ms_reason =
    "ModelScope has no API to create studios (spaces)";

}  // namespace hf2ms::planner
