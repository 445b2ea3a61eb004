// ModelScope's routes as http::Request values (protocols/modelscope-hub.md §2–§8): pure
// builders, one per call MsClient makes. Everything lives on the legacy `/api/v1` surface
// except whoami and the namespace listing (OpenAPI `/openapi/v1`). Query values are
// percent-encoded (the hub decodes them as Python's quote_plus output, §6.1).
#pragma once

#include "hub/commit_batches.hpp"
#include "hub/hub.hpp"
#include "hub/ms_json.hpp"
#include "hub/site.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hf2ms::hub {

// "models" / "datasets". ModelScope has no API for studios (spaces).
[[nodiscard]] std::string_view ms_segment(manifest::RepoType type);

// GET /openapi/v1/users/me (§2.3).
[[nodiscard]] http::Request ms_whoami_request(const Site& site);
// GET /api/v1/{models|datasets}/{owner}/{name} (§4.1, §4.2).
[[nodiscard]] http::Request ms_repo_info_request(const Site& site, const RepoKey& key);
// GET /api/v1/{models|datasets}/{owner}/{name}/revisions (§5.3).
[[nodiscard]] http::Request ms_revisions_request(const Site& site, const RepoKey& key);
// GET /api/v1/{models|datasets}/{o}/{n}/commits?Ref=<rev>&PageNumber=1&PageSize=1: the
// newest commit of a branch or tag (§5.4), how hf2ms pins a ModelScope revision.
[[nodiscard]] http::Request ms_branch_head_request(const Site& site, const RepoKey& key,
                                                   std::string_view revision);
// GET /api/v1/models/{o}/{n}/repo/files?Revision=&Recursive=[&Root=] (§5.1). `root` empty:
// the whole repo, recursively; otherwise one level of `root` ("" root, one level: pass "/").
[[nodiscard]] http::Request ms_model_files_request(const Site& site, const RepoKey& key,
                                                   std::string_view revision, std::string_view root,
                                                   bool recursive);
// GET /api/v1/datasets/{o}/{n}/repo/tree?Revision=&Recursive=True&PageNumber=&PageSize= (§5.2).
[[nodiscard]] http::Request ms_dataset_tree_request(const Site& site, const RepoKey& key,
                                                    std::string_view revision,
                                                    std::size_t page_number, std::size_t page_size);
// GET /openapi/v1/{models|datasets}?owner=&page_number=&page_size= (§5.5).
inline constexpr std::size_t k_ms_list_page_size = 50;
[[nodiscard]] http::Request ms_repo_list_request(const Site& site, manifest::RepoType type,
                                                 std::string_view owner, std::size_t page_number);
// GET /api/v1/{models|datasets}/{o}/{n}/repo?Revision=&FilePath= with an optional Range (§6.1).
[[nodiscard]] http::Request ms_download_request(const Site& site, const RepoKey& key,
                                                std::string_view revision, std::string_view path,
                                                std::optional<ByteRange> range);

// POST /api/v1/models (JSON) or /api/v1/datasets (multipart/form-data) (§7.1, §7.2).
[[nodiscard]] http::Request ms_create_repo_request(const Site& site, const RepoKey& key,
                                                   const CreateOptions& options);
// Models: PUT /api/v1/models/{o}/{n} with the settings copied from `model_info_body` (the
// GET answer) and Visibility changed. Datasets: PUT /api/v1/datasets/{numeric id} (§7.5).
[[nodiscard]] Result<http::Request> ms_visibility_request(const Site& site, const RepoKey& key,
                                                          std::string_view info_body,
                                                          RepoVisibility visibility);
// POST /api/v1/repos/{t}s/{o}/{n}/info/lfs/objects/batch, ≤ k_ms_blob_batch objects (§8.1).
inline constexpr std::size_t k_ms_blob_batch = 64;
[[nodiscard]] http::Request ms_blob_batch_request(const Site& site, const RepoKey& key,
                                                  std::span<const BlobSpec> blobs);
// One streamed PUT of the whole blob to `slot.href`, with the ModelScope credential. The href
// comes from a hub answer: it must be on one of ms_bound_origins (the API host or its `lfs.` /
// `pre-lfs.` sibling), where the credential goes too; any other host (a CDN, OSS, another
// hub) is invalid_input naming that host, and nothing is sent there, token or bytes.
[[nodiscard]] Result<BlobUpload> ms_blob_upload(const Site& site, const BlobSpec& blob,
                                                const MsUploadSlot& slot);

// The hub refuses more than 2000 actions per commit (§8.3, 422); the SDK commits 256 actions
// or about 8 MiB of body at a time (real-hub-limits.md ModelScope §2), and so does hf2ms:
// 5.5 MiB of raw inline content is 7.3 MiB once base64-encoded, which leaves room under 8 MiB
// for the JSON of 256 actions.
inline constexpr BatchCaps k_ms_commit_caps{256, std::uint64_t{11} << 19};
// One commit body: `spec`'s adds then deletes as actions, `spec.message` as commit_message.
[[nodiscard]] std::string ms_commit_body(const CommitSpec& spec);
// POST /api/v1/repos/{t}s/{o}/{n}/commit/{branch} (branch raw, as the SDK sends it);
// Timeouts::long_operation.
[[nodiscard]] http::Request ms_commit_request(const Site& site, const RepoKey& key,
                                              std::string_view branch, std::string body);

// ModelScope's storage rule (the newest SDK's, §8.2 "C"): these names inline up to
// k_ms_max_inline_file, then LFS above 64 KiB or for the model/dataset LFS suffixes, inline
// otherwise. The cap is ours: an inline file travels base64 inside the commit JSON and is
// held in memory whole, so a source's 5 GB "config.json" must not be inlined.
inline constexpr std::uint64_t k_ms_max_inline_file = 16ULL << 20U;  // twice the SDK batch body
[[nodiscard]] Storage ms_storage_for(manifest::RepoType type, std::string_view path,
                                     std::uint64_t size);

// The Error for a failed ModelScope answer (ms_error on the body; transport failures via the
// HTTP layer's mapping; Retry-After kept).
[[nodiscard]] Error ms_response_error(http::Method method, const http::Response& response);

}  // namespace hf2ms::hub
