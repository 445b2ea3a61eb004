// Fault injection for the hub simulator: rules matched per request (listener, method, path
// prefix or regex) that add latency, answer 5xx or 429 + Retry-After instead of the route,
// cut the connection mid-body, or cap the bandwidth of a response body. Random choices come
// from one seeded generator, so a run with the same seed and request order injects the same
// faults. Rules can be replaced at run time (tests) and parsed from --fault flags.
#pragma once

#include "hubsim/request_log.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hubsim {

struct FaultRule {
  std::optional<Listener> listener;  // nullopt: any
  std::string method;                // "": any
  std::string path_prefix;           // matched against the raw path; "": any
  std::string path_regex;            // ECMAScript, must match the whole raw path; "": any
  std::int64_t times = -1;           // fire at most this many times; -1: unlimited
  double probability = 1.0;          // chance the rule fires on a matching request
  std::uint32_t latency_ms = 0;      // delay before routing
  int status = 0;                    // answer this status (500, 503, 429...) instead of routing
  std::uint32_t retry_after_s = 0;   // with status 429/503: Retry-After and RateLimit headers
  std::optional<std::uint64_t> cut_after_bytes;  // close the connection after this many body bytes
  std::uint64_t bandwidth_bps = 0;  // cap body bytes per second per connection; 0: none
};

// What happens to one request: the merged effect of every rule that fired.
struct FaultDecision {
  std::uint32_t latency_ms = 0;
  int status = 0;
  std::uint32_t retry_after_s = 0;
  std::optional<std::uint64_t> cut_after_bytes;
  std::uint64_t bandwidth_bps = 0;
};

// Parses one --fault flag: comma-separated key=value pairs, e.g.
// "listener=cdn,prefix=/lfs/,cut_after=1048576,times=1" (keys in docs/hubsim.md).
[[nodiscard]] Result<FaultRule> parse_fault_rule(std::string_view spec);

class FaultInjector {
 public:
  explicit FaultInjector(std::uint64_t seed = 0) : rng_(seed) {}
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Replaces / extends the rules (fire counts restart). invalid_input for a bad regex.
  [[nodiscard]] Result<void> set_rules(std::vector<FaultRule> rules);
  [[nodiscard]] Result<void> add_rule(FaultRule rule);
  void clear();
  void reseed(std::uint64_t seed);
  // Decides the faults of one request. Body-level faults (cut, bandwidth) are decided here
  // too, at routing time, and carried to serve_blob by the caller.
  [[nodiscard]] FaultDecision decide(Listener listener, std::string_view method,
                                     std::string_view path);

 private:
  struct Compiled {
    FaultRule rule;
    std::optional<std::regex> regex;
    std::int64_t fired = 0;
  };
  std::mutex mu_;
  std::mt19937_64 rng_;
  std::vector<Compiled> rules_;
};

}  // namespace hf2ms::hubsim
