#include "hubsim/ms_store_view.hpp"

#include "hubsim/store_index.hpp"

#include <algorithm>
#include <charconv>

namespace hf2ms::hubsim {
namespace {

// The folder path `root` names: no leading or trailing '/'.
std::string_view normalise_root(std::string_view root) {
  while (!root.empty() && root.front() == '/') {
    root.remove_prefix(1);
  }
  while (!root.empty() && root.back() == '/') {
    root.remove_suffix(1);
  }
  return root;
}

MsCommitView commit_view(const Commit& commit) {
  return MsCommitView{commit.oid, commit.title, commit.author, commit.time_ms / 1000};
}

}  // namespace

RepoKey ms_repo_key(MsRepoKind kind, std::string_view owner, std::string_view name) {
  return RepoKey{Hub::ms, kind == MsRepoKind::model ? RepoType::model : RepoType::dataset,
                 std::string(owner) + "/" + std::string(name)};
}

MsRepoKind ms_kind_of(RepoType type) {
  return type == RepoType::dataset ? MsRepoKind::dataset : MsRepoKind::model;
}

std::int64_t ms_numeric_id(const RepoMeta& meta) {
  std::int64_t id = 0;
  const std::string_view hex = std::string_view(meta.object_id).substr(0, 12);
  std::from_chars(hex.data(), hex.data() + hex.size(), id, 16);
  return id;
}

std::optional<RepoMeta> find_ms_dataset_by_id(const Store& store, std::int64_t id) {
  for (auto& meta : store.list_repos(Hub::ms, RepoType::dataset, "")) {
    if (ms_numeric_id(meta) == id) {
      return meta;
    }
  }
  return std::nullopt;
}

int ms_visibility(const RepoMeta& meta) {
  if (meta.is_private) {
    return k_ms_visibility_private;
  }
  const auto it = meta.properties.find(std::string(k_ms_visibility_property));
  return it != meta.properties.end() && it->second == "3" ? k_ms_visibility_internal
                                                          : k_ms_visibility_public;
}

MsRepoView ms_repo_view(const Store& store, const RepoMeta& meta, const CommitPtr& head) {
  const auto slash = meta.key.id.find('/');
  MsRepoView view;
  view.kind = ms_kind_of(meta.key.type);
  view.numeric_id = ms_numeric_id(meta);
  view.owner = meta.key.id.substr(0, slash);
  view.name = meta.key.id.substr(slash + 1);
  view.visibility = ms_visibility(meta);
  view.gated = !meta.gated.empty();
  const auto license = meta.properties.find("license");
  view.license = license == meta.properties.end() ? "" : license->second;
  const auto description = meta.properties.find("description");
  view.description = description == meta.properties.end() ? "" : description->second;
  view.created_at = meta.created_ms / 1000;
  view.last_modified = meta.last_modified_ms / 1000;
  if (head) {
    view.head_commit = head->oid;
    for (const auto& [path, entry] : head->files) {
      view.total_size += entry.size;
    }
    const auto readme = head->files.find("README.md");
    if (readme != head->files.end()) {
      if (const auto blob = store.find_blob(readme->second.sha256)) {
        std::string text;
        if (store.read_blob(*blob, 0, std::min<std::uint64_t>(blob->size, 1U << 20U), text)) {
          view.readme = std::move(text);
        }
      }
    }
  }
  return view;
}

MsListing ms_list_entries(const Store& store, const RepoKey& key, const CommitPtr& head,
                          std::string_view root, Depth depth, std::size_t begin,
                          std::size_t count) {
  const auto index = store.tree_index(key, head);
  const auto listing = index->listing(normalise_root(root), depth == Depth::recursive);
  MsListing out;
  if (!listing) {
    return out;  // the hub lists nothing under a missing folder
  }
  out.total = listing->size();
  for (std::size_t i = begin; i < out.total && i - begin < count; ++i) {
    const IndexNode& node = listing->at(i);
    MsEntryView view{std::string(node.path), node.file == nullptr, 0, {}, false, {}};
    if (node.file != nullptr) {
      view.size = node.file->size;
      view.sha256 = node.file->sha256;
      view.is_lfs = node.file->lfs;
    }
    if (node.last_change != nullptr) {
      view.commit = commit_view(*node.last_change);
    }
    out.entries.push_back(std::move(view));
  }
  return out;
}

std::vector<MsRefView> ms_branch_refs(const RepoMeta& meta) {
  std::vector<MsRefView> refs;
  for (const auto& [name, oid] : meta.branches) {
    // A branch reports the repo's creation time: the store keeps no branch creation time.
    MsRefView ref{name, oid, meta.created_ms / 1000};
    if (name == meta.default_branch) {
      refs.insert(refs.begin(), ref);
    } else {
      refs.push_back(ref);
    }
  }
  return refs;
}

std::vector<MsRefView> ms_tag_refs(const Store& store, const RepoMeta& meta) {
  std::vector<std::pair<std::int64_t, MsRefView>> timed;
  for (const auto& [name, oid] : meta.tags) {
    // When the tag was made; a tag the store has no time for counts as made with its commit.
    std::int64_t ms = 0;
    if (const auto made = meta.tag_created_ms.find(name); made != meta.tag_created_ms.end()) {
      ms = made->second;
    } else if (const auto commit = store.get_commit(meta.key, oid)) {
      ms = (*commit)->time_ms;
    }
    timed.push_back({ms, MsRefView{name, oid, ms / 1000}});
  }
  // Newest first to the millisecond, so tags made within one second keep their order.
  std::stable_sort(timed.begin(), timed.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<MsRefView> refs;
  for (auto& [ms, ref] : timed) {
    refs.push_back(std::move(ref));
  }
  return refs;
}

}  // namespace hf2ms::hubsim
