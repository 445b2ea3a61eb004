// The Plan: what `hf2ms plan` decided and `hf2ms apply` will do, mirror by mirror and file by
// file. It is the contract between planning and applying, and between the local and Modal
// executors, which run the same applier on the same saved plan (DESIGN.md §4, STYLE.md §3).
// Plain values; `plan_json.hpp` reads and writes it. Every field says whether apply depends
// on it ("apply: yes") or whether it is there to explain the plan to people ("apply: no"),
// in the manner of Terraform's plans/plan.go. The JSON form is documented in
// docs/plan-format.md and schemas/plan.schema.json; keep the three in agreement.
#pragma once

#include "manifest/manifest.hpp"
#include "manifest/resolve.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::plan {

// The plan file format this build writes and the only one it reads. Bump it for any change
// an older reader would misunderstand.
inline constexpr std::int64_t k_format_version = 2;

// The effect of a step on one target file. Rendered + ~ - =.
enum class Action { create, update, remove, keep };

// How the bytes of a create/update step reach the target (separate from the effect):
// - stream:   download from the source at `source_commit`, upload as a regular (inline) file;
// - lfs:      download from the source at `source_commit`, upload through LFS / the hub's
//             large-file path (multipart where the target allows);
// - embedded: the bytes are in the step (`content`): a transformed file (e.g. a rewritten
//             README.md), uploaded as a regular file. Nothing is read from the source.
// `keep` and `remove` steps carry `stream`; apply ignores the field for them.
enum class Transport { stream, lfs, embedded };

// What happens to a mirror as a whole. Rendered + ~ = ! and x.
enum class MirrorAction {
  create,  // the target repo does not exist: create it, then upload every selected file
  update,  // the target exists and some files differ
  keep,    // the target is up to date: nothing to do
  skip,    // deliberately not mirrored (e.g. a space to ModelScope); `reason` says why
  error,   // could not be planned (no access to the source, max_delete exceeded, ...)
};

struct Step {
  std::string path;              // repo-relative path on the target (and the source). apply: yes
  Action action = Action::keep;  // apply: yes
  // create/update/keep: size of the desired content; remove: size of the target file.
  // apply: yes (checked against the bytes streamed).
  std::uint64_t size = 0;
  // Desired content SHA-256 (lower-case hex) for create/update/keep; the target file's for
  // remove when known. Absent only for a create/update whose source is a small HF file whose
  // SHA-256 was not needed to decide: then `source_git_oid` is set and apply verifies that
  // instead. apply: yes (a file whose bytes hash differently is never committed).
  std::optional<std::string> sha256;
  // Git blob oid of the source file (HF sources). apply: yes when `sha256` is absent.
  std::optional<std::string> source_git_oid;
  // The source stores the file through LFS. apply: yes (download path on the source hub).
  bool source_lfs = false;
  Transport transport = Transport::stream;  // apply: yes
  // Why: "missing on target", "size differs", "sha256 differs", "sha256 matches", "git oid
  // matches", "git oid differs",
  // "not in source (prune)". apply: no.
  std::string reason;
  // Name of the transformation applied to the source bytes, e.g. "hf-readme-license".
  // apply: no (the result is in `content`).
  std::optional<std::string> transform;
  // The bytes to upload when `transport == embedded` (UTF-8 text). apply: yes.
  std::optional<std::string> content;
  // Set on a create/update of an HF→HF mirror whose source file is Xet-backed (lfs
  // transport): the source's Xet hash. apply: yes: the file is copied server-side
  // (lfs-files/duplicate, real-hub-limits.md HF §7) and committed by reference, moving no
  // bytes; when the Hub refuses the copy it is streamed as an `lfs` step. Shown as
  // "copy (server-side)".
  std::optional<std::string> source_xet_hash = std::nullopt;
  bool operator==(const Step&) const = default;
};

// Which kind of ref a ref plan mirrors (manifest `refs`, docs/apply.md "Branches and tags").
enum class RefKind { branch, tag };

// What apply does with the ref of a ref plan, around the plan's commit of `steps` to
// `target_branch`:
// - keep:    the target ref is already up to date; nothing to do;
// - create:  branch: create it from `start_point` first, then commit; tag: commit (the steps
//            turn the target branch into the tag's tree), then create the tag on that commit;
// - replace: tag only (`retag = true`): like create, after deleting the target's tag;
// - update:  branch only: the branch exists; commit the steps to it;
// - restore: no ref is touched: the steps put `target_branch` back to the default branch's
//            tree after the tag commit before it.
enum class RefOp { keep, create, replace, update, restore };

