// Private state of hubsim::Store, shared by its implementation files (store*.cpp). Not for
// route handlers: they use the public Store API.
#pragma once

#include "hubsim/store.hpp"

#include <array>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace hf2ms::hubsim {

// An LFS object's SHA-256 as 32 raw bytes: a repo holding a million objects spends ~56 MB on
// the set, not twice that on hex strings.
using ObjectKey = std::array<unsigned char, 32>;
struct ObjectKeyHash {
  std::size_t operator()(const ObjectKey& k) const noexcept {
    std::size_t h = 0;
    std::memcpy(&h, k.data(), sizeof h);  // a SHA-256 is uniform already
    return h;
  }
};
using HeldObjects = std::unordered_set<ObjectKey, ObjectKeyHash>;
// The key of a 64-lower-hex SHA-256; nullopt for anything else.
[[nodiscard]] std::optional<ObjectKey> object_key(std::string_view sha256);
// Adds every LFS entry of `files` to `held`.
void hold_lfs_entries(HeldObjects& held, const FileTree& files);

struct StoredRepo {
  RepoMeta meta;
  std::map<std::string, CommitPtr> commits;  // oid → commit
  HeldObjects held;                          // LFS objects of this repo (Store::repo_holds)
};

struct Store::Impl {
  mutable std::mutex mu;
  std::map<std::string, StoredRepo> repos;  // folded key (repo_map_key) → repo
  // Blobs are kept compact (a million generated files are a million entries here):
  // sha256 → size and generator seed, and (seed, size) → the sha256 key of `blobs`.
  struct StoredBlob {
    std::uint64_t size = 0;
    std::optional<std::uint64_t> seed;
  };
  std::map<std::string, StoredBlob> blobs;  // sha256 → blob (stored and generated)
  std::map<std::pair<std::uint64_t, std::uint64_t>, const std::string*> generated;
  int defer_saves = 0;
  bool dirty = false;
  // What the next save writes besides state.json (store_persist.cpp): new commits with
  // their parents (null for a root), and new generated blobs.
  std::vector<std::pair<CommitPtr, CommitPtr>> unsaved_commits;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> unsaved_generated;  // (seed, size)
  // Objects repos came to hold by upload or duplicate, not yet in lfs.log: (repo object_id,
  // sha256). Objects a commit names are not logged: loading derives them from the commits.
  std::vector<std::pair<std::string, std::string>> unsaved_holds;
  // Listing indexes of recently listed commits, newest first (Store::tree_index). Own lock:
  // building one never holds `mu`.
  struct CachedIndex {
    std::string repo;  // repo_map_key
    std::shared_ptr<const TreeIndex> index;
  };
  mutable std::mutex index_mu;
  mutable std::deque<CachedIndex> indexes;
};

// How many commit indexes Store::tree_index keeps.
inline constexpr std::size_t k_index_cache_size = 8;

// "hf/model/acme/bert" with the id lower-cased for HF.
[[nodiscard]] std::string repo_map_key(const RepoKey& key);

// Registers generated blob (seed, size) with content `sha256` (a stored blob with those bytes
// stays stored: either serves them). Caller holds `impl.mu`.
BlobInfo register_generated(Store::Impl& impl, std::uint64_t seed, std::uint64_t size,
                            const std::string& sha256);
// The BlobInfo of a `blobs` entry.
[[nodiscard]] BlobInfo blob_info(const std::pair<const std::string, Store::Impl::StoredBlob>& b);

// Loads the state persisted in `data_dir` (store_persist.cpp) into `impl`; nothing there is
// an empty store.
[[nodiscard]] Result<void> load_state(const std::string& data_dir, Store::Impl& impl);

// One save: state.json's text, and the commit files and generated-blob lines not yet written.
struct PendingSave {
  std::string state_json;
  std::vector<std::pair<CommitPtr, CommitPtr>> commits;                 // (commit, parent or null)
  std::vector<std::pair<std::uint64_t, std::uint64_t>> generated_keys;  // (seed, size)
  std::vector<std::string> generated;                                   // generated.log lines
  std::vector<std::pair<std::string, std::string>> holds;               // (object_id, sha256)
};
// Takes what the next save writes; the caller holds `impl.mu`.
[[nodiscard]] PendingSave take_pending_save(Store::Impl& impl);
// Writes it: commit files, generated.log lines, then state.json (atomically). No lock held.
[[nodiscard]] Result<void> write_pending_save(const std::string& data_dir, const PendingSave& save);

// Content id of a commit, 40 lower hex: sha1 over its fields and, for a root commit, every
// file, else its changes against `parent` (the parent's oid is among the fields), so a
// commit on a million-file repo hashes O(its changes).
[[nodiscard]] std::string compute_commit_oid(const Commit& commit, const Commit* parent);

[[nodiscard]] std::int64_t now_ms();

}  // namespace hf2ms::hubsim
