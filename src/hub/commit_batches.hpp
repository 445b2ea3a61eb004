// commit_batches: how one change (a CommitSpec of any size) is cut into hub commits that each
// stay within the hub's limits. Pure functions and one small value type, no I/O; HfClient and
// MsClient drive them (../shared/protocols/real-hub-limits.md, HF §2 and ModelScope §2).
//
// - commit_order: the order operations are committed in. Deletes that collide with an add's
//   folder structure ("a" is removed and "a/b" added, or the reverse) go first, so no batch
//   ever holds a file and a folder of the same name; then the adds by path; then the other
//   deletes, so while a large change lands a reader sees old files linger rather than vanish.
// - batch_end: where the batch that starts at `begin` ends under a file-count and an
//   inline-byte cap (at least one operation, so an oversized file still goes, alone).
// - AdaptiveBatchSize: the official HF uploader's adaptation (huggingface_hub
//   `_upload_large_folder.py`): start at 256 operations, step down after a failed commit
//   (5xx or timeout) or a slow one, step up after a fast one, within [20, 1000].
#pragma once

#include "hub/write_types.hpp"
#include "util/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hub {

// One operation of a CommitSpec: `index` into spec.adds or spec.deletes.
struct CommitOp {
  enum class Kind { add, remove };
  Kind kind = Kind::add;
  std::size_t index = 0;
  std::uint64_t inline_bytes = 0;  // the add's inline content size; 0 for LFS adds and deletes
  bool operator==(const CommitOp&) const = default;
};

struct BatchCaps {
  std::size_t max_operations = 256;
  std::uint64_t max_inline_bytes = std::uint64_t{64} << 20;
};

[[nodiscard]] std::vector<CommitOp> commit_order(const CommitSpec& spec);

// The end (exclusive) of the batch of `ops` starting at `begin` (< ops.size()): as many
// operations as fit under both caps, and at least one.
[[nodiscard]] std::size_t batch_end(std::span<const CommitOp> ops, std::size_t begin,
                                    const BatchCaps& caps);

// The spec of one batch: `ops` taken from `spec`, with `spec`'s branch, and `message` as its
// one-line summary. parent_commit is left empty for the caller to chain.
[[nodiscard]] CommitSpec batch_spec(const CommitSpec& spec, std::span<const CommitOp> ops,
                                    std::string message);

// "<message> (batch k)" for the k-th (1-based) of several commits; `message` alone when the
// whole change is one commit. The title is how a client recognises its own commit after an
// answer that left the outcome unknown, so every batch of a chain has a different one.
[[nodiscard]] std::string batch_message(const std::string& message, std::size_t k, bool single);

// After an answer that left a commit's outcome unknown: true when `head` is that commit, i.e.
// the branch moved off `parent` (the head the commit was made on; nullopt when unknown) to
// a commit titled `title`.
[[nodiscard]] bool is_our_commit(const BranchHead& head, const std::optional<std::string>& parent,
                                 std::string_view title);

// `error` with " (after N earlier commit(s) of this change landed)" when N > 0: the target
// now holds part of the change, and a new plan picks up the rest.
[[nodiscard]] Error with_landed_note(Error error, std::size_t landed);

struct AdaptiveOptions {
  std::size_t initial = 256;
  std::size_t min = 20;
  std::size_t max = 1000;
  // A commit that took less than `fast` grows the next batch; more than `slow` shrinks it
  // (the official uploader aims for commits under ~40 s, below the server's ~60 s budget).
  std::chrono::milliseconds fast{20'000};
  std::chrono::milliseconds slow{40'000};
};

class AdaptiveBatchSize {
 public:
  explicit AdaptiveBatchSize(AdaptiveOptions options = {});
  [[nodiscard]] std::size_t size() const { return size_; }
  // A commit of the current size landed after `took`.
  void on_success(std::chrono::milliseconds took);
  // A commit failed in a way a smaller one may avoid (5xx, timeout).
  void on_failure();

 private:
  AdaptiveOptions options_;
  std::size_t size_ = 0;
};

}  // namespace hf2ms::hub
