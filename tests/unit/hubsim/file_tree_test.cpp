// FileTree: a sorted map that shares unchanged chunks between copies (file_tree.hpp). Each
// test checks it against a std::map doing the same edits, across chunk splits and removals.
#include "hubsim/file_tree.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace hf2ms::hubsim {
namespace {

FileEntry entry(std::uint64_t n) { return FileEntry{std::string(64, 'a'), n, "oid", n % 2 == 0}; }

std::string path_of(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "d%02d/f%05d", i % 7, i);
  return buf;
}

// A tree of `n` files as built from a map, with the map.
std::pair<FileTree, FileMap> sample(int n) {
  FileMap map;
  for (int i = 0; i < n; ++i) {
    map[path_of(i)] = entry(static_cast<std::uint64_t>(i));
  }
  return {FileTree(map), map};
}

TEST(FileTree, IteratesFindsAndCountsLikeTheMapItWasBuiltFrom) {
  const auto [tree, map] = sample(5000);  // several chunks
  EXPECT_EQ(tree.size(), map.size());
  EXPECT_EQ(tree.to_map(), map);
  EXPECT_EQ(tree.at(path_of(4321)), map.at(path_of(4321)));
  EXPECT_EQ(tree.count("d00/none"), 0U);
  EXPECT_TRUE(tree.find("a-before-everything") == tree.end());
  EXPECT_TRUE(tree.find("z-after-everything") == tree.end());
  EXPECT_THROW((void)tree.at("missing"), std::out_of_range);
  EXPECT_TRUE(FileTree().begin() == FileTree().end());
}

TEST(FileTree, EditsOfACopyLeaveTheOriginalAndMatchTheMap) {
  auto [tree, map] = sample(3000);
  const FileTree original = tree;
  const FileMap original_map = map;
  // Inserts enough into one folder to split chunks, replaces, erases and erases a folder.
  for (int i = 0; i < 2500; ++i) {
    const std::string p = "d03/new" + std::to_string(i);
    tree.put(p, entry(7));
    map[p] = entry(7);
  }
  tree.put(path_of(10), entry(99));
  map[path_of(10)] = entry(99);
  EXPECT_TRUE(tree.erase(path_of(11)));
  map.erase(path_of(11));
  EXPECT_FALSE(tree.erase(path_of(11)));
  EXPECT_EQ(tree.erase_prefix("d05/"), 3000U / 7);  // d05/ holds every 7th file from 5
  std::erase_if(map, [](const auto& kv) { return kv.first.rfind("d05/", 0) == 0; });
  EXPECT_EQ(tree.erase_prefix("d05/"), 0U);
  tree.put("a-first", entry(1));
  map["a-first"] = entry(1);

  EXPECT_EQ(tree.size(), map.size());
  EXPECT_EQ(tree.to_map(), map);
  EXPECT_EQ(original.to_map(), original_map);  // copy-on-write: the copy never saw the edits
  EXPECT_FALSE(tree == original);
}

TEST(FileTree, EmptyingEveryChunkLeavesAnEmptyTree) {
  auto [tree, map] = sample(2100);
  std::size_t removed = 0;
  for (int d = 0; d < 7; ++d) {
    removed += tree.erase_prefix("d0" + std::to_string(d) + "/");
  }
  EXPECT_EQ(removed, map.size());
  EXPECT_TRUE(tree.empty());
  EXPECT_TRUE(tree.begin() == tree.end());
  tree.put("again", entry(1));
  EXPECT_EQ(tree.size(), 1U);
}

TEST(FileTree, DiffReportsExactlyTheChanges) {
  const auto [base, map] = sample(6000);
  FileTree edited = base;
  edited.put(path_of(100), entry(12345));          // changed
  edited.put(path_of(200), map.at(path_of(200)));  // unchanged: not reported
  edited.put("d01/zz-added", entry(1));            // added
  (void)edited.erase(path_of(300));                // removed
  (void)edited.erase_prefix("d06/f0");             // a range
  std::vector<std::string> puts;
  std::vector<std::string> removes;
  edited.diff(
      base, [&](const FileTree::value_type& kv) { puts.push_back(kv.first); },
      [&](const std::string& p) { removes.push_back(p); });
  EXPECT_EQ(puts, (std::vector<std::string>{"d01/zz-added", path_of(100)}));
  std::vector<std::string> expected_removes;
  for (const auto& [p, e] : map) {
    if (p == path_of(300) || p.rfind("d06/f0", 0) == 0) {
      expected_removes.push_back(p);
    }
  }
  std::sort(expected_removes.begin(), expected_removes.end());
  EXPECT_EQ(removes, expected_removes);
  // And the other way round: the removed entries come back as puts.
  std::size_t back = 0;
  base.diff(
      edited, [&](const FileTree::value_type&) { ++back; }, [&](const std::string&) {});
  EXPECT_EQ(back, expected_removes.size() + 1);  // + the changed entry
}

}  // namespace
}  // namespace hf2ms::hubsim
