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

std::vector<GitOid> files_needing_sha256(const MirrorObservation& observation,
                                         const std::map<GitOid, Sha256>& known) {
  std::vector<GitOid> out;
  if (observation.error) {
    return out;
  }
  for (const auto& src : observation.source.files) {
    // Every source file needs its SHA-256: to prove it equal to the target's, or, when it is
    // copied, because apply verifies the streamed bytes against it and a target may store even
    // a small file through LFS, which is addressed by SHA-256 (ModelScope by suffix, HF by
    // .gitattributes). The oid cache makes this a one-time fetch per file content.
    add_if_unknown(src, known, out);
    const RemoteFile* dst = find_file(observation.target, src.path);
    if (dst != nullptr && dst->size == src.size) {
      add_if_unknown(*dst, known, out);  // same size: only the hashes can decide
    }
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
