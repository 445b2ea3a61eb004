#include "state/snapshot.hpp"

#include <algorithm>

namespace hf2ms::state {

const RemoteFile* find_file(const RepoSnapshot& repo, std::string_view path) {
  auto it = std::lower_bound(repo.files.begin(), repo.files.end(), path,
                             [](const RemoteFile& f, std::string_view p) { return f.path < p; });
  if (it == repo.files.end() || it->path != path) {
    return nullptr;
  }
  return &*it;
}

namespace {

std::optional<Sha256> lookup(const RemoteFile& file, const std::map<GitOid, Sha256>& known) {
  if (file.sha256) {
    return file.sha256;
  }
  if (file.git_oid) {
    if (auto it = known.find(*file.git_oid); it != known.end()) {
      return it->second;
    }
  }
  return std::nullopt;
}

void add_if_unknown(const RemoteFile& file, const std::map<GitOid, Sha256>& known,
                    std::vector<GitOid>& out) {
  if (!lookup(file, known) && file.git_oid) {
    out.push_back(*file.git_oid);
  }
}

}  // namespace

std::optional<Sha256> resolve_sha256(const RemoteFile& file, const Snapshot& snapshot) {
  return lookup(file, snapshot.sha256_by_oid);
}

bool same_git_blob_kind(const RemoteFile& a, const RemoteFile& b) {
  return a.git_oid && b.git_oid && a.lfs == Lfs::no && b.lfs == Lfs::no;
}

std::vector<GitOid> files_needing_sha256(const MirrorObservation& observation,
                                         const std::map<GitOid, Sha256>& known) {
  std::vector<GitOid> out;
  if (observation.error) {
    return out;
  }
  for (const auto& src : observation.source.files) {
    // Only a comparison needs a hash before the transfer (issue #15 item 2): a file that is
    // missing on the target or differs in size is copied, and the transfer hashes its bytes
    // on the way (SHA-256 and git blob oid; files a target wants addressed by SHA-256 up
    // front are read into memory first, transfer/engine.hpp).
    const RemoteFile* dst = find_file(observation.target, src.path);
    if (dst == nullptr || dst->size != src.size) {
      continue;
    }
    if ((lookup(src, known) && lookup(*dst, known)) || same_git_blob_kind(src, *dst)) {
      continue;  // a common hash decides: both SHA-256, or both plain git blob oids
    }
    add_if_unknown(src, known, out);
    add_if_unknown(*dst, known, out);
  }
  // The planner compares a target README.md on HF against the rewritten source bytes, whose
  // size the observer cannot know: always ask for that README's hash.
  if (observation.target.ref.hub == manifest::Hub::hf) {
    if (const RemoteFile* readme = find_file(observation.target, k_readme_path)) {
      add_if_unknown(*readme, known, out);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace hf2ms::state
