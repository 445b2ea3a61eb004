// read_whole: small files read into memory with one GET each (issue #17 item 3: a small file
// costs one source request), run concurrently on the transfer engine, checked against what
// the plan promised (the size, and the SHA-256 when the plan has one, else the git blob oid)
// and hashed both ways, so the engine knows the SHA-256 a target's upload protocol needs up
// front (ModelScope and HF LFS address blobs by it) without the planner downloading anything
// (issue #15 item 2). Internal to src/transfer.
#pragma once

#include "http/engine.hpp"
#include "hub/hub.hpp"
#include "transfer/task.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hf2ms::transfer {

// Whole-file reads in flight at once.
inline constexpr std::size_t k_whole_reads_in_flight = 16;

struct WholeFile {
  std::shared_ptr<const std::string> bytes;  // null when `error` is set
  std::string sha256;                        // computed from `bytes`
  std::string git_oid;                       // computed from `bytes`
  std::optional<Error> error;                // not read, or not what the plan promised
};

// Pure: hashes `bytes` and checks them against `file`. A plan hash that does not match is an
// invalid_input error; a plan with neither hash is one too (nothing to verify against).
[[nodiscard]] WholeFile check_whole(const TaskFile& file, std::string bytes);

// Reads each of `files` whole at `revision`. Runs `engine` until it is idle, so call it when
// nothing else is in flight. One result per file, in order; fails as a whole only when curl
// itself fails.
[[nodiscard]] Result<std::vector<WholeFile>> read_whole(http::Engine& engine,
                                                        const hub::HubReader& source,
                                                        const hub::RepoKey& key,
                                                        const std::string& revision,
                                                        std::span<const TaskFile* const> files);

}  // namespace hf2ms::transfer
