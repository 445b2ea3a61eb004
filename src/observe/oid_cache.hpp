// OidCache: the local git-oid → SHA-256 memory of DESIGN.md §5. HF lists small files with a
// git blob id only; proving such a file equal to its copy needs its SHA-256, which means
// downloading it. The mapping never changes for a given oid, so hf2ms keeps every one it
// computed in a file under the user's cache folder and the next plan does not fetch again.
//
// File format (one mapping per line, append-only, "v1" in the file name):
//   <git oid: 40 or 64 lower-case hex> <space> <sha256: 64 lower-case hex> <LF>
// Loading ignores any line that does not match (a torn write, another version's data), so a
// damaged file costs a few refetches, never a wrong answer. New lines are appended with one
// O_APPEND write() each, so two hf2ms processes sharing the cache interleave whole lines.
// In memory it is a hash map keyed with xxh3 (hashing/hashing.hpp). Thread-safe.
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
  [[nodiscard]] static Result<std::unique_ptr<OidCache>> open(const std::string& path);

  // The SHA-256 remembered for `oid`, if any.
  [[nodiscard]] std::optional<state::Sha256> find(const state::GitOid& oid) const;

  // Remembers `oid` → `sha256` and appends it to the file (once per oid). The memory is
  // updated even when the append fails (io error: the disk is full, ...). invalid_input when
  // either value is not lower-case hex of the right length (nothing is stored).
  [[nodiscard]] Result<void> add(const state::GitOid& oid, const state::Sha256& sha256);

  [[nodiscard]] std::size_t size() const;

 private:
  // Parses the file's text; malformed lines are skipped.
  void load(std::string_view text);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string, Xxh3Hash> map_;
  std::string path_;            // the cache file, for messages
  int fd_ = -1;                 // the open cache file, -1 for a memory-only cache
  bool needs_newline_ = false;  // the file ends in a torn line: start the next append with LF
};

}  // namespace hf2ms::observe
