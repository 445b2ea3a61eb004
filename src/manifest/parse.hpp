// manifest::parse: TOML text → validated Manifest, reporting every problem at once.
// Pure: takes the text and a display name (used in `file:line:col`), never a path.
#pragma once

#include "manifest/manifest.hpp"
#include "util/diagnostics.hpp"

#include <optional>
#include <string_view>

namespace hf2ms::manifest {

struct ParseResult {
  std::optional<Manifest> manifest;  // set only when diagnostics has no errors
  Diagnostics diagnostics;           // errors and warnings, sorted by location
};

[[nodiscard]] ParseResult parse(std::string_view text, std::string_view display_name);

}  // namespace hf2ms::manifest
