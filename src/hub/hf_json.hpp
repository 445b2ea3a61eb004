// Parsers for the Hugging Face Hub's JSON answers and its error signalling
// (protocols/huggingface-hub.md §3–§5, §9). Pure functions over response text, so they are
// tested against recorded responses; the HfClient feeds them what the HTTP layer received.
#pragma once

#include "hub/types.hpp"
#include "hub/write_types.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hub {

// GET /api/{t}s/{id}[/revision/{rev}] → id, private, gated, sha. HF repo info carries no default
// branch; it is "main".
[[nodiscard]] Result<RepoInfo> parse_hf_repo_info(std::string_view body);

// The most `siblings` a revision-info answer may hold and still be taken as the whole repo.
// UNCONFIRMED (huggingface-hub.md §4.3 gives no limit): the Hub may cut the list short on
// large repos, and the Python client's snapshot_download trusts it only below 1000 entries
// (huggingface_hub PR 3565), falling back to the tree; hf2ms does the same.
inline constexpr std::size_t k_hf_siblings_trusted = 1000;

// GET /api/{t}s/{id}/revision/{rev}?blobs=true → the repo info and, when the siblings can be
// trusted to be every file, the files: size, `blobId` as the git oid, `lfs.sha256` and
// `lfs.size` for LFS files (the key is `sha256` here, `oid` in the tree). nullopt files: no
// siblings, k_hf_siblings_trusted or more, or one without `size` or `blobId`; list the tree
// instead. An unsafe path is invalid_input.
struct HfRepoFiles {
  RepoInfo info;
  std::optional<std::vector<FileEntry>> files;  // sorted by path
};
[[nodiscard]] Result<HfRepoFiles> parse_hf_repo_files(std::string_view body);

// One page of GET /api/{t}s/{id}/tree/{rev}?recursive=true: files only (directories dropped),
// LFS content sha256 from `lfs.oid`, git blob oid from `oid`. An unsafe path is invalid_input.
[[nodiscard]] Result<std::vector<FileEntry>> parse_hf_tree_page(std::string_view body);

// GET /api/whoami-v2 → name, org names, auth.accessToken.role.
[[nodiscard]] Result<Identity> parse_hf_whoami(std::string_view body);

// GET /api/{t}s?author=ns → repo ids.
[[nodiscard]] Result<std::vector<std::string>> parse_hf_repo_list(std::string_view body);

// GET /api/{t}s/{id}/revision/{rev} for a space: its `sdk`, when present.
[[nodiscard]] std::optional<std::string> parse_hf_space_sdk(std::string_view body);

// POST /api/{t}s/{id}/preupload/{rev} → one decision per file the hub answered about.
[[nodiscard]] Result<std::vector<StorageDecision>> parse_hf_preupload(std::string_view body);

// One object of an LFS batch answer that still has to be uploaded (§8.2). Basic transfer:
// `href` is the PUT URL and `part_urls` is empty. Multipart: `part_urls` are the presigned part
// PUTs in part order, `chunk_size` their size, `href` the completion URL.
struct HfLfsAction {
  BlobSpec blob;
  std::string href;
  std::map<std::string, std::string> headers;  // extra PUT headers (basic transfer)
  std::uint64_t chunk_size = 0;
  std::vector<std::string> part_urls;
  // `actions.verify`, when the answer offers it: where to confirm the stored object, and the
  // extra headers to send (§8.2).
  std::optional<std::string> verify_href;
  std::map<std::string, std::string> verify_headers;
};

// POST {prefix}{id}.git/info/lfs/objects/batch → the objects needing an upload (objects with
// no `actions` are stored already). A per-object error fails the whole answer, as in the
// official clients; a multipart action whose part count is not ceil(size/chunk) is invalid.
// `transfer` must be absent, "basic" or "multipart" (what hf2ms asked for): any other value
// ("xet", or one nobody knows yet) is invalid_input naming it, never guessed at.
[[nodiscard]] Result<std::vector<HfLfsAction>> parse_hf_lfs_batch(std::string_view body);

// POST /api/{t}s/{id}/commit/{rev} → commitOid.
[[nodiscard]] Result<std::string> parse_hf_commit(std::string_view body);

// GET /api/{t}s/{id}/commits/{rev}?limit=1 → the newest commit (id, title); nullopt for an
// empty array (§9).
[[nodiscard]] Result<std::optional<BranchHead>> parse_hf_commit_list(std::string_view body);

// The `rel="next"` target of an RFC 8288 Link header, if any (§5.2).
[[nodiscard]] std::optional<std::string> parse_next_link(std::string_view link_header);

// What went wrong, from an HTTP status ≥ 400, X-Error-Code, X-Error-Message and the body
// (§3.2–§3.3): RepoNotFound/RevisionNotFound/EntryNotFound → not_found even on 401, GatedRepo →
// gated, 409/412 → conflict, 429 → rate_limited, 408/5xx → transient. The hub's own message is
// kept: X-Error-Message, else the JSON `error`, else the body.
[[nodiscard]] Error hf_error(int status, std::string_view error_code,
                             std::string_view error_message, std::string_view body);

}  // namespace hf2ms::hub
