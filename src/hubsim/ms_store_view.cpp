#include "hubsim/ms_store_view.hpp"

#include <charconv>
#include <map>
#include <set>

namespace hf2ms::hubsim {
namespace {

std::string normalise_root(std::string_view root) {
  while (!root.empty() && root.front() == '/') {
    root.remove_prefix(1);
  }
  while (!root.empty() && root.back() == '/') {
    root.remove_suffix(1);
  }
  return root.empty() ? std::string() : std::string(root) + "/";
}

MsCommitView commit_view(const Commit& commit) {
  return MsCommitView{commit.oid, commit.title, commit.author, commit.time_ms / 1000};
}

// For every path of `head`, the newest commit along first parents whose parent had a
// different entry (or none). Directories take the newest commit of any file below them.
std::map<std::string, MsCommitView> last_changes(const Store& store, const RepoKey& key,
                                                 const CommitPtr& head) {
  std::map<std::string, MsCommitView> found;
  CommitPtr current = head;
  while (current && found.size() < head->files.size()) {
    std::optional<CommitPtr> parent;
    if (!current->parent.empty()) {
      parent = store.get_commit(key, current->parent);
    }
    for (const auto& [path, entry] : head->files) {
      if (found.count(path) != 0 || current->files.count(path) == 0) {
        continue;
      }
      const bool changed_here =
          !parent || (*parent)->files.count(path) == 0 || (*parent)->files.at(path) != entry;
      if (changed_here) {
        found.emplace(path, commit_view(*current));
      }
    }
    current = parent ? *parent : nullptr;
  }
  return found;
}

void add_directory(std::map<std::string, MsEntryView>& out, const std::string& dir,
                   const MsCommitView& commit) {
  auto [it, inserted] = out.try_emplace(dir);
  if (inserted) {
    it->second.path = dir;
    it->second.is_dir = true;
    it->second.commit = commit;
  } else if (commit.time > it->second.commit.time) {
    it->second.commit = commit;
  }
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

std::vector<MsEntryView> ms_list_entries(const Store& store, const RepoKey& key,
                                         const CommitPtr& head, std::string_view root,
                                         Depth depth) {
  const std::string prefix = normalise_root(root);
  const auto changes = last_changes(store, key, head);
  std::map<std::string, MsEntryView> out;
  for (const auto& [path, entry] : head->files) {
    if (path.compare(0, prefix.size(), prefix) != 0) {
      continue;
    }
    const MsCommitView& commit = changes.at(path);
    const std::string rest = path.substr(prefix.size());
    const auto slash = rest.find('/');
    if (depth == Depth::one_level && slash != std::string::npos) {
      add_directory(out, prefix + rest.substr(0, slash), commit);
      continue;
    }
    for (auto pos = rest.find('/'); pos != std::string::npos; pos = rest.find('/', pos + 1)) {
      add_directory(out, prefix + rest.substr(0, pos), commit);
    }
    out[path] = MsEntryView{path, false, entry.size, entry.sha256, entry.lfs, commit};
  }
  std::vector<MsEntryView> entries;
  entries.reserve(out.size());
  for (auto& [path, entry] : out) {
    entries.push_back(std::move(entry));
  }
  return entries;
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
  std::vector<MsRefView> refs;
  for (const auto& [name, oid] : meta.tags) {
    // The store keeps no tag creation time; the tagged commit's time orders tags instead.
    const auto commit = store.get_commit(meta.key, oid);
    refs.push_back(MsRefView{name, oid, commit ? (*commit)->time_ms / 1000 : 0});
  }
  return refs;
}

}  // namespace hf2ms::hubsim
