// JSON bodies of the ModelScope read routes, built from plain views of the simulator's store:
// file entries (`repo/files`, `repo/tree`), the revision map, model and dataset info on the
// legacy surface (PascalCase) and on `/openapi/v1` (snake_case). Field names and JSON types
// follow the recorded fixtures (fixtures/modelscope/) and protocols/modelscope-hub.md §4-§5.
// Pure: route handlers fill the views from the store, these functions only shape JSON.
#pragma once

#include "hubsim/ms_rules.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hf2ms::hubsim {

// Visibility integers shared by models and datasets (§4.1): 1 private, 3 internal, 5 public.
inline constexpr int k_ms_visibility_private = 1;
inline constexpr int k_ms_visibility_internal = 3;
inline constexpr int k_ms_visibility_public = 5;
// ProtectedMode: 1 gated, 2 off (§4.1).
inline constexpr int k_ms_protected_gated = 1;
inline constexpr int k_ms_protected_off = 2;

// The last commit that touched a path, as the listing reports it.
struct MsCommitView {
  std::string id;  // 40-hex
  std::string message;
  std::string author;
  std::int64_t time = 0;  // epoch seconds
};

// One listing entry: a file (blob) or a directory (tree).
struct MsEntryView {
  std::string path;
  bool is_dir = false;
  std::uint64_t size = 0;
  std::string sha256;  // content SHA-256; empty for trees
  bool is_lfs = false;
  MsCommitView commit;
};

// One branch or tag.
struct MsRefView {
  std::string name;
  std::string commit_id;
  std::int64_t created_at = 0;
};

// What the info routes report about a repo.
struct MsRepoView {
  MsRepoKind kind = MsRepoKind::model;
  std::int64_t numeric_id = 0;  // datasets are addressed by it in A's tree listing
  std::string owner;
  std::string name;
  int visibility = k_ms_visibility_public;
  bool gated = false;
  std::string license;
  std::string description;
  std::string readme;
  std::string head_commit;  // 40-hex of the default branch head, empty when none
  std::int64_t created_at = 0;
  std::int64_t last_modified = 0;
  std::uint64_t total_size = 0;
};

// {"Name","Path","Type","Size","Sha256","IsLFS","Revision","CommitMessage","CommittedDate",
//  "CommitterName","InCheck","Mode"}; `with_commit_id` adds "CommitId" (dataset tree, §5.2).
[[nodiscard]] nlohmann::json entry_json(const MsEntryView& entry, bool with_commit_id);

// {"RevisionMap":{"Branches":[...],"Tags":[...]}}; tags are sorted newest first here.
[[nodiscard]] nlohmann::json revisions_json(const std::vector<MsRefView>& branches,
                                            std::vector<MsRefView> tags);

// Legacy `Data` of GET /api/v1/models/{o}/{n} and /api/v1/datasets/{o}/{n}.
[[nodiscard]] nlohmann::json legacy_info_json(const MsRepoView& repo);

// OpenAPI `data` of GET /openapi/v1/{models|datasets}/{o}/{n} (fixture shape).
[[nodiscard]] nlohmann::json openapi_info_json(const MsRepoView& repo);

// "2025-12-18T01:32:15Z" for an epoch-seconds time.
[[nodiscard]] std::string iso8601_utc(std::int64_t epoch_seconds);

}  // namespace hf2ms::hubsim
