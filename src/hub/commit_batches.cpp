#include "hub/commit_batches.hpp"

#include "util/assert.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace hf2ms::hub {
namespace {

// Every proper folder prefix of `path`: "a/b/c" → "a", "a/b".
void add_folders(std::string_view path, std::set<std::string, std::less<>>& out) {
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    out.emplace(path.substr(0, slash));
  }
}

}  // namespace

std::vector<CommitOp> commit_order(const CommitSpec& spec) {
  std::set<std::string, std::less<>> add_folders_set;
  std::set<std::string, std::less<>> add_paths;
  for (const CommitAdd& a : spec.adds) {
    add_folders(a.path, add_folders_set);
    add_paths.insert(a.path);
  }
  std::vector<CommitOp> first;
  std::vector<CommitOp> last;
  for (std::size_t i = 0; i < spec.deletes.size(); ++i) {
    const std::string& d = spec.deletes[i];
    // "a" deleted while "a/x" is added, or "a/b" deleted while "a" is added.
    bool collides = add_folders_set.contains(d);
    std::set<std::string, std::less<>> own;
    add_folders(d, own);
    for (const std::string& folder : own) {
      collides = collides || add_paths.contains(folder);
    }
    (collides ? first : last).push_back({CommitOp::Kind::remove, i, 0});
  }
  std::vector<std::size_t> adds(spec.adds.size());
  for (std::size_t i = 0; i < adds.size(); ++i) {
    adds[i] = i;
  }
  std::stable_sort(adds.begin(), adds.end(), [&](std::size_t a, std::size_t b) {
    return spec.adds[a].path < spec.adds[b].path;
  });
  std::vector<CommitOp> out = std::move(first);
  for (std::size_t i : adds) {
    const CommitAdd& a = spec.adds[i];
    out.push_back({CommitOp::Kind::add, i, a.storage == Storage::inline_ ? a.content.size() : 0});
  }
  out.insert(out.end(), last.begin(), last.end());
  return out;
}

std::size_t batch_end(std::span<const CommitOp> ops, std::size_t begin, const BatchCaps& caps) {
  HF2MS_ASSERT(begin < ops.size());
  const std::size_t max_ops = std::max<std::size_t>(1, caps.max_operations);
  std::size_t end = begin;
  std::uint64_t bytes = 0;
  while (end < ops.size() && end - begin < max_ops) {
    const std::uint64_t next = bytes + ops[end].inline_bytes;
    if (end > begin && next > caps.max_inline_bytes) {
      break;
    }
    bytes = next;
    ++end;
  }
  return end;
}

CommitSpec batch_spec(const CommitSpec& spec, std::span<const CommitOp> ops, std::string message) {
  CommitSpec out;
  out.branch = spec.branch;
  out.message = std::move(message);
  for (const CommitOp& op : ops) {
    if (op.kind == CommitOp::Kind::add) {
      out.adds.push_back(spec.adds[op.index]);
    } else {
      out.deletes.push_back(spec.deletes[op.index]);
    }
  }
  return out;
}

std::string batch_message(const std::string& message, std::size_t k, bool single) {
  return single ? message : message + " (batch " + std::to_string(k) + ")";
}

bool is_our_commit(const BranchHead& head, const std::optional<std::string>& parent,
                   std::string_view title) {
  return head.title == title && (!parent || head.id != *parent);
}

Error with_landed_note(Error error, std::size_t landed) {
  if (landed > 0) {
    error.message +=
        " (after " + std::to_string(landed) + " earlier commit(s) of this change landed)";
  }
  return error;
}

AdaptiveBatchSize::AdaptiveBatchSize(AdaptiveOptions options)
    : options_(options),
      size_(std::clamp(options.initial, std::max<std::size_t>(1, options.min),
                       std::max(options.min, options.max))) {}

void AdaptiveBatchSize::on_success(std::chrono::milliseconds took) {
  const std::size_t low = std::max<std::size_t>(1, options_.min);
  const std::size_t high = std::max(low, options_.max);
  if (took < options_.fast) {
    size_ = std::min(high, size_ + std::max<std::size_t>(1, size_ / 2));
  } else if (took > options_.slow) {
    size_ = std::max(low, size_ - size_ / 4);
  }
}

void AdaptiveBatchSize::on_failure() {
  size_ = std::max(std::max<std::size_t>(1, options_.min), size_ / 2);
}

}  // namespace hf2ms::hub
