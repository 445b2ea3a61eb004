// Rate limiting of the simulated Hugging Face Hub (protocols/huggingface-hub.md §10.1).
//  * FixedWindows: fixed-window counters by key (a bucket and a caller, or a repo), the
//    mechanism behind the HF API quotas (buckets api / resolvers / pages per token,
//    anonymous callers by IP) and the hourly commit quota per repo (hf_limits.cpp).
//  * RateLimiter: the simulator's fallback reporter. Every HF answer carries
//    `RateLimit: "<bucket>";r=<remaining>;t=<reset s>` and
//    `RateLimit-Policy: "fixed window";"<bucket>";q=<quota>;w=<window s>`; the HF router sets
//    them itself, and this reporter adds them only to answers that have none (injected
//    faults, which it reports as r=0 on a 429), Git LFS routes excepted.
#pragma once

#include "hubsim/faults.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace hf2ms::hubsim {

// What one FixedWindows::take() decided.
struct WindowDecision {
  bool allowed = true;
  std::uint64_t quota = 0;
  std::uint64_t remaining = 0;  // after this request
  std::int64_t reset_s = 0;     // seconds until the window ends (≥ 1)
  std::uint32_t window_s = 0;
};

class FixedWindows {
 public:
  // Counts one request under `key` in a window of `window_s` seconds that starts with the
  // key's first request. Past `quota`, refuses (allowed=false, not counted) when `enforce`;
  // otherwise counts and reports remaining 0.
  [[nodiscard]] WindowDecision take(const std::string& key, std::uint64_t quota,
                                    std::uint32_t window_s, bool enforce);

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    std::uint64_t used = 0;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
};

// `RateLimit` / `RateLimit-Policy` header values for `bucket` (§10.1 format).
[[nodiscard]] std::string rate_limit_header(const std::string& bucket, const WindowDecision& d);
[[nodiscard]] std::string rate_limit_policy_header(const std::string& bucket,
                                                   const WindowDecision& d);

class RateLimiter {
 public:
  // Adds the RateLimit headers to `res` unless it has them already.
  void add_headers(const httplib::Request& req, httplib::Response& res,
                   const FaultDecision& faults);

 private:
  std::mutex mu_;
  std::chrono::steady_clock::time_point window_start_ = std::chrono::steady_clock::now();
  std::map<std::string, std::uint64_t> used_;
};

}  // namespace hf2ms::hubsim
