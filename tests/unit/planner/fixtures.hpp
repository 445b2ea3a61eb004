// Literal manifests and snapshots for planner, plan and view tests: small helpers to build
// files and hashes, a fake SHA-256 (deterministic, not cryptographic) and the DESIGN.md §3
// example as a manifest plus the state a hub observer would have seen.
#pragma once

#include "manifest/manifest.hpp"
#include "planner/planner.hpp"
#include "state/snapshot.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace hf2ms::test {

// 64 hex chars of `c` ("aaaa..."): a readable stand-in for a content hash.
inline state::Sha256 sha(char c) { return {std::string(64, c)}; }
inline state::GitOid oid(char c) { return {std::string(40, c)}; }

// An HF small file: size and git oid only.
inline state::RemoteFile hf_small(std::string path, std::uint64_t size, char oid_char) {
  return {std::move(path), {size}, std::nullopt, oid(oid_char), state::Lfs::no};
}
// An HF LFS file: sha256 (from lfs.oid) plus the pointer's git oid.
inline state::RemoteFile hf_lfs(std::string path, std::uint64_t size, char sha_char) {
  return {std::move(path), {size}, sha(sha_char), oid('0'), state::Lfs::yes};
}
// A ModelScope file: sha256 for every file.
inline state::RemoteFile ms_file(std::string path, std::uint64_t size, char sha_char,
                                 state::Lfs lfs = state::Lfs::no) {
  return {std::move(path), {size}, sha(sha_char), std::nullopt, lfs};
}

// Deterministic 64-hex digest (FNV-1a in four lanes). Not SHA-256; enough for tests, which
// only need equal bytes ⇔ equal digests.
inline state::Sha256 fake_sha256(std::string_view bytes) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (std::uint64_t lane = 0; lane < 4; ++lane) {
    std::uint64_t h = 1469598103934665603ULL ^ lane;
    for (char c : bytes) {
      h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    for (int i = 15; i >= 0; --i) {
      out += k_hex[(h >> (static_cast<unsigned>(i) * 4U)) & 0xFU];
    }
  }
  return {out};
}

inline manifest::RepoRef ref(manifest::Hub hub, std::string ns, std::string name) {
  return {hub, std::move(ns), std::move(name)};
}

inline state::RepoSnapshot repo(manifest::RepoRef r, std::vector<state::RemoteFile> files,
                                std::string head = std::string(40, '1')) {
  state::RepoSnapshot s;
  s.ref = std::move(r);
  s.exists = true;
  s.head_commit = std::move(head);
  s.default_branch = s.ref.hub == manifest::Hub::hf ? "main" : "master";
  s.files = std::move(files);
  return s;
}

inline state::RepoSnapshot missing_repo(manifest::RepoRef r) {
  state::RepoSnapshot s;
  s.ref = std::move(r);
  return s;
}

inline planner::PlanOptions test_options() {
  planner::PlanOptions o;
  o.hf2ms_version = "0.1.0";
  o.manifest_digest = "0123456789abcdef0123456789abcdef";
  o.endpoints = {"https://huggingface.co", "https://www.modelscope.cn"};
  o.sha256 = fake_sha256;
  return o;
}

inline constexpr std::string_view k_ms_readme =
    "---\nlicense: Apache License 2.0\ntasks:\n- sentence-embedding\n---\n# corom\n";

manifest::Manifest example_manifest();
state::Snapshot example_snapshot();

}  // namespace hf2ms::test
