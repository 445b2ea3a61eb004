// The commit step's side of manifest `refs` (docs/apply.md "Branches and tags"): the plans of
// one target branch run as a chain, and a tag plan ends by making its tag.
//
// Chain: a mirror's own plan and its tag plans (and their restores) all start from the
// target head seen when planning, but each commit moves the branch. A later plan of the chain
// whose parent is that planned head is given the chain's newest commit instead (HF sends it
// as parentCommit, MsClient checks the head against it), and once a plan of the chain failed
// the ref plans after it are not attempted: their steps assume what it would have committed.
#pragma once

#include "hub/hub.hpp"
#include "transfer/task.hpp"

#include <map>
#include <optional>
#include <string>
#include <tuple>

namespace hf2ms::applier {

class RefChains {
 public:
  // Why `m` must not run (an earlier plan of its chain failed), or "".
  [[nodiscard]] std::string blocked(const transfer::CommitMirror& m) const;
  // `m` with its parent commit moved to the chain's newest commit.
  [[nodiscard]] transfer::CommitMirror chained(transfer::CommitMirror m) const;
  // The head `m`'s branch is at after `m` (chained) made `commits`.
  [[nodiscard]] std::optional<std::string> head_after(
      const transfer::CommitMirror& m, const std::vector<std::string>& commits) const;
  // Records the outcome of `m` (as given to chained()).
  void record(const transfer::CommitMirror& original, const std::vector<std::string>& commits,
              bool applied);

 private:
  using Key = std::tuple<manifest::Hub, std::string, std::string>;  // hub, repo id, branch
  struct Chain {
    std::optional<std::string> planned;  // the head planning saw
    std::optional<std::string> now;      // the newest commit the chain made
    bool failed = false;
  };
  static Key key_of(const transfer::CommitMirror& m);
  std::map<Key, Chain> chains_;
};

// After a tag plan's commit: deletes the target's tag for `replace`, then tags `head` (the
// branch's head). Nothing for other plans. The error says which tag failed.
[[nodiscard]] Result<void> make_tag(const transfer::CommitMirror& m,
                                    const std::optional<std::string>& head, hub::HubWriter& target);

}  // namespace hf2ms::applier
