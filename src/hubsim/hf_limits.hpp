// Enforcement of the HF limits of limits.hpp (HfLimits) on the simulated Hub: API quota
// buckets per caller, and the commit limits (hourly quota per repo, inline payload cap,
// server time budget answered 504). Internal to the HF routes.
#pragma once

#include "hubsim/hf_routes.hpp"
#include "hubsim/rate_limit.hpp"

#include <string>
#include <string_view>

namespace hf2ms::hubsim {

// Mutable state of the HF routes of one simulator (owned by the router's handler).
struct HfState {
  FixedWindows quotas;   // "<bucket>|<caller>"
  FixedWindows commits;  // "<type>|<repo id, lower case>"
};

// Quota bucket of a request path (§10.1): "resolvers" for /resolve/ (and, UNCONFIRMED, the
// /api/resolve-cache/ hop and /raw/), "api" for the rest of /api/, "" for Git LFS routes
// (not counted, UNCONFIRMED), "pages" otherwise.
[[nodiscard]] std::string hf_bucket_of(std::string_view path);

// Counts the request in its bucket for its caller (user name, or IP when anonymous), sets
// RateLimit / RateLimit-Policy, and answers 429 when the bucket is exhausted (returns
// false). Quotas off (lenient, or enforce_quotas=false): headers only.
[[nodiscard]] bool admit_hf_request(const httplib::Request& req, httplib::Response& res,
                                    SimContext& ctx, HfState& state, const Caller& caller);

// Commit limits, checked before the commit lands. Answers 413 for an inline payload above
// the cap or 429 (with RateLimit headers, bucket "commits") past the hourly repo quota and
// returns false.
[[nodiscard]] bool admit_commit(HfRepoRequest& r, std::uint64_t inline_bytes);

// The commit's simulated server time; sleeps the small scaled real delay. `timed_out` when
// above the budget (never when lenient).
struct CommitTiming {
  std::uint64_t cost_ms = 0;
  bool timed_out = false;
};
[[nodiscard]] CommitTiming time_commit(HfRepoRequest& r, std::size_t operations);

// The gateway's 504 answer (HTML, as a proxy sends it).
void send_gateway_timeout(httplib::Response& res);

}  // namespace hf2ms::hubsim
