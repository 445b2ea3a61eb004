// The manifest model: what the user declared in hf2ms.toml (DESIGN.md §2), after parsing,
// validation and the inheritance of [defaults] into every [[mirror]]. Plain values, no I/O.
// `parse()` (parse.hpp) is the only way to build one from text; the planner and the hub
// layer read it. Endpoints and tokens are not resolved here: the manifest stores what the
// file says, and the CLI edge applies the environment (resolve.hpp).
#pragma once

#include "util/diagnostics.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hf2ms::manifest {

enum class Hub { hf, ms };
enum class RepoType { model, dataset, space };
enum class Visibility { preserve, public_, private_ };
enum class ExecutorKind { modal, local };
enum class Prune { no, yes };

// `hub:namespace/name`. `name == "*"` (with `namespace` set) means every repo of the
// namespace of the mirror's type, expanded at plan time.
struct RepoRef {
  Hub hub = Hub::hf;
  std::string ns;
  std::string name;
  [[nodiscard]] bool is_wildcard() const { return name == "*"; }
  // "hf:Qwen/Qwen2.5-0.5B-Instruct"
  [[nodiscard]] std::string to_string() const;
  // "Qwen/Qwen2.5-0.5B-Instruct"
  [[nodiscard]] std::string repo_id() const { return ns + "/" + name; }
  bool operator==(const RepoRef&) const = default;
  auto operator<=>(const RepoRef&) const = default;
};

// [hubs.hf] / [hubs.ms]. Unset fields fall back to the ecosystem environment variables and
// then the public defaults (resolve.hpp).
struct HubConfig {
  std::optional<std::string> endpoint;  // e.g. "https://huggingface.co", no trailing '/'
  std::string token_env;                // name of the variable holding the token
  bool operator==(const HubConfig&) const = default;
};

// [executor]
struct ExecutorConfig {
  ExecutorKind kind = ExecutorKind::modal;
  std::uint32_t max_containers = 100;                     // 1..1000
  std::uint64_t shard_size = 50ULL * 1000 * 1000 * 1000;  // bytes; "50GB" = 50e9, "1GiB" = 2^30
  bool operator==(const ExecutorConfig&) const = default;
};

// One [[mirror]] with [defaults] already applied. Filters are glob patterns on repo paths
// (`*` within a segment, `**` across segments, `?`); see docs/manifest.md for the rule order.
struct Mirror {
  RepoRef source;
  RepoRef target;
  RepoType type = RepoType::model;         // the source repo's type
  RepoType target_type = RepoType::model;  // defaults to `type`; `target_type = "model"`
                                           // stores a space's files in a model repo
  Visibility visibility = Visibility::preserve;
  Prune prune = Prune::no;
  std::uint32_t max_delete = 50;  // refuse a plan deleting more files than this in one mirror
  // Refuse a plan deleting more than this percentage (0-100) of the target files the
  // mirror's filter selects; 100 turns the check off. Guards against a source listing that
  // came back (nearly) empty.
  std::uint32_t max_delete_percent = 50;
  std::vector<std::string> include;          // empty: everything not excluded
  std::vector<std::string> exclude;          // defaults to [".gitattributes"]
  std::optional<std::string> revision;       // source branch, tag or commit; unset: default branch
  std::optional<std::string> target_branch;  // unset: the target's default branch
  // Globs over source branch and tag names (`refs = ["v*", "release/*"]`) mirrored to the
  // same names on the target, besides the default branch, which is always mirrored. Empty:
  // the default branch only. Cannot be combined with `revision` or `target_branch`.
  std::vector<std::string> refs;
  // A source tag whose target tag already exists with a different tree is refused (tags are
  // immutable once mirrored) unless this is true: then the target tag is moved.
  bool retag = false;
  SourceLocation location;  // where the [[mirror]] table starts
  bool operator==(const Mirror&) const = default;
};

struct Manifest {
  std::int64_t version = 1;
  HubConfig hf{std::nullopt, "HF_TOKEN"};
  HubConfig ms{std::nullopt, "MODELSCOPE_TOKEN"};
  ExecutorConfig executor;
  // Refuse a plan deleting more files than this over all its mirrors (an `org/*` mirror
  // multiplies max_delete by the number of repos).
  std::uint64_t max_delete_total = 500;
  std::vector<Mirror> mirrors;  // in file order
  bool operator==(const Manifest&) const = default;
};

[[nodiscard]] std::string to_string(Hub hub);            // "hf" | "ms"
[[nodiscard]] std::string to_string(RepoType type);      // "model" | "dataset" | "space"
[[nodiscard]] std::string to_string(Visibility v);       // "preserve" | "public" | "private"
[[nodiscard]] std::string to_string(ExecutorKind kind);  // "modal" | "local"

}  // namespace hf2ms::manifest
