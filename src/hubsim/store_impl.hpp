// Private state of hubsim::Store, shared by its implementation files (store*.cpp). Not for
// route handlers: they use the public Store API.
#pragma once

#include "hubsim/store.hpp"

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hf2ms::hubsim {

struct StoredRepo {
  RepoMeta meta;
  std::map<std::string, CommitPtr> commits;  // oid → commit
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
};
// Takes what the next save writes; the caller holds `impl.mu`.
[[nodiscard]] PendingSave take_pending_save(Store::Impl& impl);
// Writes it: commit files, generated.log lines, then state.json (atomically). No lock held.
[[nodiscard]] Result<void> write_pending_save(const std::string& data_dir, const PendingSave& save);

// Content id of a commit (sha1 over its fields and files), 40 lower hex.
[[nodiscard]] std::string compute_commit_oid(const Commit& commit);

[[nodiscard]] std::int64_t now_ms();

}  // namespace hf2ms::hubsim
