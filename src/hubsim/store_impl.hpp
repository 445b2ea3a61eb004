// Private state of hubsim::Store, shared by its implementation files (store*.cpp). Not for
// route handlers: they use the public Store API.
#pragma once

#include "hubsim/store.hpp"

#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace hf2ms::hubsim {

struct StoredRepo {
  RepoMeta meta;
  std::map<std::string, CommitPtr> commits;  // oid → commit
};

struct Store::Impl {
  mutable std::mutex mu;
  std::map<std::string, StoredRepo> repos;  // folded key (repo_map_key) → repo
  std::map<std::string, BlobInfo> blobs;    // sha256 → blob (stored and generated)
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::string> generated;  // (seed,size)→sha
  int defer_saves = 0;
  bool dirty = false;
};

// "hf/model/acme/bert" with the id lower-cased for HF.
[[nodiscard]] std::string repo_map_key(const RepoKey& key);

// Serialises/loads everything but the blob bytes. Caller holds the lock.
[[nodiscard]] std::string state_to_json(const Store::Impl& impl);
[[nodiscard]] Result<void> state_from_json(std::string_view text, Store::Impl& impl);

// Content id of a commit (sha1 over its fields and files), 40 lower hex.
[[nodiscard]] std::string compute_commit_oid(const Commit& commit);

[[nodiscard]] std::int64_t now_ms();

}  // namespace hf2ms::hubsim
