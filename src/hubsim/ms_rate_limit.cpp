#include "hubsim/ms_rate_limit.hpp"

namespace hf2ms::hubsim {

std::optional<std::int64_t> MsCommitLimiter::admit(const std::string& repo,
                                                   std::chrono::milliseconds now) {
  if (limit_.max_commits == 0) {
    return std::nullopt;
  }
  std::lock_guard lock(mutex_);
  auto& times = recent_[repo];
  while (!times.empty() && now - times.front() >= limit_.window) {
    times.pop_front();
  }
  if (times.size() < limit_.max_commits) {
    times.push_back(now);
    return std::nullopt;
  }
  const auto wait = limit_.window - (now - times.front());
  const auto seconds = (wait.count() + 999) / 1000;
  return seconds < 1 ? 1 : seconds;
}

}  // namespace hf2ms::hubsim
