// Whole-file reads and atomic whole-file writes, for the small files hf2ms owns (manifests,
// plan files, task files, caches). Large content never goes through here: it streams.
#pragma once

#include "util/error.hpp"

#include <string>
#include <string_view>

namespace hf2ms {

// Reads `path` whole. not_found when it does not exist, io for any other failure.
[[nodiscard]] Result<std::string> read_file(const std::string& path);

// Writes `content` to `path` through a temporary file in the same folder and a rename, so a
// reader never sees a half-written file. The temporary file is made by mkstemp (unguessable
// name, O_EXCL, mode 0600), so the written file is 0600 too. Creates no folders.
[[nodiscard]] Result<void> write_file_atomic(const std::string& path, std::string_view content);

}  // namespace hf2ms
