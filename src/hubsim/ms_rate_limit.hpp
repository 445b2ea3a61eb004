// The ModelScope commit-frequency limit: at most `max_commits` commits per repo in any
// `window`; the next one gets HTTP 429 "Commit frequency limit exceeded" with Retry-After
// (protocols/modelscope-hub.md §8.3, issue #1793). The hub's real limit is dynamic and
// unpublished (UNCONFIRMED, §12), so the simulator's is configurable (MsLimits, on by default).
// Thread-safe; time is passed in so tests need no clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace hf2ms::hubsim {

struct MsCommitLimit {
  std::uint32_t max_commits = 0;  // 0: no limit
  std::chrono::milliseconds window{60'000};
};

class MsCommitLimiter {
 public:
  explicit MsCommitLimiter(MsCommitLimit limit) : limit_(limit) {}

  // Records a commit to `repo` at `now` and returns nullopt, or refuses it and returns the
  // whole seconds (≥ 1) until a slot frees.
  [[nodiscard]] std::optional<std::int64_t> admit(const std::string& repo,
                                                  std::chrono::milliseconds now);

 private:
  MsCommitLimit limit_;
  std::mutex mutex_;
  std::map<std::string, std::deque<std::chrono::milliseconds>> recent_;
};

}  // namespace hf2ms::hubsim
