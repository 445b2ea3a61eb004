// The licence a ModelScope repo hf2ms creates carries: the source repo's licence, mapped to
// the identifier ModelScope takes. The ModelScope SDK sends `License` as a lower-case SPDX id
// ("apache-2.0") and maps display names ("Apache License 2.0") to those ids, because the
// backend is said to refuse display names (protocols/modelscope-hub.md §7.1). So a source
// licence maps when it is, ignoring case and surrounding blanks, one of the ids of the one
// table in ms_license.cpp or one of the display names listed with it; anything else (an
// HF-only id such as "llama3" or "other", a free-text name) maps to nothing, and the create
// then sends no licence rather than a made-up one. Pure, no I/O.
#pragma once

#include <optional>
#include <string_view>

namespace hf2ms::manifest {

// The ModelScope licence id for `source_license` (an HF `cardData.license` id, or a
// ModelScope `License` value); nullopt when it maps to none.
[[nodiscard]] std::optional<std::string_view> ms_license_for(std::string_view source_license);

}  // namespace hf2ms::manifest
