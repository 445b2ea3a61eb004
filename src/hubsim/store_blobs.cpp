// Blob half of hubsim::Store: stored files under <data>/blobs/ab/cdef…, generated content
// described by (seed, size), and which repo holds which LFS object. Bytes are kept once
// however many repos hold them; holding is what the hubs scope per repo.
#include "hashing/hashing.hpp"
#include "hubsim/generated_content.hpp"
#include "hubsim/store.hpp"
#include "hubsim/store_impl.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>

namespace hf2ms::hubsim {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_chunk = std::size_t{1} << 20;

Result<std::string> sha256_of_generated(std::uint64_t seed, std::uint64_t size) {
  auto h = hashing::Sha256::create();
  if (!h) {
    return unexpected(h.error());
  }
  // One chunk at most, and no more than the file: seeding a million small files must not
  // allocate a megabyte for each.
  std::string buf(static_cast<std::size_t>(std::min<std::uint64_t>(k_chunk, size)), '\0');
  for (std::uint64_t off = 0; off < size;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(k_chunk, size - off));
    fill_generated(seed, off, buf.data(), n);
    h->update(buf.data(), n);
    off += n;
  }
  return h->finish_hex();
}

}  // namespace

BlobInfo register_generated(Store::Impl& impl, std::uint64_t seed, std::uint64_t size,
                            const std::string& sha256) {
  const auto blob = impl.blobs.try_emplace(sha256, Store::Impl::StoredBlob{size, seed}).first;
  impl.generated[{seed, size}] = &blob->first;
  return BlobInfo{sha256, size, seed};
}

BlobInfo blob_info(const std::pair<const std::string, Store::Impl::StoredBlob>& b) {
  return BlobInfo{b.first, b.second.size, b.second.seed};
}

// Every oid reaches the store from a request (a commit's lfsFile, an LFS batch, a PUT URL):
// only 64 lower-case hex digits are ever joined into a path, so "..//etc/passwd" cannot name
// a file outside <data>/blobs.
namespace {
bool is_store_sha256(std::string_view sha256) { return hashing::is_lower_hex(sha256, 64); }
}  // namespace

std::string Store::blob_path(std::string_view sha256) const {
  if (!is_store_sha256(sha256)) {
    return {};
  }
  return (fs::path(data_dir_) / "blobs" / std::string(sha256.substr(0, 2)) /
          std::string(sha256.substr(2)))
      .string();
}

Result<BlobInfo> Store::put_blob(std::string_view content) {
  const std::string sha = hashing::sha256_hex(content);
  if (auto existing = find_blob(sha)) {
    return *existing;
  }
  const std::string tmp = (fs::path(staging_dir()) / ("put-" + sha)).string();
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) {
      return unexpected(make_error(ErrorKind::io, "cannot write " + tmp));
    }
  }
  return adopt_blob_file(tmp, sha, content.size());
}

Result<BlobInfo> Store::adopt_blob_file(const std::string& path, const std::string& sha256,
                                        std::uint64_t size) {
  if (!is_store_sha256(sha256)) {
    return unexpected(make_error(ErrorKind::invalid_input, "not a SHA-256: " + sha256));
  }
  const fs::path target = blob_path(sha256);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  fs::rename(path, target, ec);
  if (ec) {
    return unexpected(
        make_error(ErrorKind::io, "cannot store blob " + sha256 + ": " + ec.message()));
  }
  BlobInfo info{sha256, size, std::nullopt};
  {
    const std::lock_guard lock(impl_->mu);
    impl_->blobs[sha256] = Impl::StoredBlob{size, std::nullopt};
  }
  return info;
}

Result<BlobInfo> Store::add_generated_blob(std::uint64_t seed, std::uint64_t size) {
  {
    const std::lock_guard lock(impl_->mu);
    const auto it = impl_->generated.find({seed, size});
    if (it != impl_->generated.end()) {
      return blob_info(*impl_->blobs.find(*it->second));
    }
  }
  // Hash outside the lock: a 4 GiB file takes seconds.
  auto sha = sha256_of_generated(seed, size);
  if (!sha) {
    return unexpected(sha.error());
  }
  const std::lock_guard lock(impl_->mu);
  impl_->unsaved_generated.emplace_back(seed, size);
  impl_->dirty = true;
  return register_generated(*impl_, seed, size, *sha);
}

