// Small pure rules of the ModelScope side of the hub simulator: which repo paths and names
// are acceptable, how the SDK spells booleans in query strings, which files the hub keeps
// as LFS objects, and a non-throwing JSON reader for request bodies. No I/O, no httplib.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hf2ms::hubsim {

// The two ModelScope repo kinds the simulator serves ({type}s in `/api/v1/repos/{type}s/`).
enum class MsRepoKind { model, dataset };

// "models" / "datasets": the plural used in URLs.
[[nodiscard]] std::string_view plural(MsRepoKind kind);

// Parses "models" / "datasets" (the `{type}s` URL segment); nullopt for anything else.
[[nodiscard]] std::optional<MsRepoKind> kind_from_plural(std::string_view segment);

// True when `path` is a clean repo-relative file path: non-empty, '/'-separated, no empty,
// "." or ".." segment, no leading '/', no backslash or control character. The hub refuses a
// "./" prefix with "invalid commit action" (protocols/modelscope-hub.md §8.3, PR #69).
[[nodiscard]] bool is_valid_repo_path(std::string_view path);

// True when `part` is a usable owner or repo name: 1..64 of [A-Za-z0-9._-], not starting
// with '.' or '-'. UNCONFIRMED (protocols/modelscope-hub.md §9): the hub's own name rules
// are not published; this is a conservative stand-in.
[[nodiscard]] bool is_valid_repo_name(std::string_view part);

// True for 64 lower- or upper-case hex digits.
[[nodiscard]] bool is_sha256_hex(std::string_view text);

// The SDKs send `Recursive=True` (Python str(bool)); accept any case and "1".
[[nodiscard]] bool is_true_param(std::string_view value);

// Whether a file the simulator did not receive through a typed commit action (seeded, or
// written through the HF side) is served as an LFS object: names the hub parses are always
// inline; otherwise a known LFS suffix or a size above 1 MiB makes it LFS
// (protocols/modelscope-hub.md §8.2, rules A/B; C's 64 KiB threshold is a client choice).
[[nodiscard]] bool is_lfs_by_rule(MsRepoKind kind, std::string_view path, std::uint64_t size);

// Parses `body` as JSON whatever the Content-Type (A sends none, §1.4). nullopt when it is
// not valid JSON. Never throws.
[[nodiscard]] std::optional<nlohmann::json> parse_json_body(std::string_view body);

// Field readers that never throw: nullopt when absent or of another JSON type.
[[nodiscard]] std::optional<std::string> json_string(const nlohmann::json& obj,
                                                     std::string_view key);
[[nodiscard]] std::optional<std::int64_t> json_int(const nlohmann::json& obj, std::string_view key);

}  // namespace hf2ms::hubsim
