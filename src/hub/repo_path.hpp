// Validation of paths that come from a hub listing before hf2ms acts on them (DESIGN.md §9):
// a hostile or buggy hub must not make us read, write or commit outside the repo.
#pragma once

#include <string_view>

namespace hf2ms::hub {

// True when `path` is a plain relative repo path: not empty, no leading '/', no '\', no NUL or
// control characters, no empty, "." or ".." segment, and no ".git" segment (any depth).
[[nodiscard]] bool is_safe_repo_path(std::string_view path);

}  // namespace hf2ms::hub
