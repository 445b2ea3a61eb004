// The two shared validators for names hf2ms puts into hub URLs and commits: repo paths (from
// a hub listing or a saved plan) and git refs (a manifest's revision / target_branch, a saved
// plan's branches). Every reader of untrusted input calls these, so a hostile hub, manifest
// or plan cannot make hf2ms read, write or commit outside the repo, or reach another repo's
// URL with "../" in a branch (DESIGN.md §9, docs/security.md). Pure.
#pragma once

#include "manifest/problem.hpp"

#include <optional>
#include <string_view>

namespace hf2ms::manifest {

// True when `path` is a plain relative repo path: not empty, no leading '/', no '\', no NUL or
// control characters, no empty, "." or ".." segment, and no ".git" segment (any depth).
[[nodiscard]] bool is_safe_repo_path(std::string_view path);

// nullopt when `ref` is a usable branch, tag or commit name; else why not. The rules are
// git check-ref-format's, narrowed to what is safe unencoded in a URL path: at most 255
// characters of ASCII letters, digits and . _ - / + = , @; no "..", "//" or "@{"; not "@";
// no leading or trailing '/'; no segment starting with '.' or ending in ".lock"; no
// trailing '.'.
[[nodiscard]] std::optional<Problem> check_ref(std::string_view ref);

}  // namespace hf2ms::manifest
