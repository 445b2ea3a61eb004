#include "hubsim/rate_limit.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {

constexpr std::int64_t k_window_s = 300;

// Free-plan quotas as of Sep 2025 (§10.1).
std::uint64_t quota_of(const std::string& bucket) {
  if (bucket == "resolvers") {
    return 5000;
  }
  return bucket == "api" ? 1000 : 200;
}

std::string bucket_of(const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  if (path.find("/resolve/") != std::string::npos) {
    return "resolvers";
  }
  return path.rfind("/api/", 0) == 0 ? "api" : "pages";
}

}  // namespace

WindowDecision FixedWindows::take(const std::string& key, std::uint64_t quota,
                                  std::uint32_t window_s, bool enforce) {
  using namespace std::chrono;
  const auto now = steady_clock::now();
  const auto window = seconds(std::max<std::uint32_t>(window_s, 1));
  WindowDecision d;
  d.quota = quota;
  d.window_s = window_s;
  const std::lock_guard lock(mu_);
  Window& w = windows_[key];
  if (w.used == 0 || now - w.start >= window) {
    w.start = now;
    w.used = 0;
  }
  const auto left = duration_cast<milliseconds>(w.start + window - now).count();
  d.reset_s = std::max<std::int64_t>((left + 999) / 1000, 1);
  if (w.used >= quota && enforce) {
    d.allowed = false;
    return d;
  }
  ++w.used;
  d.remaining = w.used >= quota ? 0 : quota - w.used;
  return d;
}

std::string rate_limit_header(const std::string& bucket, const WindowDecision& d) {
  return "\"" + bucket + "\";r=" + std::to_string(d.remaining) + ";t=" + std::to_string(d.reset_s);
}

std::string rate_limit_policy_header(const std::string& bucket, const WindowDecision& d) {
  return "\"fixed window\";\"" + bucket + "\";q=" + std::to_string(d.quota) +
         ";w=" + std::to_string(d.window_s);
}

void RateLimiter::add_headers(const httplib::Request& req, httplib::Response& res,
                              const FaultDecision& faults) {
  if (res.has_header("RateLimit") || req.path.find(".git/info/lfs/") != std::string::npos) {
    return;  // the HF router counted and reported it, or a Git LFS route (never counted)
  }
  const std::string bucket = bucket_of(req.target);
  const std::uint64_t quota = quota_of(bucket);
  std::uint64_t used = 0;
  std::int64_t reset = 0;
  {
    const std::lock_guard lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - window_start_).count();
    if (elapsed >= k_window_s) {
      window_start_ = now;
      used_.clear();
      elapsed = 0;
    }
    used = ++used_[bucket];
    reset = k_window_s - elapsed;
  }
  std::uint64_t remaining = used >= quota ? 0 : quota - used;
  if (res.status == 429) {
    remaining = 0;
    reset = faults.retry_after_s > 0 ? faults.retry_after_s : reset;
  }
  res.set_header("RateLimit", "\"" + bucket + "\";r=" + std::to_string(remaining) +
                                  ";t=" + std::to_string(reset));
  res.set_header("RateLimit-Policy", "\"fixed window\";\"" + bucket +
                                         "\";q=" + std::to_string(quota) +
                                         ";w=" + std::to_string(k_window_s));
}

}  // namespace hf2ms::hubsim
