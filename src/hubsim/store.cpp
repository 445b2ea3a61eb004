#include "hubsim/store.hpp"

#include "hashing/hashing.hpp"
#include "hubsim/store_impl.hpp"
#include "util/file.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <random>

namespace hf2ms::hubsim {
namespace fs = std::filesystem;

std::optional<Hub> hub_from_string(std::string_view s) {
  if (s == "hf") {
    return Hub::hf;
  }
  if (s == "ms") {
    return Hub::ms;
  }
  return std::nullopt;
}

std::optional<RepoType> repo_type_from_string(std::string_view s) {
  for (const auto t : {RepoType::model, RepoType::dataset, RepoType::space}) {
    if (s == to_string(t)) {
      return t;
    }
  }
  return std::nullopt;
}

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string random_object_id() {
  static std::mutex mu;
  static std::mt19937_64 rng{std::random_device{}()};
  const std::lock_guard lock(mu);
  std::string out;
  for (int i = 0; i < 24; ++i) {
    out.push_back("0123456789abcdef"[rng() % 16]);
  }
  return out;
}
}  // namespace

std::string repo_map_key(const RepoKey& key) {
  std::string id = key.hub == Hub::hf ? lower(key.id) : key.id;
  return std::string(to_string(key.hub)) + "/" + std::string(to_string(key.type)) + "/" + id;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Store::Store(Key, std::string data_dir)
    : data_dir_(std::move(data_dir)), impl_(std::make_unique<Impl>()) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::string& data_dir) {
  std::error_code ec;
  fs::create_directories(fs::path(data_dir) / "blobs", ec);
  fs::create_directories(fs::path(data_dir) / "staging", ec);
  if (ec) {
    return unexpected(make_error(ErrorKind::io, "cannot create " + data_dir + ": " + ec.message()));
  }
  auto store = std::make_unique<Store>(Key{}, data_dir);
  auto loaded = load_state(data_dir, *store->impl_);
  if (!loaded) {
    return unexpected(loaded.error());
  }
  return store;
}

std::string Store::staging_dir() const { return (fs::path(data_dir_) / "staging").string(); }

Store::DeferSaves::DeferSaves(Store& store) : store_(store) {
  const std::lock_guard lock(store_.impl_->mu);
  ++store_.impl_->defer_saves;
}

Store::DeferSaves::~DeferSaves() {
  {
    const std::lock_guard lock(store_.impl_->mu);
    --store_.impl_->defer_saves;
  }
  (void)store_.save();
}

Result<void> Store::save() {
  // One save at a time, taken before the store lock: each save writes everything the one
  // before it left, so state.json never goes back to an older state.
  static std::mutex write_mu;
  const std::lock_guard write_lock(write_mu);
  PendingSave pending;
  {
    const std::lock_guard lock(impl_->mu);
    if (impl_->defer_saves > 0) {
      impl_->dirty = true;
      return {};
    }
    pending = take_pending_save(*impl_);
    impl_->dirty = false;
  }
  // Written outside the store lock: a seeded million-file commit takes seconds to write.
  auto written = write_pending_save(data_dir_, pending);
  if (!written) {
    const std::lock_guard lock(impl_->mu);
    impl_->unsaved_commits.insert(impl_->unsaved_commits.begin(), pending.commits.begin(),
                                  pending.commits.end());
    impl_->unsaved_generated.insert(impl_->unsaved_generated.begin(),
                                    pending.generated_keys.begin(), pending.generated_keys.end());
    impl_->unsaved_holds.insert(impl_->unsaved_holds.begin(), pending.holds.begin(),
                                pending.holds.end());
    impl_->dirty = true;
  }
  return written;
}

Result<RepoMeta> Store::create_repo(RepoMeta meta, FileTree initial_files,
                                    const std::string& author, const std::string& title) {
  {
    const std::lock_guard lock(impl_->mu);
    const std::string map_key = repo_map_key(meta.key);
    if (impl_->repos.count(map_key) != 0) {
      return unexpected(make_error(ErrorKind::conflict, "repo exists: " + meta.key.id, 409));
    }
    if (meta.object_id.empty()) {
      meta.object_id = random_object_id();
    }
    const std::int64_t now = now_ms();
    meta.created_ms = meta.created_ms != 0 ? meta.created_ms : now;
    auto root = std::make_shared<Commit>();
    root->title = title;
    root->author = author;
    root->time_ms = meta.created_ms;
    root->files = std::move(initial_files);
    root->oid = compute_commit_oid(*root, nullptr);
    meta.last_modified_ms = meta.created_ms;
    meta.branches[meta.default_branch] = root->oid;
    StoredRepo repo{meta, {}, {}};
    hold_lfs_entries(repo.held, root->files);
    repo.commits[root->oid] = root;
    impl_->repos.emplace(map_key, std::move(repo));
    impl_->unsaved_commits.emplace_back(root, nullptr);
  }
  auto saved = save();
  if (!saved) {
    return unexpected(saved.error());
  }
  return meta;
}

Result<void> Store::delete_repo(const RepoKey& key) {
  {
    const std::lock_guard lock(impl_->mu);
    if (impl_->repos.erase(repo_map_key(key)) == 0) {
      return unexpected(make_error(ErrorKind::not_found, "repo not found: " + key.id, 404));
    }
  }
  return save();
}

std::optional<RepoMeta> Store::find_repo(const RepoKey& key) const {
  const std::lock_guard lock(impl_->mu);
  const auto it = impl_->repos.find(repo_map_key(key));
  if (it == impl_->repos.end()) {
    return std::nullopt;
  }
  return it->second.meta;
}

Result<RepoMeta> Store::update_repo(const RepoKey& key,
                                    const std::function<void(RepoMeta&)>& edit) {
  RepoMeta copy;
  {
    const std::lock_guard lock(impl_->mu);
    const auto it = impl_->repos.find(repo_map_key(key));
    if (it == impl_->repos.end()) {
      return unexpected(make_error(ErrorKind::not_found, "repo not found: " + key.id, 404));
    }
    edit(it->second.meta);
    copy = it->second.meta;
  }
  auto saved = save();
  if (!saved) {
    return unexpected(saved.error());
  }
  return copy;
}

std::vector<RepoMeta> Store::list_repos(Hub hub, RepoType type, std::string_view author) const {
  const std::lock_guard lock(impl_->mu);
  std::vector<RepoMeta> out;
  for (const auto& [map_key, repo] : impl_->repos) {
    const RepoKey& k = repo.meta.key;
    if (k.hub != hub || k.type != type) {
      continue;
    }
    const std::string ns = namespace_of(k.id);
    const bool match =
        author.empty() || (hub == Hub::hf ? lower(ns) == lower(author) : ns == author);
    if (match) {
      out.push_back(repo.meta);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const RepoMeta& a, const RepoMeta& b) { return a.key.id < b.key.id; });
  return out;
}

std::string lfs_pointer(std::string_view sha256, std::uint64_t size) {
  return "version https://git-lfs.github.com/spec/v1\noid sha256:" + std::string(sha256) +
         "\nsize " + std::to_string(size) + "\n";
}

bool is_valid_repo_file_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view seg = path.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == ".." || seg == ".git") {
      return false;
    }
    start = end + 1;
  }
  return std::none_of(path.begin(), path.end(),
                      [](char c) { return c == '\\' || (static_cast<unsigned char>(c) < 0x20); });
}

}  // namespace hf2ms::hubsim
