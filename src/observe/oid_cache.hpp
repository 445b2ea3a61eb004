// OidCache: the local git-oid → SHA-256 memory of DESIGN.md §5. HF lists small files with a
// git blob id only; proving such a file equal to its copy needs its SHA-256, which means
// downloading it. The mapping never changes for a given oid, so hf2ms keeps every one it
// computed in a file under the user's cache folder and the next plan does not fetch again.
//
// The pairs come from two places: the observer, which downloads a file, checks its git oid and
// hashes it; and apply, whose transfer computes both hashes of every file it reads (issue #17
// item 1, applier::ApplyReport::hash_pairs).
//
// File format (one mapping per line, append-only, "v1" in the file name):
//   <git oid: 40 or 64 lower-case hex> <space> <sha256: 64 lower-case hex> [<space> <mac>] <LF>
// Loading ignores any line that does not match (a torn write, another version's data), so a
// damaged file costs a few refetches, never a wrong answer. New lines are appended with one
// O_APPEND write() each, so two hf2ms processes sharing the cache interleave whole lines.
// In memory it is a hash map keyed with xxh3 (hashing/hashing.hpp). Thread-safe.
//
// A second kind of line remembers what the planner makes of a source README.md for an HF
// target (the license rewrite, docs/adr/0001), so a converged README is not downloaded again:
//   hf-readme/<hf2ms version> <source hash: its SHA-256 or git oid> <sha256> <size> [<mac>]
// (the version in the name: another hf2ms may rewrite differently).
//
// Trust (docs/adr/0003-oid-pairs-on-fresh-runners.md). A pair is the one thing that lets the
// planner call an HF regular file (listed by git oid) equal to a file listed by SHA-256, so a
// wrong pair could hide a difference. A cache under the user's own cache folder is as trusted
// as the hf2ms binary. A cache that travels (CI caches restored on a fresh runner) is opened
// with a key (HF2MS_OID_CACHE_KEY, a CI secret): every line then needs <mac>, the
// HMAC-SHA256 under that key of "<oid> <sha256>", and a line without a valid one is ignored,
// so a tampered cache can cost downloads, never a wrong "equal".
#pragma once

#include "manifest/resolve.hpp"
#include "state/snapshot.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hf2ms::observe {

inline constexpr std::string_view k_oid_cache_file = "git-oid-sha256.v1";
// The environment variable holding the key that authenticates the cache's lines.
inline constexpr std::string_view k_oid_cache_key_env = "HF2MS_OID_CACHE_KEY";

// The cache folder: $HF2MS_CACHE_DIR, else $XDG_CACHE_HOME/hf2ms, else $HOME/.cache/hf2ms;
// nullopt when none of those variables is set (then nothing is persisted).
[[nodiscard]] std::optional<std::string> cache_dir(const manifest::EnvLookup& env);

// Hashes the hex keys with xxh3-64.
struct Xxh3Hash {
  [[nodiscard]] std::size_t operator()(const std::string& key) const;
};

class OidCache {
 public:
  // A cache that only lives in memory (no cache folder; tests).
  OidCache() = default;
  ~OidCache();
  OidCache(const OidCache&) = delete;
  OidCache& operator=(const OidCache&) = delete;

  // Loads the cache file `path` (a missing file is an empty cache), creating its folder, and
  // keeps it open for appending. io error when the folder or file cannot be created or read.
  // With a non-empty `key`, only lines whose MAC verifies under it are loaded, and new lines
  // carry one.
  [[nodiscard]] static Result<std::unique_ptr<OidCache>> open(const std::string& path,
                                                              std::string key = {});

  // The SHA-256 remembered for `oid`, if any.
  [[nodiscard]] std::optional<state::Sha256> find(const state::GitOid& oid) const;

  // Remembers `oid` → `sha256` and appends it to the file (once per oid). The memory is
  // updated even when the append fails (io error: the disk is full, ...). invalid_input when
  // either value is not lower-case hex of the right length (nothing is stored).
  [[nodiscard]] Result<void> add(const state::GitOid& oid, const state::Sha256& sha256);

  [[nodiscard]] std::size_t size() const;

  // The digest of the HF README derived from the source README with listing hash `source`.
  [[nodiscard]] std::optional<state::TextDigest> find_readme(const std::string& source) const;
  // Remembers it (once per source hash); invalid_input for a malformed hash (nothing stored).
  [[nodiscard]] Result<void> add_readme(const std::string& source, const state::TextDigest& digest);

 private:
  // Parses the file's text; malformed lines are skipped.
  void load(std::string_view text);
  // Appends `line` (with its MAC when keyed); the caller holds the lock.
  [[nodiscard]] Result<void> append(std::string line);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string, Xxh3Hash> map_;
  std::unordered_map<std::string, state::TextDigest, Xxh3Hash> readmes_;
  std::string path_;            // the cache file, for messages
  std::string key_;             // the MAC key; empty: lines are not authenticated
  int fd_ = -1;                 // the open cache file, -1 for a memory-only cache
  bool needs_newline_ = false;  // the file ends in a torn line: start the next append with LF
};

}  // namespace hf2ms::observe
