// The Hugging Face Hub's routes as http::Request values (protocols/huggingface-hub.md §1–§8):
// pure builders, one per call HfClient makes, plus the pieces of the LFS upload the transfer
// engine runs itself. Encoding follows the Python client: revisions with no safe characters
// ("refs/pr/1" → "refs%2Fpr%2F1"), file paths with '/' kept, repo ids literal.
#pragma once

#include "hub/hf_json.hpp"
#include "hub/hub.hpp"
#include "hub/site.hpp"
#include "hub/upload.hpp"

#include <span>
#include <string>
#include <string_view>

namespace hf2ms::hub {

// "models" / "datasets" / "spaces": the /api/{t}s/ segment.
[[nodiscard]] std::string_view hf_api_segment(manifest::RepoType type);
// "" / "datasets/" / "spaces/": the prefix of resolve and .git URLs.
[[nodiscard]] std::string_view hf_web_prefix(manifest::RepoType type);

[[nodiscard]] http::Request hf_whoami_request(const Site& site);
// GET /api/{t}s/{id}/revision/{rev}
[[nodiscard]] http::Request hf_repo_info_request(const Site& site, const RepoKey& key,
                                                 std::string_view revision);
// GET /api/{t}s/{id}/revision/{rev}?blobs=true: the repo info whose `siblings` carry each
// file's size, blob id and LFS hash (§4.3), HfClient::read_repo's one request. A body above
// k_hf_repo_files_max_body is cut off (the read then lists the tree instead).
inline constexpr std::uint64_t k_hf_repo_files_max_body = std::uint64_t{8} << 20U;
[[nodiscard]] http::Request hf_repo_files_request(const Site& site, const RepoKey& key,
                                                  std::string_view revision);
// GET /api/{t}s/{id}/revision/{rev} with `expand` = sha, private and gated (spaces: sdk for
// gated): only those keys and _id/id come back (§4.1), whatever the repo's size.
[[nodiscard]] http::Request hf_repo_head_request(const Site& site, const RepoKey& key,
                                                 std::string_view revision);
// GET /api/{t}s/{id}/tree/{commit}?recursive=true&expand=false (first page; follow Link).
[[nodiscard]] http::Request hf_tree_request(const Site& site, const RepoKey& key,
                                            std::string_view commit);
// GET /api/{t}s?author={ns}&limit=1000 (first page; follow Link).
[[nodiscard]] http::Request hf_repo_list_request(const Site& site, manifest::RepoType type,
                                                 std::string_view ns);
// GET of a `Link: rel="next"` URL exactly as the hub gave it (§5.2).
[[nodiscard]] http::Request hf_next_page_request(const Site& site, std::string url);
// GET /{prefix}{id}/resolve/{commit}/{path} with an optional Range.
[[nodiscard]] http::Request hf_download_request(const Site& site, const RepoKey& key,
                                                std::string_view commit, std::string_view path,
                                                std::optional<ByteRange> range);

// GET /api/{t}s/{id}/commits/{branch}?limit=1: the branch's newest commit (§9).
[[nodiscard]] http::Request hf_branch_head_request(const Site& site, const RepoKey& key,
                                                   std::string_view branch);

// POST /api/repos/create with `visibility`, never also `private` (§7.1; real-hub-limits.md HF §8).
[[nodiscard]] http::Request hf_create_repo_request(const Site& site, const RepoKey& key,
                                                   const CreateOptions& options);
// PUT /api/{t}s/{id}/settings {"visibility"} (§7.3). No other request carries a visibility.
[[nodiscard]] http::Request hf_settings_request(const Site& site, const RepoKey& key,
                                                RepoVisibility visibility);
// POST /api/{t}s/{id}/preupload/{branch} for at most k_hf_preupload_batch files (§8.1).
inline constexpr std::size_t k_hf_preupload_batch = 100;
[[nodiscard]] http::Request hf_preupload_request(const Site& site, const RepoKey& key,
                                                 std::string_view branch,
                                                 std::span<const StagedFile> files);
// POST {prefix}{id}.git/info/lfs/objects/batch for at most k_hf_lfs_batch objects (§8.2).
inline constexpr std::size_t k_hf_lfs_batch = 100;
[[nodiscard]] http::Request hf_lfs_batch_request(const Site& site, const RepoKey& key,
                                                 std::string_view branch,
                                                 std::span<const BlobSpec> blobs);
// The parts (and completion URL) of one batch action. No credential on any of them: the
// URLs are presigned, possibly on another host (§8.2). When the action offers `verify`, the
// upload's verify request: POST {"oid","size"} to its href with the Hub credential, which the
// HTTP layer sends only when the href is on the Hub's own origin (the Python client verifies
// with the Hub token; JS never verifies).
[[nodiscard]] BlobUpload hf_blob_upload(const Site& site, const HfLfsAction& action);

// POST /api/{t}s/{source}/lfs-files/duplicate with {"target": {"type", "name"}, "files":
// [{"xetHash", "sha256", "filename"}]} for at most k_hf_duplicate_batch files (real-hub-
// limits.md HF §7; huggingface-hub.md §8.3). UNCONFIRMED: the Hub's batch ceiling (ours is
// the LFS batch's) and the answer's shape (only its status is read).
inline constexpr std::size_t k_hf_duplicate_batch = 100;
[[nodiscard]] http::Request hf_duplicate_request(const Site& site, const RepoKey& source,
                                                 const RepoKey& target,
                                                 std::span<const ServerCopy> files);

// The NDJSON commit body: header (summary, description, parentCommit), then lfsFile, file
// (base64) and deletedFile lines (§8.3).
[[nodiscard]] std::string hf_commit_body(const CommitSpec& spec);
// POST /api/{t}s/{id}/commit/{branch}: Idempotency::not_safe, never repeated by the HTTP layer;
// Timeouts::long_operation (the Hub answers only after checking every operation).
[[nodiscard]] http::Request hf_commit_request(const Site& site, const RepoKey& key,
                                              const CommitSpec& spec);

// The Error for a failed HF answer: hub errors via hf_error (X-Error-Code, X-Error-Message,
// body), transport failures via the HTTP layer's mapping; Retry-After is kept.
[[nodiscard]] Error hf_response_error(http::Method method, const http::Response& response);

}  // namespace hf2ms::hub
