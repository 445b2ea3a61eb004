// Parsers for the Hugging Face Hub's JSON answers and its error signalling
// (protocols/huggingface-hub.md §3–§5, §9). Pure functions over response text, so they are
// tested against recorded responses; the HfClient feeds them what the HTTP layer received.
#pragma once

#include "hub/types.hpp"
#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hub {

// GET /api/{t}s/{id}[/revision/{rev}] → id, private, gated, sha. HF repo info carries no default
// branch; it is "main".
[[nodiscard]] Result<RepoInfo> parse_hf_repo_info(std::string_view body);

// One page of GET /api/{t}s/{id}/tree/{rev}?recursive=true: files only (directories dropped),
// LFS content sha256 from `lfs.oid`, git blob oid from `oid`. An unsafe path is invalid_input.
[[nodiscard]] Result<std::vector<FileEntry>> parse_hf_tree_page(std::string_view body);

// GET /api/whoami-v2 → name, org names, auth.accessToken.role.
[[nodiscard]] Result<Identity> parse_hf_whoami(std::string_view body);

// GET /api/{t}s?author=ns → repo ids.
[[nodiscard]] Result<std::vector<std::string>> parse_hf_repo_list(std::string_view body);

// The `rel="next"` target of an RFC 8288 Link header, if any (§5.2).
[[nodiscard]] std::optional<std::string> parse_next_link(std::string_view link_header);

// What went wrong, from an HTTP status ≥ 400, X-Error-Code, X-Error-Message and the body
// (§3.2–§3.3): RepoNotFound/RevisionNotFound/EntryNotFound → not_found even on 401, GatedRepo →
// gated, 409/412 → conflict, 429 → rate_limited, 408/5xx → transient. The hub's own message is
// kept: X-Error-Message, else the JSON `error`, else the body.
[[nodiscard]] Error hf_error(int status, std::string_view error_code,
                             std::string_view error_message, std::string_view body);

}  // namespace hf2ms::hub
