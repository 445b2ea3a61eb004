// ApplyReport: what `hf2ms apply` did, mirror by mirror (DESIGN.md §6: "the summary says what
// applied and what did not"). Plain values returned by applier::apply(); the CLI views render
// them (human summary, NDJSON) and decide the exit status. One MirrorResult per mirror of the
// plan, in plan order, so a reader can line the report up with the plan it came from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::applier {

enum class MirrorStatus {
  applied,    // the target now holds the planned content (committed, or nothing to commit)
  failed,     // attempted and not applied: `reason` says why; the target is unchanged or
              // holds only whole, verified commits (never a half-uploaded file)
  unchanged,  // the plan had nothing to do for it
  skipped,    // the plan skipped it (e.g. a space to ModelScope): `reason` says why
};

struct MirrorResult {
  std::size_t mirror = 0;  // position in plan.mirrors
  std::string source;      // "hf:ns/name"
  std::string target;      // "ms:ns/name"
  MirrorStatus status = MirrorStatus::unchanged;
  std::string reason;                // failed / skipped: why; empty otherwise
  bool created = false;              // the target repo was created by this apply
  std::vector<std::string> commits;  // commit oids made, in order
  std::uint64_t files_copied = 0;    // create/update steps committed
  std::uint64_t bytes_copied = 0;    // their planned sizes
  std::uint64_t files_deleted = 0;   // remove steps committed
  // Remove steps the target hub refused for the token (ModelScope may refuse deletes to API
  // tokens): the mirror is failed, `reason` says why, and everything else was committed.
  std::vector<std::string> not_deleted;
  // Paths the target hub ignores (HF preupload `shouldIgnore`: the target's .gitignore), left
  // out of the commit; the mirror still applies, and a new plan shows them again.
  std::vector<std::string> ignored;
  bool operator==(const MirrorResult&) const = default;
};

// How the apply as a whole ended.
enum class ApplyOutcome {
  completed,  // every mirror was attempted (some may have failed)
  stale,      // refused before any write: a target moved since planning (`stale`)
  unchecked,  // refused before any write: a target head could not be read (`error`)
  cancelled,  // stopped by the user (Ctrl-C): no new work started, nothing half-committed
};

// A target that moved since the plan was made.
struct StaleTarget {
  std::size_t mirror = 0;
  std::string target;  // "ms:ns/name"
  std::string how;     // "head moved from 1a2b3c4 to 5d6e7f8", "the repo appeared", ...
  bool operator==(const StaleTarget&) const = default;
};

// A git blob oid and the SHA-256 of the same bytes, both computed by the transfer from a file
// it read (issue #17 item 1). The CLI remembers them in the oid cache, so the next plan can
// compare an HF regular file (listed by git oid) with its ModelScope copy (listed by SHA-256)
// without downloading it.
struct HashPair {
  std::string git_oid;
  std::string sha256;
  bool operator==(const HashPair&) const = default;
  auto operator<=>(const HashPair&) const = default;
};

struct ApplyReport {
  ApplyOutcome outcome = ApplyOutcome::completed;
  std::string error;                  // unchecked: why the check could not be made
  std::vector<StaleTarget> stale;     // stale: every moved target
  std::vector<MirrorResult> mirrors;  // plan order; empty when refused
  std::uint64_t bytes_streamed = 0;   // bytes read from sources by the tasks
  std::uint64_t tasks_run = 0;        // task attempts started (retries included)
  std::vector<HashPair> hash_pairs;   // from every file a task read; sorted, unique
  // Files (and their bytes) the Hub copied server-side instead (applier/server_copy.hpp).
  std::uint64_t files_copied_server_side = 0;
  std::uint64_t bytes_copied_server_side = 0;
  bool operator==(const ApplyReport&) const = default;

  // True when the apply was not refused or cancelled and no mirror failed.
  [[nodiscard]] bool ok() const;
  [[nodiscard]] std::size_t count(MirrorStatus status) const;
  [[nodiscard]] std::uint64_t files_copied() const;
  [[nodiscard]] std::uint64_t bytes_copied() const;
  [[nodiscard]] std::uint64_t files_deleted() const;
};

// Stable names for JSON: "applied" ... "skipped"; "completed" ... "cancelled".
[[nodiscard]] std::string_view to_string(MirrorStatus status);
[[nodiscard]] std::string_view to_string(ApplyOutcome outcome);

}  // namespace hf2ms::applier
