// build_tree_index() and the lookups of TreeIndex (store_index.hpp).
#include "hubsim/store_index.hpp"

#include "hashing/hashing.hpp"
#include "hubsim/store_impl.hpp"

#include <algorithm>

namespace hf2ms::hubsim {
namespace {

constexpr std::size_t k_npos = std::string_view::npos;

bool path_less(const IndexNode& node, std::string_view path) { return node.path < path; }

std::size_t lower_bound_of(const std::vector<IndexNode>& nodes, std::string_view path) {
  return static_cast<std::size_t>(std::lower_bound(nodes.begin(), nodes.end(), path, path_less) -
                                  nodes.begin());
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == k_npos ? path : path.substr(slash + 1);
}

std::string raw_oid(const std::string& hex) {
  return hashing::from_hex(hex).value_or(std::string(20, '\0'));
}

// Every folder that holds a file of `files`, sorted. A folder is emitted by the first file
// below it: files sharing a prefix are contiguous in the sorted map.
std::vector<std::string_view> folder_paths_of(const FileTree& files) {
  std::vector<std::string_view> out;
  std::string_view prev;
  for (const auto& [key, entry] : files) {
    const std::string_view path(key);
    std::size_t common = 0;
    while (common < prev.size() && common < path.size() && prev[common] == path[common]) {
      ++common;
    }
    for (auto pos = path.find('/'); pos != k_npos; pos = path.find('/', pos + 1)) {
      if (pos >= common) {
        out.push_back(path.substr(0, pos));
      }
    }
    prev = path;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Git tree object id of `folder`, whose child folders already have theirs. git orders entries
// by name, comparing a folder's name as if it ended in '/'.
std::string tree_oid_of(const TreeIndex& ix, const IndexFolder& folder) {
  std::vector<std::pair<std::string, std::uint32_t>> keyed;
  keyed.reserve(folder.children.size());
  for (const std::uint32_t child : folder.children) {
    const IndexNode& node = ix.nodes[child];
    std::string key(base_name(node.path));
    if (node.file == nullptr) {
      key.push_back('/');
    }
    keyed.emplace_back(std::move(key), child);
  }
  std::sort(keyed.begin(), keyed.end());
  std::string body;
  for (const auto& [key, child] : keyed) {
    const IndexNode& node = ix.nodes[child];
    const std::string_view name = base_name(node.path);
    body += node.file != nullptr ? "100644 " : "40000 ";
    body += name;
    body.push_back('\0');
    body += raw_oid(node.file != nullptr ? node.file->git_oid : ix.folders[node.folder].tree_oid);
  }
  return hashing::git_object_sha1_hex("tree", body);
}

// Fills last_change of every node from `parent` (see IndexNode). `owner` is each node's
// folder, `folder_parent` and `folder_node` each folder's parent folder and node.
void fill_history(TreeIndex& ix, const TreeIndex* parent, const std::vector<std::uint32_t>& owner,
                  const std::vector<std::uint32_t>& folder_parent,
                  const std::vector<std::uint32_t>& folder_node) {
  if (parent != nullptr) {
    ix.history = parent->history;
  }
  ix.history.push_back(ix.commit);
  std::vector<const Commit*> newest(ix.folders.size(), nullptr);
  std::size_t j = 0;  // walks parent->nodes alongside
  for (std::size_t i = 0; i < ix.nodes.size(); ++i) {
    IndexNode& node = ix.nodes[i];
    if (node.file == nullptr) {
      continue;
    }
    node.last_change = ix.commit.get();
    if (parent != nullptr) {
      while (j < parent->nodes.size() &&
             (parent->nodes[j].path < node.path ||
              (parent->nodes[j].path == node.path && parent->nodes[j].file == nullptr))) {
        ++j;
      }
      if (j < parent->nodes.size() && parent->nodes[j].path == node.path &&
          *parent->nodes[j].file == *node.file) {
        node.last_change = parent->nodes[j].last_change;
      }
    }
    for (std::uint32_t up = owner[i]; up != 0; up = folder_parent[up]) {
      const Commit*& best = newest[up];
      if (best == nullptr || node.last_change->time_ms / 1000 > best->time_ms / 1000) {
        best = node.last_change;
      }
    }
  }
  for (std::size_t k = 1; k < ix.folders.size(); ++k) {
    ix.nodes[folder_node[k]].last_change = newest[k];
  }
}

}  // namespace

const IndexFolder* TreeIndex::find_folder(std::string_view path) const {
  if (path.empty()) {
    return &folders[0];
  }
  for (std::size_t i = lower_bound_of(nodes, path); i < nodes.size() && nodes[i].path == path;
       ++i) {
    if (nodes[i].file == nullptr) {
      return &folders[nodes[i].folder];
    }
  }
  return nullptr;
}

const IndexNode* TreeIndex::find_file(std::string_view path) const {
  for (std::size_t i = lower_bound_of(nodes, path); i < nodes.size() && nodes[i].path == path;
       ++i) {
    if (nodes[i].file != nullptr) {
      return &nodes[i];
    }
  }
  return nullptr;
}

std::optional<IndexListing> TreeIndex::listing(std::string_view path, bool recursive) const {
  const IndexFolder* folder = find_folder(path);
  if (folder == nullptr) {
    return std::nullopt;
  }
  if (!recursive) {
    return IndexListing{&nodes, folder, 0, 0};
  }
  if (path.empty()) {
    return IndexListing{&nodes, nullptr, 0, nodes.size()};
  }
  // Everything under "path/" is contiguous: from "path/" up to "path0" ('0' follows '/').
  const std::string below = std::string(path) + '/';
  const std::string after = std::string(path) + '0';
  return IndexListing{&nodes, nullptr, lower_bound_of(nodes, below), lower_bound_of(nodes, after)};
}

TreeIndex build_tree_index(CommitPtr commit, const TreeIndex* parent, bool with_history) {
  TreeIndex ix;
  ix.commit = std::move(commit);
  ix.with_history = with_history;
  const FileTree& files = ix.commit->files;
  const std::vector<std::string_view> folder_paths = folder_paths_of(files);
  ix.folders.resize(folder_paths.size() + 1);
  std::vector<std::uint32_t> folder_node(ix.folders.size(), 0);

  // Files and folders merged by path, a folder before a file of the same path.
  ix.nodes.reserve(files.size() + folder_paths.size());
  std::size_t f = 0;
  for (const auto& [path, entry] : files) {
    ix.total_size += entry.size;
    while (f < folder_paths.size() && folder_paths[f] <= path) {
      folder_node[f + 1] = static_cast<std::uint32_t>(ix.nodes.size());
      ix.nodes.push_back(IndexNode{folder_paths[f], nullptr, static_cast<std::uint32_t>(f + 1)});
      ++f;
    }
    ix.nodes.push_back(IndexNode{path, &entry, 0});
  }

  // Direct children of each folder, in path order.
  std::vector<std::uint32_t> folder_parent(ix.folders.size(), 0);
  std::vector<std::uint32_t> owner_of(ix.nodes.size(), 0);
  for (std::size_t i = 0; i < ix.nodes.size(); ++i) {
    const std::string_view path = ix.nodes[i].path;
    const auto slash = path.rfind('/');
    std::uint32_t owner = 0;
    if (slash != k_npos) {
      const auto it =
          std::lower_bound(folder_paths.begin(), folder_paths.end(), path.substr(0, slash));
      owner = static_cast<std::uint32_t>(it - folder_paths.begin()) + 1;
    }
    owner_of[i] = owner;
    ix.folders[owner].children.push_back(static_cast<std::uint32_t>(i));
    if (ix.nodes[i].file == nullptr) {
      folder_parent[ix.nodes[i].folder] = owner;
    }
  }

  // Tree oids bottom-up: a child folder's path sorts after its parent's, so walking the
  // folders backwards (the root, index 0, last) sees every child first.
  for (std::size_t k = ix.folders.size(); k-- > 0;) {
    ix.folders[k].tree_oid = tree_oid_of(ix, ix.folders[k]);
  }

  if (with_history) {
    fill_history(ix, parent != nullptr && parent->with_history ? parent : nullptr, owner_of,
                 folder_parent, folder_node);
  }
  return ix;
}

namespace {

std::shared_ptr<const TreeIndex> cached_index(const Store::Impl& impl, const std::string& repo,
                                              const CommitPtr& commit, bool with_history) {
  const std::lock_guard lock(impl.index_mu);
  for (auto it = impl.indexes.begin(); it != impl.indexes.end(); ++it) {
    // The commit itself must match, not only its oid: a re-created repo may reuse an oid.
    if (it->repo == repo && it->index->commit == commit &&
        it->index->with_history == with_history) {
      auto found = it->index;
      impl.indexes.erase(it);
      impl.indexes.push_front(Store::Impl::CachedIndex{repo, found});
      return found;
    }
  }
  return nullptr;
}

}  // namespace

std::shared_ptr<const TreeIndex> Store::tree_index(const RepoKey& key,
                                                   const CommitPtr& commit) const {
  const std::string repo = repo_map_key(key);
  const bool with_history = key.hub == Hub::ms;
  // The commits to index, newest first, back to one already indexed (or the root).
  std::vector<CommitPtr> chain{commit};
  std::shared_ptr<const TreeIndex> base;
  for (;;) {
    if (auto hit = cached_index(*impl_, repo, chain.back(), with_history)) {
      base = std::move(hit);
      chain.pop_back();
      break;
    }
    if (!with_history || chain.back()->parent.empty()) {
      break;
    }
    auto parent = get_commit(key, chain.back()->parent);
    if (!parent) {
      break;
    }
    chain.push_back(std::move(*parent));
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    base = std::make_shared<const TreeIndex>(build_tree_index(*it, base.get(), with_history));
    const std::lock_guard lock(impl_->index_mu);
    impl_->indexes.push_front(Impl::CachedIndex{repo, base});
    if (impl_->indexes.size() > k_index_cache_size) {
      impl_->indexes.pop_back();
    }
  }
  return base;
}

}  // namespace hf2ms::hubsim
