// Reads the simulator's hub-agnostic Store the way the ModelScope routes need it: the repo
// key of a ModelScope model or dataset, the numeric dataset id, the legacy visibility integer,
// directory listings with the last commit that touched each path, and the revision map.
// Turns store values into the plain views of ms_json.hpp. Read-only over Store's public API.
#pragma once

#include "hubsim/ms_json.hpp"
#include "hubsim/ms_rules.hpp"
#include "hubsim/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hubsim {

// ModelScope repos live on the `master` branch (§5.3), not HF's `main`.
inline constexpr std::string_view k_ms_default_branch = "master";

// RepoMeta.properties key holding a non-default legacy visibility ("3" for internal).
inline constexpr std::string_view k_ms_visibility_property = "ms.visibility";

[[nodiscard]] RepoKey ms_repo_key(MsRepoKind kind, std::string_view owner, std::string_view name);
[[nodiscard]] MsRepoKind ms_kind_of(RepoType type);

// The numeric `Id` a ModelScope repo reports: the first 12 hex digits of its object id, so it
// is stable across restarts and exact in a JSON double.
[[nodiscard]] std::int64_t ms_numeric_id(const RepoMeta& meta);

// The ModelScope dataset whose numeric id is `id` (A lists dataset trees by it, §5.2).
[[nodiscard]] std::optional<RepoMeta> find_ms_dataset_by_id(const Store& store, std::int64_t id);

// 1 private, 3 internal, 5 public.
[[nodiscard]] int ms_visibility(const RepoMeta& meta);

// Info view of `meta` at `head` (may be null for an empty repo).
[[nodiscard]] MsRepoView ms_repo_view(const Store& store, const RepoMeta& meta,
                                      const CommitPtr& head);

// How much of the tree a listing covers.
enum class Depth { one_level, recursive };

// A page of a listing and the size of the whole listing.
struct MsListing {
  std::vector<MsEntryView> entries;
  std::size_t total = 0;
};

// Entries [begin, begin + count) of the listing under `root` ("" or "/" for the top) of
// `head`, directories included, sorted by path, each with the last commit (along first
// parents) that changed it. Reads the commit's cached index (Store::tree_index): O(page).
[[nodiscard]] MsListing ms_list_entries(const Store& store, const RepoKey& key,
                                        const CommitPtr& head, std::string_view root, Depth depth,
                                        std::size_t begin, std::size_t count);

// Branches (default branch first) and tags of `meta`, with commit ids and creation times.
[[nodiscard]] std::vector<MsRefView> ms_branch_refs(const RepoMeta& meta);
[[nodiscard]] std::vector<MsRefView> ms_tag_refs(const Store& store, const RepoMeta& meta);

}  // namespace hf2ms::hubsim
