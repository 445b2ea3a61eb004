// The limits hf2ms-hubsim enforces, on by default at the strict side of what the real hubs
// document (docs/hubsim.md "Limits" names every default and its source), each settable from
// SimulatorOptions and the command line. `SimOptions::lenient` (`--lenient`) turns every
// limit of both hubs off at once, for microbenchmarks; each limit check reads it. HF limits
// live in HfLimits; the ModelScope side keeps its own struct beside it (MsLimits).
#pragma once

#include <cstdint>

namespace hf2ms::hubsim {

// Limits of the simulated Hugging Face Hub (../shared/protocols/real-hub-limits.md, HF).
struct HfLimits {
  // --- commits (real-hub-limits.md HF §2, §3) -------------------------------------------
  // Simulated server time of a commit: a fixed part plus a cost per operation. The Hub
  // checks every operation within about 60 s and answers 504 past it. No real sleep of that
  // length: the cost is a number; the simulator sleeps cost × commit_time_scale only.
  std::uint64_t commit_base_ms = 500;
  std::uint64_t commit_op_ms = 50;
  std::uint64_t commit_budget_ms = 60'000;
  bool commit_lands_after_timeout = true;  // a 504 commit still lands (as on the Hub)
  double commit_time_scale = 0.001;        // real delay per simulated ms (≤ 60 ms at budget)
  // Inline (regular file) payload of one commit, decoded bytes: 1 GB (docstring limit).
  std::uint64_t commit_inline_bytes = 1'000'000'000;
  // Commits per repo per window ("rate limit for repository commits (128 per hour)").
  std::uint32_t commits_per_window = 128;
  std::uint32_t commit_window_s = 3600;
  // --- API quotas (huggingface-hub.md §10.1): fixed windows per token, anonymous by IP ----
  std::uint32_t api_quota = 1000;  // free plan
  std::uint32_t resolvers_quota = 5000;
  std::uint32_t pages_quota = 200;
  std::uint32_t anonymous_api_quota = 500;
  std::uint32_t anonymous_resolvers_quota = 3000;
  std::uint32_t anonymous_pages_quota = 100;
  std::uint32_t quota_window_s = 300;
  bool enforce_quotas = true;  // false: report RateLimit headers only
  // --- downloads (real-hub-limits.md HF §4) ---------------------------------------------
  // Files above this size are refused on /resolve/ (the client's 50 GB constant).
  std::uint64_t max_resolve_bytes = 50'000'000'000;
  // Regular files answer /resolve/ with a relative 307 to /api/resolve-cache/... .
  bool resolve_cache_redirect = true;
  // The CDN ignores Range and answers 200 with the whole body (not a limit: a behaviour
  // switch, off by default, not changed by `lenient`).
  bool cdn_ignores_range = false;
};

}  // namespace hf2ms::hubsim
