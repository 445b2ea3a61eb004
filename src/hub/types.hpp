// Value types the hub clients return: what a hub says about a repo, its files and the caller.
// Both clients (HfClient, MsClient) speak in these, so the observer and the transfer engine
// never see a hub's wire format. Pure data, no I/O.
#pragma once

#include "manifest/manifest.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hf2ms::hub {

// A repo on one hub: `id` is "namespace/name".
struct RepoKey {
  manifest::Hub hub = manifest::Hub::hf;
  manifest::RepoType type = manifest::RepoType::model;
  std::string id;
  bool operator==(const RepoKey&) const = default;
};

// "hf:model:Qwen/Qwen2.5-0.5B" — for logs and messages.
[[nodiscard]] std::string to_string(const RepoKey& key);

enum class Gated { no, auto_approval, manual_approval };

struct RepoInfo {
  std::string id;  // canonical casing as the hub returns it
  bool is_private = false;
  Gated gated = Gated::no;
  std::string head_commit;               // 40-hex commit of the revision asked for
  std::string default_branch;            // "main" on HF, "master" on ModelScope
  std::optional<std::string> space_sdk;  // HF spaces: "gradio", "docker", ...
  // The licence the hub records for the repo, as written: HF `cardData.license` (an HF licence
  // id; the first of a list), ModelScope `License` ("apache-2.0", or a display name such as
  // "Apache License 2.0"). nullopt when the hub names none.
  std::optional<std::string> license;
  bool operator==(const RepoInfo&) const = default;
};

// One file of a listing. Directories are never returned.
struct FileEntry {
  std::string path;                    // repo-relative, '/'-separated, validated safe
  std::uint64_t size = 0;              // content size (also for LFS files)
  std::optional<std::string> sha256;   // lower-case hex of the content, when the hub gives it
  std::optional<std::string> git_oid;  // HF: git blob sha1 (of the pointer for LFS files)
  bool lfs = false;
  // HF Xet-backed LFS files: the tree's `xetHash` (64 lower hex), which lfs-files/duplicate
  // needs to copy the file to another repo server-side (real-hub-limits.md HF §7).
  std::optional<std::string> xet_hash = std::nullopt;
  bool operator==(const FileEntry&) const = default;
};

// A repo read whole (HubReader::read_repo): what repo_info says, and every file at the commit
// it pinned, sorted by path, paths validated.
struct RepoListing {
  RepoInfo info;
  std::vector<FileEntry> files;
  bool operator==(const RepoListing&) const = default;
};

// Whether a read must learn the repo's privacy (RepoInfo::is_private, gated). ModelScope
// tells it only in a request of its own, so a read that does not need it saves one.
enum class Privacy { not_needed, needed };

// Who a token belongs to (`hf2ms doctor`, write checks).
struct Identity {
  std::string name;
  std::vector<std::string> orgs;
  std::string token_role;  // HF: read | write | fineGrained; empty when the hub does not say
  bool operator==(const Identity&) const = default;
};

}  // namespace hf2ms::hub
