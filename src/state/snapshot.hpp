// The observed state of both hubs: what `hub::observe` read for every selected mirror, as plain
// values with no I/O. It sits between the observer (the I/O edge, which fills it) and
// `planner::make_plan` (pure, which reads it). Nothing here knows how it was obtained.
//
// What the observer must fill in (the contract the planner relies on):
// - one MirrorObservation per concrete mirror: a `*` mirror becomes one observation per repo
//   of the namespace, all carrying the same `mirror_index`;
// - the source pinned at one commit (`source.head_commit`) and its full listing at that commit;
// - the target's existence, head commit, privacy and listing of the branch apply will write;
// - `Snapshot::sha256_by_oid` for every small HF file whose SHA-256 the plan needs
//   (`files_needing_sha256` lists them; the observer fetches and caches them);
// - `source_texts["README.md"]` when the target hub is HF and the source has a README.md
//   (the planner rewrites its `license:` for HF; docs/adr/0001-readme-rewrite.md);
// - `error` instead of the snapshots when observing a mirror failed (no access, gated, ...).
#pragma once

#include "manifest/manifest.hpp"

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::state {

// The one file whose content is transformed today (for HF targets).
inline constexpr std::string_view k_readme_path = "README.md";

// Lower-case hex SHA-256 of a file's content (64 characters).
struct Sha256 {
  std::string hex;
  bool operator==(const Sha256&) const = default;
  auto operator<=>(const Sha256&) const = default;
};

// Lower-case hex git blob id (SHA-1 of "blob <size>\0<content>"), as HF lists small files.
struct GitOid {
  std::string hex;
  bool operator==(const GitOid&) const = default;
  auto operator<=>(const GitOid&) const = default;
};

struct ByteCount {
  std::uint64_t value = 0;
  bool operator==(const ByteCount&) const = default;
  auto operator<=>(const ByteCount&) const = default;
};

enum class Lfs { no, yes };

// One file of a listing. Paths are repo-relative, '/'-separated, already validated by the
// observer (no "..", no absolute paths, no ".git/").
struct RemoteFile {
  std::string path;
  ByteCount size;
  std::optional<Sha256> sha256;   // MS: every file; HF: LFS files only
  std::optional<GitOid> git_oid;  // HF: every file (the blob id; for LFS files, the pointer's)
  Lfs lfs = Lfs::no;              // stored through LFS / Xet on its hub
  // HF Xet-backed LFS files: the listing's xetHash (lets an HF→HF mirror copy server-side).
  std::optional<std::string> xet_hash = std::nullopt;
  bool operator==(const RemoteFile&) const = default;
};

// One repository at one revision.
struct RepoSnapshot {
  manifest::RepoRef ref;
  manifest::RepoType type = manifest::RepoType::model;
  bool exists = false;
  bool is_private = false;
  bool is_gated = false;
  std::string head_commit;  // commit of the revision read; empty when !exists
  // What later reads of this repo name as revision: head_commit on HF; on ModelScope, which
  // takes branch and tag names only, the name read. Empty means head_commit.
  std::string read_revision;
  std::string default_branch;     // e.g. "main" (HF) or "master" (MS); empty when !exists
  std::vector<RemoteFile> files;  // sorted by path, unique paths
  bool operator==(const RepoSnapshot&) const = default;
};

// The SHA-256 and size of bytes the planner derives from a source text (the README rewritten
// for HF), remembered from an earlier plan instead of the text itself.
struct TextDigest {
  Sha256 sha256;
  ByteCount size;
  bool operator==(const TextDigest&) const = default;
};

enum class RefKind { branch, tag };

// The extra observations of a mirror with `refs`: one per selected source branch (other than
// the default branch) or tag. `source` is then read at that ref; `target` is the target read
// at the same ref when it has it (`on_target`), else the target's default branch as the
// mirror's own observation saw it.
struct RefObservation {
  RefKind kind = RefKind::tag;
  std::string name;
  bool on_target = false;
  bool operator==(const RefObservation&) const = default;
  auto operator<=>(const RefObservation&) const = default;
};

// What was seen for one concrete mirror.
struct MirrorObservation {
  std::size_t mirror_index = 0;  // index into Manifest::mirrors
  RepoSnapshot source;           // pinned at source.head_commit
  RepoSnapshot target;           // target.exists == false: apply creates it
  // Contents of small source files the planner transforms, by path (today only "README.md",
  // fetched when the target hub is hf). See docs/adr/0001-readme-rewrite.md.
  std::map<std::string, std::string> source_texts;
  // Instead of a text above: the digest of what the planner would make of it, remembered in
  // the oid cache (observe/oid_cache.hpp). The observer gives it only when the target already
  // holds exactly those bytes, so a converged README costs no download (issue #17); the
  // planner refuses to copy from a digest (it has no bytes to upload).
  std::map<std::string, TextDigest> source_text_digests;
  // Set when observing failed (gated or private source without access, missing source,
  // failed wildcard expansion, ...). The snapshots are then unreliable and ignored; `source`
  // and `target` still name the repos (`ref`) so the plan can say which mirror failed.
  std::optional<std::string> error;
  // Set on the extra observations of a mirror with `refs` (see RefObservation).
  std::optional<RefObservation> ref;
  bool operator==(const MirrorObservation&) const = default;
};

struct Snapshot {
  std::vector<MirrorObservation> observations;
  // git blob oid → SHA-256 of the same content, for small HF files the observer fetched (or
  // found in its cache). The planner uses it wherever a listing lacks a SHA-256.
  std::map<GitOid, Sha256> sha256_by_oid;
  bool operator==(const Snapshot&) const = default;
};

// The file at `path` in `repo`, or nullptr. `repo.files` must be sorted by path.
[[nodiscard]] const RemoteFile* find_file(const RepoSnapshot& repo, std::string_view path);

// The SHA-256 of `file`: its own, else the one `snapshot.sha256_by_oid` maps its oid to.
[[nodiscard]] std::optional<Sha256> resolve_sha256(const RemoteFile& file,
                                                   const Snapshot& snapshot);

// True when both files are plain git blobs (not LFS) with a listed oid: their oids then
// decide equality by themselves (the oid is a hash of the content), no SHA-256 needed.
[[nodiscard]] bool same_git_blob_kind(const RemoteFile& a, const RemoteFile& b);

// Files of `observation` whose SHA-256 neither the listing nor `known` provides and that a
// comparison needs (issue #15 item 2): a source file and the target file of the same path and
// size, unless both SHA-256 are known or both are plain git blobs (same_git_blob_kind). A
// file that is created, or whose size differs, needs no hash before apply: the transfer
// hashes its bytes on the way and verifies them against the plan's git oid. Also lists the
// target's README.md when the target hub is hf (compared against rewritten bytes). Sorted,
// unique.
[[nodiscard]] std::vector<GitOid> files_needing_sha256(const MirrorObservation& observation,
                                                       const std::map<GitOid, Sha256>& known);

}  // namespace hf2ms::state
