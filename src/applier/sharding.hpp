// Sharding: how the files a plan copies are split across executor containers (DESIGN.md §7,
// issue #7). Pure: a function of file sizes and the [executor] settings, so the Modal and local
// executors, and the tests, get the same answer for the same plan.
//
// Rules:
// - A mirror whose bytes fit in `shard_size` stays whole (one unit); small mirrors share
//   containers.
// - A larger mirror is split file by file.
// - Units are packed largest first into the least-loaded of k bins (LPT), where
//   k = ceil(total bytes / shard_size), capped by `max_containers` and by the number of units:
//   shards come out roughly equal in bytes and never more than `max_containers`.
// - Output is deterministic: ties are broken by (mirror, path).
// Committing is not the shards' business: a mirror is committed once, after every shard that
// holds any of its files has succeeded (mirrors_complete()).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hf2ms::applier {

struct FileToCopy {
  std::size_t mirror = 0;  // index of the mirror in the plan
  std::string path;
  std::uint64_t size = 0;
  bool operator==(const FileToCopy&) const = default;
};

struct Shard {
  std::vector<FileToCopy> files;  // sorted by (mirror, path)
  std::uint64_t bytes = 0;
  bool operator==(const Shard&) const = default;
};

struct ShardOptions {
  std::uint64_t shard_size = 50ULL * 1000 * 1000 * 1000;
  std::uint32_t max_containers = 100;
};

// Splits `files` into shards. Empty input gives no shards. `shard_size` 0 is treated as 1.
[[nodiscard]] std::vector<Shard> make_shards(std::vector<FileToCopy> files,
                                             const ShardOptions& options);

// The mirrors every one of whose shards succeeded: `succeeded[i]` says whether shards[i] did.
// A mirror that has no file in any shard (deletes only) is complete. Sorted ascending.
[[nodiscard]] std::vector<std::size_t> mirrors_complete(const std::vector<Shard>& shards,
                                                        const std::vector<bool>& succeeded,
                                                        std::size_t mirror_count);

}  // namespace hf2ms::applier
