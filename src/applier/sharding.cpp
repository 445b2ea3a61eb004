#include "applier/sharding.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace hf2ms::applier {
namespace {

// A unit is placed whole: one small mirror, or one file of a large mirror.
struct Unit {
  std::vector<FileToCopy> files;
  std::uint64_t bytes = 0;
};

std::vector<Unit> make_units(std::vector<FileToCopy> files, std::uint64_t shard_size) {
  std::map<std::size_t, std::vector<FileToCopy>> by_mirror;
  for (auto& f : files) {
    by_mirror[f.mirror].push_back(std::move(f));
  }
  std::vector<Unit> units;
  for (auto& [mirror, list] : by_mirror) {
    std::uint64_t total = 0;
    for (const auto& f : list) {
      total += f.size;
    }
    if (total <= shard_size) {
      units.push_back({std::move(list), total});
      continue;
    }
    for (auto& f : list) {
      std::uint64_t size = f.size;
      units.push_back({{std::move(f)}, size});
    }
  }
  return units;
}

bool heavier_first(const Unit& a, const Unit& b) {
  const FileToCopy& fa = a.files.front();
  const FileToCopy& fb = b.files.front();
  return std::tie(b.bytes, fa.mirror, fa.path) < std::tie(a.bytes, fb.mirror, fb.path);
}

std::size_t bin_count(std::uint64_t total, const ShardOptions& options, std::size_t units) {
  std::uint64_t size = std::max<std::uint64_t>(options.shard_size, 1);
  std::uint64_t wanted = std::max<std::uint64_t>(1, (total + size - 1) / size);
  wanted = std::min<std::uint64_t>(wanted, std::max<std::uint32_t>(options.max_containers, 1));
  return static_cast<std::size_t>(std::min<std::uint64_t>(wanted, units));
}

}  // namespace

std::vector<Shard> make_shards(std::vector<FileToCopy> files, const ShardOptions& options) {
  std::uint64_t total = 0;
  for (const auto& f : files) {
    total += f.size;
  }
  std::vector<Unit> units =
      make_units(std::move(files), std::max<std::uint64_t>(options.shard_size, 1));
  if (units.empty()) {
    return {};
  }
  std::sort(units.begin(), units.end(), heavier_first);
  std::vector<Shard> shards(bin_count(total, options, units.size()));
  for (auto& unit : units) {
    // Least loaded bin; the first such bin on ties keeps the result deterministic.
    auto lightest =
        std::min_element(shards.begin(), shards.end(),
                         [](const Shard& a, const Shard& b) { return a.bytes < b.bytes; });
    lightest->bytes += unit.bytes;
    for (auto& f : unit.files) {
      lightest->files.push_back(std::move(f));
    }
  }
  for (auto& shard : shards) {
    std::sort(shard.files.begin(), shard.files.end(), [](const FileToCopy& a, const FileToCopy& b) {
      return std::tie(a.mirror, a.path) < std::tie(b.mirror, b.path);
    });
  }
  return shards;
}

std::vector<std::size_t> mirrors_complete(const std::vector<Shard>& shards,
                                          const std::vector<bool>& succeeded,
                                          std::size_t mirror_count) {
  std::vector<bool> failed(mirror_count, false);
  for (std::size_t i = 0; i < shards.size(); ++i) {
    if (i < succeeded.size() && succeeded[i]) {
      continue;
    }
    for (const auto& f : shards[i].files) {
      if (f.mirror < mirror_count) {
        failed[f.mirror] = true;
      }
    }
  }
  std::vector<std::size_t> complete;
  for (std::size_t m = 0; m < mirror_count; ++m) {
    if (!failed[m]) {
      complete.push_back(m);
    }
  }
  return complete;
}

}  // namespace hf2ms::applier
