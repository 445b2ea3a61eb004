// The files of one commit in the hub simulator: a path → FileEntry map, sorted by path, kept
// as copy-on-write chunks of at most k_file_tree_chunk entries. Copying a tree copies chunk
// pointers only, and an edit clones just the chunk it touches, so a commit on a
// million-file repo costs O(its changes) (plus one pointer per chunk), not a copy of its
// parent's map. Chunks are immutable once a second tree shares them; a published commit's
// tree is never edited, so the listing index (store_index.hpp) may point into its entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hf2ms::hubsim {

// One file of a commit.
struct FileEntry {
  std::string sha256;  // content SHA-256 (64 lower hex), also for regular files
  std::uint64_t size = 0;
  std::string git_oid;  // git blob SHA-1 of the content (regular) or of the LFS pointer (lfs)
  bool lfs = false;     // stored as a Git LFS object (HF) / LFS file (ModelScope)
  bool operator==(const FileEntry&) const = default;
};

using FileMap = std::map<std::string, FileEntry>;  // repo path → entry, sorted by path

// Entries per chunk: a tree splits a chunk that grows past this, and builds chunks half full.
inline constexpr std::size_t k_file_tree_chunk = 1024;

class FileTree {
 public:
  using value_type = std::pair<std::string, FileEntry>;
  struct Chunk {
    std::vector<value_type> entries;  // sorted by path, never empty inside a tree
  };
  using Chunks = std::vector<std::shared_ptr<Chunk>>;

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = FileTree::value_type;
    using difference_type = std::ptrdiff_t;
    using pointer = const value_type*;
    using reference = const value_type&;

    const_iterator() = default;
    reference operator*() const { return (*chunks_)[chunk_]->entries[pos_]; }
    pointer operator->() const { return &**this; }
    const_iterator& operator++() {
      if (++pos_ == (*chunks_)[chunk_]->entries.size()) {
        ++chunk_;
        pos_ = 0;
      }
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const const_iterator& o) const { return chunk_ == o.chunk_ && pos_ == o.pos_; }

   private:
    friend class FileTree;
    const_iterator(const Chunks* chunks, std::size_t chunk, std::size_t pos)
        : chunks_(chunks), chunk_(chunk), pos_(pos) {}
    const Chunks* chunks_ = nullptr;
    std::size_t chunk_ = 0;
    std::size_t pos_ = 0;
  };
  using iterator = const_iterator;

  FileTree() = default;
  // Seeds, tests and repo creation build a FileMap; it converts implicitly (O(files)).
  FileTree(const FileMap& files);  // NOLINT(google-explicit-constructor)

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] const_iterator begin() const { return {&chunks_, 0, 0}; }
  [[nodiscard]] const_iterator end() const { return {&chunks_, chunks_.size(), 0}; }
  [[nodiscard]] const_iterator find(std::string_view path) const;
  [[nodiscard]] std::size_t count(std::string_view path) const {
    return find(path) == end() ? 0 : 1;
  }
  // The entry at `path`; throws std::out_of_range when there is none (as std::map::at).
  [[nodiscard]] const FileEntry& at(std::string_view path) const;

  // Adds or replaces the entry at `path`.
  void put(const std::string& path, const FileEntry& entry);
  // Removes `path`; false when it was not there.
  bool erase(std::string_view path);
  // Removes every path that starts with `prefix`; returns how many.
  std::size_t erase_prefix(std::string_view prefix);

  // Calls `on_put` for each entry of this tree that `base` lacks or holds differently and
  // `on_remove` for each path of `base` this tree lacks, in path order. Chunks both trees
  // share are skipped whole: the diff of a commit against its parent is O(its changes).
  void diff(const FileTree& base, const std::function<void(const value_type&)>& on_put,
            const std::function<void(const std::string&)>& on_remove) const;

  [[nodiscard]] FileMap to_map() const;
  bool operator==(const FileTree& other) const;

 private:
  // The chunk `path` belongs in: the last whose first path is ≤ `path` (0 for a smaller one).
  [[nodiscard]] std::size_t chunk_for(std::string_view path) const;
  // Chunk `c`, cloned first when another tree shares it.
  Chunk& writable(std::size_t c);

  Chunks chunks_;
  std::size_t size_ = 0;
};

}  // namespace hf2ms::hubsim
