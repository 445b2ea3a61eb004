// Revisions, history and atomic commits of hubsim::Store.
#include "hashing/hashing.hpp"
#include "hubsim/store.hpp"
#include "hubsim/store_impl.hpp"
#include "util/assert.hpp"

#include <algorithm>

namespace hf2ms::hubsim {
namespace {

// UNCONFIRMED: neither hub's status and text for a bad ref name are recorded; 400 with git's
// own wording.
Error bad_ref_name(std::string_view prefix, const std::string& name) {
  return make_error(ErrorKind::invalid_input,
                    "Invalid reference name: '" + std::string(prefix) + name + "'", 400);
}

Error repo_missing(const RepoKey& key) {
  return make_error(ErrorKind::not_found, "RepoNotFound: " + key.id, 404);
}

bool has_prefix(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Resolves `rev` inside `repo`; caller holds the lock.
std::optional<CommitPtr> resolve_locked(const StoredRepo& repo, std::string_view rev) {
  const RepoMeta& meta = repo.meta;
  if (rev.empty() || rev == "HEAD") {
    rev = meta.default_branch;
  }
  std::string_view name = rev;
  if (has_prefix(rev, "refs/heads/")) {
    name = rev.substr(11);
  }
  if (const auto b = meta.branches.find(std::string(name)); b != meta.branches.end()) {
    return repo.commits.at(b->second);
  }
  if (has_prefix(rev, "refs/tags/")) {
    name = rev.substr(10);
  }
  if (const auto t = meta.tags.find(std::string(name)); t != meta.tags.end()) {
    return repo.commits.at(t->second);
  }
  if (rev.size() < 7 || rev.size() > 40 || !std::all_of(rev.begin(), rev.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      })) {
    return std::nullopt;
  }
  std::optional<CommitPtr> found;
  for (auto it = repo.commits.lower_bound(std::string(rev));
       it != repo.commits.end() && has_prefix(it->first, rev); ++it) {
    if (found) {
      return std::nullopt;  // ambiguous prefix
    }
    found = it->second;
  }
  return found;
}

// Applies one op to `files`; not_found/invalid_input as documented on Store::commit. Each
// costs O(log files) plus the chunk it edits (a folder: the chunks below it).
Result<void> apply_op(FileTree& files, const FileOp& op) {
  switch (op.kind) {
    case FileOp::Kind::put:
      if (!is_valid_repo_file_path(op.path)) {
        return unexpected(make_error(ErrorKind::invalid_input, "Invalid path: " + op.path, 422));
      }
      files.put(op.path, op.entry);
      return {};
    case FileOp::Kind::remove:
      if (!files.erase(op.path)) {
        return unexpected(
            make_error(ErrorKind::not_found,
                       "EntryNotFound: A file with this name doesn't exist: " + op.path, 404));
      }
      return {};
    case FileOp::Kind::remove_folder: {
      std::string folder = op.path;
      if (!folder.empty() && folder.back() != '/') {
        folder.push_back('/');
      }
      if (files.erase_prefix(folder) == 0) {
        return unexpected(
            make_error(ErrorKind::not_found,
                       "EntryNotFound: A folder with this name doesn't exist: " + op.path, 404));
      }
      return {};
    }
  }
  return {};
}

}  // namespace

std::string compute_commit_oid(const Commit& c, const Commit* parent) {
  // sha1 of git-blob framing over the header and one line per file (a root commit) or per
  // change (any other), streamed: a million-file root would otherwise be built in memory.
  const std::string head = "parent " + c.parent + "\nauthor " + c.author + " " +
                           std::to_string(c.time_ms) + "\n\n" + c.title + "\n\n" + c.message + "\n";
  const auto line_of = [](const FileTree::value_type& kv) {
    const FileEntry& e = kv.second;
    std::string line = kv.first;
    line.push_back('\0');
    line += e.git_oid;
    line.push_back(' ');
    line += e.sha256;
    line.push_back(' ');
    line += std::to_string(e.size);
    line += e.lfs ? " lfs\n" : "\n";
    return line;
  };
  std::vector<std::string> lines;  // the changes (not used for a root)
  std::uint64_t size = head.size();
  if (parent == nullptr) {
    for (const auto& kv : c.files) {
      size += line_of(kv).size();
    }
  } else {
    c.files.diff(
        parent->files, [&](const FileTree::value_type& kv) { lines.push_back(line_of(kv)); },
        [&](const std::string& path) { lines.push_back("- " + path + "\n"); });
    for (const std::string& line : lines) {
      size += line.size();
    }
  }
  auto sha = hashing::GitBlobSha1::create(size);
  HF2MS_ASSERT(sha.has_value());  // OpenSSL cannot allocate a context: nothing can go on
  sha->update(head);
  if (parent == nullptr) {
    for (const auto& kv : c.files) {
      sha->update(line_of(kv));
    }
  }
  for (const std::string& line : lines) {
    sha->update(line);
  }
  return sha->finish_hex();
}

std::optional<CommitPtr> Store::resolve(const RepoKey& key, std::string_view rev) const {
  const std::lock_guard lock(impl_->mu);
  const auto it = impl_->repos.find(repo_map_key(key));
  if (it == impl_->repos.end()) {
    return std::nullopt;
  }
  return resolve_locked(it->second, rev);
}

std::optional<CommitPtr> Store::get_commit(const RepoKey& key, std::string_view oid) const {
  const std::lock_guard lock(impl_->mu);
  const auto it = impl_->repos.find(repo_map_key(key));
  if (it == impl_->repos.end()) {
    return std::nullopt;
  }
  const auto c = it->second.commits.find(std::string(oid));
  if (c == it->second.commits.end()) {
    return std::nullopt;
  }
  return c->second;
}

Result<std::vector<CommitPtr>> Store::history(const RepoKey& key, std::string_view rev) const {
  const std::lock_guard lock(impl_->mu);
  const auto it = impl_->repos.find(repo_map_key(key));
  if (it == impl_->repos.end()) {
    return unexpected(repo_missing(key));
  }
  auto head = resolve_locked(it->second, rev);
  if (!head) {
    return unexpected(
        make_error(ErrorKind::not_found, "RevisionNotFound: " + std::string(rev), 404));
  }
  std::vector<CommitPtr> out;
  for (CommitPtr c = *head; c;) {
    out.push_back(c);
    const auto p = it->second.commits.find(c->parent);
    c = p == it->second.commits.end() ? nullptr : p->second;
  }
  return out;
}

Result<CommitPtr> Store::commit(const RepoKey& key, const CommitRequest& request) {
  CommitPtr result;
  {
    const std::lock_guard lock(impl_->mu);
    const auto it = impl_->repos.find(repo_map_key(key));
    if (it == impl_->repos.end()) {
      return unexpected(repo_missing(key));
    }
    StoredRepo& repo = it->second;
    const auto branch = repo.meta.branches.find(request.branch);
    if (branch == repo.meta.branches.end()) {
      return unexpected(make_error(ErrorKind::not_found,
                                   "RevisionNotFound: Invalid rev id: " + request.branch, 404));
    }
    const CommitPtr& head = repo.commits.at(branch->second);
    if (request.expected_parent && !has_prefix(head->oid, *request.expected_parent)) {
      return unexpected(make_error(ErrorKind::conflict,
                                   "The branch was updated since you opened this page. Please "
                                   "refresh and try again.",
                                   412));
    }
    auto next = std::make_shared<Commit>();
    next->files = head->files;  // shares every chunk: O(files / chunk) pointers
    for (const FileOp& op : request.ops) {
      auto applied = apply_op(next->files, op);
      if (!applied) {
        return unexpected(applied.error());
      }
    }
    next->parent = head->oid;
    next->title = request.title;
    next->message = request.message;
    next->author = request.author;
    next->time_ms = std::max(now_ms(), head->time_ms + 1);
    next->oid = compute_commit_oid(*next, head.get());
    for (const FileOp& op : request.ops) {
      if (op.kind == FileOp::Kind::put && op.entry.lfs) {
        if (const auto k = object_key(op.entry.sha256)) {
          repo.held.insert(*k);
        }
      }
    }
    repo.commits[next->oid] = next;
    impl_->unsaved_commits.emplace_back(next, head);
    branch->second = next->oid;
    repo.meta.last_modified_ms = next->time_ms;
    result = next;
  }
  auto saved = save();
  if (!saved) {
    return unexpected(saved.error());
  }
  return result;
}

Result<void> Store::create_branch(const RepoKey& key, const std::string& name,
                                  std::string_view start_rev) {
  {
    const std::lock_guard lock(impl_->mu);
    const auto it = impl_->repos.find(repo_map_key(key));
    if (it == impl_->repos.end()) {
      return unexpected(repo_missing(key));
    }
    if (!is_valid_ref_name(name)) {
      return unexpected(bad_ref_name("refs/heads/", name));
    }
    if (it->second.meta.branches.count(name) != 0) {
      return unexpected(
          make_error(ErrorKind::conflict, "Reference refs/heads/" + name + " already exists", 409));
    }
    auto start = resolve_locked(it->second, start_rev);
    if (!start) {
      return unexpected(make_error(ErrorKind::not_found,
                                   "RevisionNotFound: Invalid rev id: " + std::string(start_rev),
                                   404));
    }
    it->second.meta.branches[name] = (*start)->oid;
  }
  return save();
}

Result<void> Store::delete_branch(const RepoKey& key, const std::string& name) {
  {
    const std::lock_guard lock(impl_->mu);
    const auto it = impl_->repos.find(repo_map_key(key));
    if (it == impl_->repos.end()) {
      return unexpected(repo_missing(key));
    }
    if (name == it->second.meta.default_branch) {
      return unexpected(
          make_error(ErrorKind::invalid_input, "Cannot delete refs/heads/" + name, 400));
    }
    if (it->second.meta.branches.erase(name) == 0) {
      return unexpected(
          make_error(ErrorKind::not_found, "RevisionNotFound: Invalid rev id: " + name, 404));
    }
  }
  return save();
}

Result<void> Store::create_tag(const RepoKey& key, const std::string& name, std::string_view rev) {
  {
    const std::lock_guard lock(impl_->mu);
    const auto it = impl_->repos.find(repo_map_key(key));
    if (it == impl_->repos.end()) {
      return unexpected(repo_missing(key));
    }
    if (!is_valid_ref_name(name)) {
      return unexpected(bad_ref_name("refs/tags/", name));
    }
    if (it->second.meta.tags.count(name) != 0) {
      return unexpected(
          make_error(ErrorKind::conflict, "Reference refs/tags/" + name + " already exists", 409));
    }
    auto target = resolve_locked(it->second, rev);
    if (!target) {
      return unexpected(make_error(ErrorKind::not_found,
                                   "RevisionNotFound: Invalid rev id: " + std::string(rev), 404));
    }
    it->second.meta.tags[name] = (*target)->oid;
    it->second.meta.tag_created_ms[name] = now_ms();
  }
  return save();
}

Result<void> Store::delete_tag(const RepoKey& key, const std::string& name) {
  {
    const std::lock_guard lock(impl_->mu);
    const auto it = impl_->repos.find(repo_map_key(key));
    if (it == impl_->repos.end()) {
      return unexpected(repo_missing(key));
    }
    if (it->second.meta.tags.erase(name) == 0) {
      return unexpected(
          make_error(ErrorKind::not_found, "RevisionNotFound: Invalid rev id: " + name, 404));
    }
    it->second.meta.tag_created_ms.erase(name);
  }
  return save();
}

}  // namespace hf2ms::hubsim
