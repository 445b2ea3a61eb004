// What each hub accepts, as numbers the planner checks before anything is transferred
// (DESIGN.md §5: "checks at plan time, not hours into a transfer"). Values come from the
// protocol notes in ../shared/protocols/; the ones those notes do not confirm are marked
// UNCONFIRMED. PlanOptions carries a copy so tests can use small numbers.
#pragma once

#include "manifest/manifest.hpp"

#include <cstdint>

namespace hf2ms::planner {

struct HubLimits {
  // A file above this size cannot be stored: the mirror is refused.
  std::uint64_t max_file_size = 0;
  // Files above this size go through the hub's large-file (LFS) path (Transport::lfs).
  std::uint64_t max_regular_file_size = 0;
  // More entries than this in one folder of the target: a warning (the hub degrades).
  std::uint64_t max_entries_per_folder = 0;
  // More selected files than this in one repository: a warning.
  std::uint64_t max_files_per_repo = 0;
  // A source file above this size cannot be downloaded from the hub: a mirror that would
  // copy it is refused, naming the file. 0: no limit.
  std::uint64_t max_download_size = 0;
  // Actions per commit. Not a planning error (the applier splits commits); recorded here so
  // the applier and the plan's readers share one number.
  std::uint64_t max_actions_per_commit = 0;
};

// The limits of `hub`:
// hf: 50 GB per file and < 10k entries per folder, < 100k files per repo (hub-docs
//     storage-limits / repositories-recommendations; UNCONFIRMED: not in
//     protocols/huggingface-hub.md); regular files above 10 MiB are refused, so they go
//     through LFS (protocols/huggingface-hub.md §8.1, UNCONFIRMED); about 25k LFS files per
//     commit (§8.3, docstring); as a source, files above 50 GB cannot be downloaded: the
//     official client refuses /resolve/ above that (constants.py; real-hub-limits.md HF §4,
//     protocols/huggingface-hub.md §6.3; the Hub's own answer is UNCONFIRMED).
// ms: 100 GB per file, 50 000 per directory, 100 000 files per upload
//     (protocols/modelscope-hub.md §8.5, advisory: SDK A errors, SDK C warns); LFS above
//     1 MiB (§8.2, SDKs A and B); at most 2000 actions per commit (§8.3, HTTP 422); no
//     download limit is known.
[[nodiscard]] HubLimits default_limits(manifest::Hub hub);

}  // namespace hf2ms::planner