std::optional<BlobInfo> Store::find_blob(std::string_view sha256) const {
  if (!is_store_sha256(sha256)) {
    return std::nullopt;
  }
  {
    const std::lock_guard lock(impl_->mu);
    const auto it = impl_->blobs.find(std::string(sha256));
    if (it != impl_->blobs.end()) {
      return blob_info(*it);
    }
  }
  // Blobs written by an earlier run are found on disk (state.json does not list them).
  std::error_code ec;
  const std::string path = blob_path(sha256);
  if (path.empty() || !fs::is_regular_file(path, ec)) {
    return std::nullopt;
  }
  BlobInfo info{std::string(sha256), fs::file_size(path, ec), std::nullopt};
  const std::lock_guard lock(impl_->mu);
  impl_->blobs[info.sha256] = Impl::StoredBlob{info.size, std::nullopt};
  return info;
}

Result<void> Store::read_blob(const BlobInfo& blob, std::uint64_t offset, std::uint64_t length,
                              std::string& out) const {
  if (offset > blob.size || length > blob.size - offset) {
    return unexpected(make_error(ErrorKind::invalid_input, "read past the end of a blob"));
  }
  out.resize(static_cast<std::size_t>(length));
  if (blob.generator_seed) {
    fill_generated(*blob.generator_seed, offset, out.data(), out.size());
    return {};
  }
  const std::string path = blob_path(blob.sha256);
  if (path.empty()) {
    return unexpected(make_error(ErrorKind::invalid_input, "not a SHA-256: " + blob.sha256));
  }
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(out.data(), static_cast<std::streamsize>(length));
  if (!in) {
    return unexpected(make_error(ErrorKind::io, "cannot read blob " + blob.sha256));
  }
  return {};
}

std::optional<ObjectKey> object_key(std::string_view sha256) {
  if (!is_store_sha256(sha256)) {
    return std::nullopt;
  }
  const auto raw = hashing::from_hex(sha256);
  if (!raw || raw->size() != 32) {
    return std::nullopt;
  }
  ObjectKey k{};
  std::memcpy(k.data(), raw->data(), k.size());
  return k;
}

void hold_lfs_entries(HeldObjects& held, const FileTree& files) {
  for (const auto& [path, e] : files) {
    if (e.lfs) {
      if (const auto k = object_key(e.sha256)) {
        held.insert(*k);
      }
    }
  }
}

bool Store::repo_holds(const RepoKey& key, std::string_view sha256) const {
  const auto k = object_key(sha256);
  if (!k) {
    return false;
  }
  const std::lock_guard lock(impl_->mu);
  const auto it = impl_->repos.find(repo_map_key(key));
  return it != impl_->repos.end() && it->second.held.count(*k) != 0;
}

Result<void> Store::hold_object(const RepoKey& key, std::string_view sha256) {
  const auto k = object_key(sha256);
  if (!k) {
    return unexpected(
        make_error(ErrorKind::invalid_input, "not a SHA-256: " + std::string(sha256)));
  }
  {
    const std::lock_guard lock(impl_->mu);
    const auto it = impl_->repos.find(repo_map_key(key));
    if (it == impl_->repos.end()) {
      return unexpected(make_error(ErrorKind::not_found, "RepoNotFound: " + key.id, 404));
    }
    if (!it->second.held.insert(*k).second) {
      return {};
    }
    impl_->unsaved_holds.emplace_back(it->second.meta.object_id, std::string(sha256));
  }
  return save();
}

Result<FileEntry> Store::make_entry(const BlobInfo& blob, Storage storage) const {
  FileEntry e{blob.sha256, blob.size, {}, storage == Storage::lfs};
  if (e.lfs) {
    e.git_oid = hashing::git_blob_sha1_hex(lfs_pointer(blob.sha256, blob.size));
    return e;
  }
  auto h = hashing::GitBlobSha1::create(blob.size);
  if (!h) {
    return unexpected(h.error());
  }
  std::string buf;
  for (std::uint64_t off = 0; off < blob.size;) {
    const std::uint64_t n = std::min<std::uint64_t>(k_chunk, blob.size - off);
    auto r = read_blob(blob, off, n, buf);
    if (!r) {
      return unexpected(r.error());
    }
    h->update(buf);
    off += n;
  }
  e.git_oid = h->finish_hex();
  return e;
}

}  // namespace hf2ms::hubsim
