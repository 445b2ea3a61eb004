#include "applier/sharding.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace hf2ms::applier {
namespace {

constexpr std::uint64_t k_gb = 1000ULL * 1000 * 1000;

std::uint64_t bytes_of(const std::vector<Shard>& shards) {
  return std::accumulate(shards.begin(), shards.end(), std::uint64_t{0},
                         [](std::uint64_t n, const Shard& s) { return n + s.bytes; });
}

std::size_t files_of(const std::vector<Shard>& shards) {
  std::size_t n = 0;
  for (const auto& s : shards) {
    n += s.files.size();
  }
  return n;
}

TEST(Sharding, EmptyPlanHasNoShards) { EXPECT_TRUE(make_shards({}, {}).empty()); }

TEST(Sharding, SmallMirrorsShareOneContainer) {
  std::vector<FileToCopy> files = {{0, "a", 1 * k_gb}, {1, "b", 2 * k_gb}, {2, "c", 3 * k_gb}};
  auto shards = make_shards(files, {50 * k_gb, 100});
  ASSERT_EQ(shards.size(), 1u);
  EXPECT_EQ(shards[0].bytes, 6 * k_gb);
  EXPECT_EQ(shards[0].files.size(), 3u);
}

TEST(Sharding, LargeMirrorSplitsIntoRoughlyEqualShards) {
  std::vector<FileToCopy> files;
  for (int i = 0; i < 40; ++i) {
    files.push_back({0, "part-" + std::to_string(100 + i), 5 * k_gb});  // 200 GB in total
  }
  auto shards = make_shards(files, {50 * k_gb, 100});
  ASSERT_EQ(shards.size(), 4u);
  for (const auto& s : shards) {
    EXPECT_EQ(s.bytes, 50 * k_gb);
  }
  EXPECT_EQ(files_of(shards), 40u);
}

TEST(Sharding, LargestFilesArePlacedFirst) {
  // 100 + 60 + 40 GB with 100 GB shards: two shards, the largest file alone in one.
  std::vector<FileToCopy> files = {{0, "s", 40 * k_gb}, {0, "l", 100 * k_gb}, {0, "m", 60 * k_gb}};
  auto shards = make_shards(files, {100 * k_gb, 100});
  ASSERT_EQ(shards.size(), 2u);
  EXPECT_EQ(shards[0].bytes, 100 * k_gb);
  ASSERT_EQ(shards[0].files.size(), 1u);
  EXPECT_EQ(shards[0].files[0].path, "l");
  EXPECT_EQ(shards[1].bytes, 100 * k_gb);
}

TEST(Sharding, NeverMoreThanMaxContainers) {
  std::vector<FileToCopy> files;
  for (int i = 0; i < 1000; ++i) {
    files.push_back({static_cast<std::size_t>(i % 7), "f" + std::to_string(i), 10 * k_gb});
  }
  auto shards = make_shards(files, {1 * k_gb, 16});
  EXPECT_EQ(shards.size(), 16u);
  EXPECT_EQ(bytes_of(shards), 10000 * k_gb);
  EXPECT_EQ(files_of(shards), 1000u);
}

TEST(Sharding, NeverMoreShardsThanFiles) {
  auto shards = make_shards({{0, "huge", 500 * k_gb}}, {1 * k_gb, 100});
  ASSERT_EQ(shards.size(), 1u);
  EXPECT_EQ(shards[0].bytes, 500 * k_gb);
}

TEST(Sharding, IsDeterministicWhateverTheInputOrder) {
  std::vector<FileToCopy> files = {{0, "a", 7}, {1, "b", 7}, {0, "c", 3}, {2, "d", 9}, {1, "e", 1}};
  std::vector<FileToCopy> reversed(files.rbegin(), files.rend());
  EXPECT_EQ(make_shards(files, {10, 3}), make_shards(reversed, {10, 3}));
}

TEST(Sharding, MirrorCompleteOnlyWhenAllItsShardsSucceeded) {
  std::vector<Shard> shards = {
      {{{0, "a", 1}, {1, "b", 1}}, 2},
      {{{1, "c", 1}}, 1},
      {{{2, "d", 1}}, 1},
  };
  // Shard 1 failed: mirror 1 has a file there, so only mirrors 0, 2 and 3 (no files) commit.
  EXPECT_EQ(mirrors_complete(shards, {true, false, true}, 4), (std::vector<std::size_t>{0, 2, 3}));
  EXPECT_EQ(mirrors_complete(shards, {true, true, true}, 4),
            (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(mirrors_complete(shards, {false, true, true}, 3), (std::vector<std::size_t>{2}));
}

}  // namespace
}  // namespace hf2ms::applier
