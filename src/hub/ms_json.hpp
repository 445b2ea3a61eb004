// Parsers for ModelScope's answers: the legacy `/api/v1` envelope
// {Code, Data, Message, RequestId, Success} and the OpenAPI envelope {success, data, ...}
// (protocols/modelscope-hub.md §3–§5, §8). Pure functions over response text, tested against
// the recorded responses in fixtures/modelscope/.
#pragma once

#include "hub/types.hpp"
#include "hub/write_types.hpp"
#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hub {

// A file listing page: files (directories dropped, paths validated), the directories seen,
// and how many entries the page held (3000 means the model listing was truncated, §5.1).
struct MsListing {
  std::vector<FileEntry> files;
  std::vector<std::string> directories;
  std::size_t entry_count = 0;
};

struct MsRef {
  std::string name;       // "master", "v1.0"
  std::string commit_id;  // 40-hex; empty when the hub did not say (UNCONFIRMED as always sent)
};

struct MsRevisions {
  std::vector<MsRef> branches;
  std::vector<MsRef> tags;  // newest first, as the hub orders them
};

// An object the blob batch says must be uploaded, with where to PUT it (§8.1 step 4).
struct MsUploadSlot {
  std::string sha256;
  std::string href;
};

// GET /api/v1/{models|datasets}/{owner}/{name} → id ("Path/Name"), private (Visibility 1),
// gated (ProtectedMode 1). Head commit and default branch come from the revisions call.
[[nodiscard]] Result<RepoInfo> parse_ms_repo_info(std::string_view body);

// GET .../repo/files (models) or .../repo/tree (datasets): Data.Files.
[[nodiscard]] Result<MsListing> parse_ms_files(std::string_view body);

// GET .../revisions → Data.RevisionMap.{Branches,Tags}.
[[nodiscard]] Result<MsRevisions> parse_ms_revisions(std::string_view body);

// GET /openapi/v1/users/me → username (OpenAPI envelope).
[[nodiscard]] Result<Identity> parse_ms_users_me(std::string_view body);

// POST /api/v1/login → Data.Username.
[[nodiscard]] Result<Identity> parse_ms_login(std::string_view body);

// POST .../info/lfs/objects/batch → the objects that still need a PUT (known ones are left
// out of the answer, or come without actions.upload).
[[nodiscard]] Result<std::vector<MsUploadSlot>> parse_ms_blob_batch(std::string_view body);

// POST .../commit/{rev} → Data.oid, the new commit.
[[nodiscard]] Result<std::string> parse_ms_commit(std::string_view body);

// GET /api/v1/{t}s/{o}/{n}/commits?Ref=&PageNumber=1&PageSize=1 → Data.Commit[0] (Id, Title),
// the newest commit of the ref (§5.4); nullopt when the listing is empty.
[[nodiscard]] Result<std::optional<BranchHead>> parse_ms_commit_list(std::string_view body);

// Names in an owner's listing (legacy `PUT /api/v1/models/` Data.Models[].Name, or the
// OpenAPI data.models[].id / data.datasets[].id "owner/name" forms).
[[nodiscard]] Result<std::vector<std::string>> parse_ms_repo_list(std::string_view body);

// What went wrong, from an HTTP status and a body in either envelope (§3): 404 → not_found,
// 401/403 → unauthorized, the "already exists" codes and 409 → conflict, 429 → rate_limited,
// 5xx → transient, other 4xx → invalid_input. Also used for HTTP 200 with Success:false.
[[nodiscard]] Error ms_error(int status, std::string_view body);

}  // namespace hf2ms::hub
