// Value types for a repo's branches and tags (manifest `refs`, docs/apply.md "Branches and
// tags"): what HubReader::list_refs returns and where HubWriter::create_tag points a tag.
#pragma once

#include <string>
#include <vector>

namespace hf2ms::hub {

// One branch or tag. `commit` is the 40-hex commit it points to; empty when the hub did not
// say (ModelScope's revisions list: CommitId is UNCONFIRMED as always present, §5.3).
struct GitRef {
  std::string name;  // "main", "v1.0" (not "refs/tags/v1.0")
  std::string commit;
  bool operator==(const GitRef&) const = default;
};

struct RefList {
  std::vector<GitRef> branches;
  std::vector<GitRef> tags;
  bool operator==(const RefList&) const = default;
};

// Where a new tag points: the commit just made on `branch`. HF tags the commit itself;
// ModelScope's tag call takes a branch name (`Ref`), so it tags that branch's head.
struct TagPoint {
  std::string commit;  // may be empty: then HF tags the head of `branch` too
  std::string branch;
  bool operator==(const TagPoint&) const = default;
};

}  // namespace hf2ms::hub
