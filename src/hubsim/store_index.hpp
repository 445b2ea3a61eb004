// The listing index of one commit: every file and folder of its tree sorted by path, each
// folder's direct children and git tree oid, and (for ModelScope repos) the commit that last
// changed each entry. Built once per commit by Store::tree_index() and then immutable, so one
// index is shared by every request thread; a tree page is a slice of it, O(page) instead of
// the O(repo) rebuild a listing used to cost.
#pragma once

#include "hubsim/store.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hf2ms::hubsim {

// A file or a folder of the indexed commit. `path` points into the commit's FileTree keys;
// the index holds the commit, whose tree is immutable, so the views live as long as the index.
struct IndexNode {
  std::string_view path;
  const FileEntry* file = nullptr;  // null for a folder
  std::uint32_t folder = 0;         // for a folder: its index in TreeIndex::folders
  // With history: the newest commit along first parents whose parent had a different entry
  // for this file (or none). A folder takes the newest (by whole seconds, as ModelScope
  // reports times) of the files below it, the first in path order on a tie.
  const Commit* last_change = nullptr;
};

struct IndexFolder {
  std::vector<std::uint32_t> children;  // node indices of the direct children, by path
  std::string tree_oid;                 // git tree oid (40 lower hex)
};

// A listing of one folder: its whole subtree (recursive) or its direct children, by path.
struct IndexListing {
  const std::vector<IndexNode>* nodes = nullptr;
  const IndexFolder* folder = nullptr;  // direct children; null for a recursive listing
  std::size_t first = 0;                // recursive: node range [first, last)
  std::size_t last = 0;
  [[nodiscard]] std::size_t size() const {
    return folder != nullptr ? folder->children.size() : last - first;
  }
  // The k-th entry (k < size()).
  [[nodiscard]] const IndexNode& at(std::size_t k) const {
    return (*nodes)[folder != nullptr ? folder->children[k] : first + k];
  }
};

struct TreeIndex {
  CommitPtr commit;
  std::vector<IndexNode> nodes;      // files and folders sorted by path (folder first on a tie)
  std::vector<IndexFolder> folders;  // [0] is the root
  bool with_history = false;
  std::vector<CommitPtr> history;  // keeps every last_change commit alive
  std::uint64_t total_size = 0;    // of all files

  // Folder `path` ("" = the root, no trailing '/'), or null when it is not a folder.
  [[nodiscard]] const IndexFolder* find_folder(std::string_view path) const;
  // The file at `path`, or null.
  [[nodiscard]] const IndexNode* find_file(std::string_view path) const;
  // Listing of folder `path`; nullopt when `path` is not a folder.
  [[nodiscard]] std::optional<IndexListing> listing(std::string_view path, bool recursive) const;
};

// Builds the index of `commit`. With `with_history`, last_change is filled from `parent`, the
// index (with history) of commit->parent, or null when the commit has no (known) parent.
[[nodiscard]] TreeIndex build_tree_index(CommitPtr commit, const TreeIndex* parent,
                                         bool with_history);

}  // namespace hf2ms::hubsim
