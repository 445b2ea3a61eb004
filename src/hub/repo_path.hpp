// Validation of paths that come from a hub listing before hf2ms acts on them (DESIGN.md §9):
// a hostile or buggy hub must not make us read, write or commit outside the repo.
#pragma once

#include <string_view>

namespace hf2ms::hub {

// manifest::is_safe_repo_path (manifest/repo_path.hpp), the one shared path validator: the
// plan reader and apply use it too.
[[nodiscard]] bool is_safe_repo_path(std::string_view path);

}  // namespace hf2ms::hub
