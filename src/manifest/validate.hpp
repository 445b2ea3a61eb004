// Cross-field checks over the mirrors of a manifest, after each value has been read and checked
// on its own (read.hpp): a `*` on one side only, a source equal to its target, two mirrors
// writing the same target, and mirrors ModelScope cannot take (spaces). Pure.
#pragma once

#include "manifest/manifest.hpp"
#include "util/diagnostics.hpp"

#include <vector>

namespace hf2ms::manifest {

// One [[mirror]] as read, with the positions the cross-field messages point at.
struct MirrorDraft {
  Mirror mirror;
  SourceLocation source_at;
  SourceLocation target_at;
  bool complete = false;  // source and target were both read and valid
};

// Appends an error or warning to `diagnostics` for every cross-field problem among `mirrors`.
// Only complete drafts are checked.
void validate_mirrors(const std::vector<MirrorDraft>& mirrors, Diagnostics& diagnostics);

}  // namespace hf2ms::manifest
