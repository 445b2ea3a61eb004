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
  bool operator==(const FileEntry&) const = default;
};

// Who a token belongs to (`hf2ms doctor`, write checks).
struct Identity {
  std::string name;
  std::vector<std::string> orgs;
  std::string token_role;  // HF: read | write | fineGrained; empty when the hub does not say
  bool operator==(const Identity&) const = default;
};

}  // namespace hf2ms::hub
