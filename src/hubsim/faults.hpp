// Fault injection for the hub simulator: rules matched per request (listener, method, path
// prefix or regex) that add latency, answer 5xx or 429 + Retry-After instead of the route,
// cut the connection mid-body, or cap the bandwidth of a response body. Random choices are
// seeded: drawn in arrival order from one generator (FaultDraw::sequence: the same seed and
// request order inject the same faults), or keyed by the request itself (FaultDraw::keyed: the
// n-th request to a path gets the same faults whatever runs concurrently with it, so a client
// with many requests in flight sees a repeatable run). Rules can be replaced at run time
// (tests) and parsed from --fault flags.
#pragma once

#include "hubsim/request_log.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <map>
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

// How `probability` is drawn (see the top of this file). keyed: each rule's draw for a request
// is xxh3 of (seed, rule position, listener, method, raw path, how many requests with that
// listener, method and path came before it), mapped to [0, 1).
enum class FaultDraw { sequence, keyed };

// Parses one --fault flag: comma-separated key=value pairs, e.g.
// "listener=cdn,prefix=/lfs/,cut_after=1048576,times=1" (keys in docs/hubsim.md).
[[nodiscard]] Result<FaultRule> parse_fault_rule(std::string_view spec);

class FaultInjector {
 public:
  explicit FaultInjector(std::uint64_t seed = 0) : rng_(seed), seed_(seed) {}
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Replaces / extends the rules (fire counts and keyed occurrence counts restart).
  // invalid_input for a bad regex.
  [[nodiscard]] Result<void> set_rules(std::vector<FaultRule> rules);
  [[nodiscard]] Result<void> add_rule(FaultRule rule);
  void clear();
  // Restarts the random choices from `seed`, drawn as `draw` says.
  void reseed(std::uint64_t seed, FaultDraw draw = FaultDraw::sequence);
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
  // Whether rule `index` fires on this request, by its probability (mu_ held).
  bool draws_fire(std::size_t index, double probability, const std::string& key,
                  std::uint64_t occurrence);

  std::mutex mu_;
  std::mt19937_64 rng_;
  std::uint64_t seed_ = 0;
  FaultDraw draw_ = FaultDraw::sequence;
  std::map<std::string, std::uint64_t, std::less<>> seen_;  // keyed: requests per key so far
  std::vector<Compiled> rules_;
};

}  // namespace hf2ms::hubsim