struct RefPlan {
  RefKind kind = RefKind::tag;  // apply: yes
  std::string name;             // the branch or tag name on both hubs. apply: yes
  RefOp op = RefOp::keep;       // apply: yes
  // create of a branch: the commit (or branch) it starts from. apply: yes.
  std::optional<std::string> start_point;
  bool operator==(const RefPlan&) const = default;
};

struct MirrorPlan {
  std::size_t mirror_index = 0;  // the [[mirror]] it came from (0-based, file order). apply: no
  manifest::RepoRef source;      // concrete repo (a `*` is expanded). apply: yes
  manifest::RepoType source_type = manifest::RepoType::model;  // apply: yes
  // The revision the manifest asked for ("main", a tag, a commit), or the source's default
  // branch. apply: no (it copies from `source_commit`).
  std::string source_revision;
  // The commit that revision pointed to when planning; every download reads this commit,
  // never a moving branch. Empty for skip/error mirrors that were not observed. apply: yes.
  std::string source_commit;
  manifest::RepoRef target;                                    // apply: yes
  manifest::RepoType target_type = manifest::RepoType::model;  // apply: yes (create, URLs)
  // The branch apply commits to. apply: yes.
  std::string target_branch;
  // The target head seen when planning; absent when the target repo did not exist. apply:
  // yes: it re-reads the head and refuses a stale plan if it moved (or the repo appeared),
  // and HF commits send it as `parentCommit`.
  std::optional<std::string> target_head;
  MirrorAction action = MirrorAction::keep;  // apply: yes (skip/error/keep do nothing)
  // Why the mirror is skipped or failed; empty otherwise. apply: no.
  std::string reason;
  // Visibility to create the target with (only for `create`). apply: yes.
  std::optional<manifest::Visibility> create_visibility;
  // Every selected file, sorted by path; keep steps included so the plan shows what was
  // proven equal. apply: yes (create/update/remove), no (keep).
  std::vector<Step> steps;
  // Set on the extra plans a mirror with `refs` gets, one per source branch or tag (and one
  // per restore after a tag commit); absent on the mirror's own default-branch plan. The
  // plans of one mirror apply in plan order, each after the one before it. apply: yes.
  std::optional<RefPlan> ref;
  bool operator==(const MirrorPlan&) const = default;
};

// Counts over the whole plan. Derived from `mirrors` (compute_totals); stored so readers of
// the JSON need not recount. apply: no.
struct Totals {
  std::uint64_t mirrors_to_create = 0;
  std::uint64_t mirrors_to_update = 0;
  std::uint64_t mirrors_unchanged = 0;
  std::uint64_t mirrors_skipped = 0;
  std::uint64_t mirrors_failed = 0;
  std::uint64_t files_to_copy = 0;  // create + update steps
  std::uint64_t bytes_to_copy = 0;
  std::uint64_t files_to_delete = 0;
  std::uint64_t files_unchanged = 0;
  bool operator==(const Totals&) const = default;
};

struct Plan {
  std::int64_t format_version = k_format_version;  // apply: yes (refuses unknown versions)
  std::string hf2ms_version;                       // the version that wrote the plan. apply: no
  // xxh3-128 (32 lower-case hex) of the manifest bytes the plan came from. apply: yes: it
  // refuses a plan whose manifest is not the one given to it (docs/security.md).
  std::string manifest_digest;
  // The endpoints (normalised base URLs) the plan was made against. apply: yes: it refuses a
  // plan whose endpoints differ from the ones it would talk to.
  manifest::Endpoints endpoints;
  // Ordered by (mirror_index, target ref, source ref). apply: yes.
  std::vector<MirrorPlan> mirrors;
  Totals totals;  // apply: no
  bool operator==(const Plan&) const = default;
};

[[nodiscard]] Totals compute_totals(const std::vector<MirrorPlan>& mirrors);

// True when applying the plan would change something (any create/update/remove, or a ref
// to create or replace).
[[nodiscard]] bool has_changes(const Plan& plan);

// Stable names used in JSON and views.
[[nodiscard]] std::string_view to_string(Action action);        // "create" ... "keep"
[[nodiscard]] std::string_view to_string(Transport transport);  // "stream" | "lfs" | "embedded"
[[nodiscard]] std::string_view to_string(MirrorAction action);  // "create" ... "error"
[[nodiscard]] std::string_view to_string(RefKind kind);         // "branch" | "tag"
[[nodiscard]] std::string_view to_string(RefOp op);             // "keep" ... "restore"
[[nodiscard]] char symbol(Action action);                       // + ~ - =
[[nodiscard]] char symbol(MirrorAction action);                 // + ~ = ! x

}  // namespace hf2ms::plan
