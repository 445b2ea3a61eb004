// HF limits: API quota buckets (huggingface-hub.md §10.1), commit quota, inline cap and
// server time budget (real-hub-limits.md HF §2, §3). Defaults and sources: docs/hubsim.md.
#include "hubsim/hf_limits.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace hf2ms::hubsim {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::uint64_t quota_for(const HfLimits& l, const std::string& bucket, bool anonymous) {
  if (bucket == "api") {
    return anonymous ? l.anonymous_api_quota : l.api_quota;
  }
  if (bucket == "resolvers") {
    return anonymous ? l.anonymous_resolvers_quota : l.resolvers_quota;
  }
  return anonymous ? l.anonymous_pages_quota : l.pages_quota;
}

void set_rate_headers(httplib::Response& res, const std::string& bucket, const WindowDecision& d) {
  res.headers.erase("RateLimit");
  res.headers.erase("RateLimit-Policy");
  res.set_header("RateLimit", rate_limit_header(bucket, d));
  res.set_header("RateLimit-Policy", rate_limit_policy_header(bucket, d));
}

std::string minutes_text(std::int64_t seconds) {
  const std::int64_t m = std::max<std::int64_t>((seconds + 59) / 60, 1);
  return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

}  // namespace

std::string hf_bucket_of(std::string_view path) {
  if (path.find(".git/info/lfs/") != std::string_view::npos) {
    return "";
  }
  if (path.find("/resolve/") != std::string_view::npos ||
      path.rfind("/api/resolve-cache/", 0) == 0 || path.find("/raw/") != std::string_view::npos) {
    return "resolvers";
  }
  return path.rfind("/api/", 0) == 0 ? "api" : "pages";
}

bool admit_hf_request(const httplib::Request& req, httplib::Response& res, SimContext& ctx,
                      HfState& state, const Caller& caller) {
  const std::string bucket = hf_bucket_of(split_target(req).path);
  if (bucket.empty()) {
    return true;
  }
  const HfLimits& l = ctx.options.hf_limits;
  const bool anonymous = !caller.who.has_value();
  const std::string who = anonymous ? "ip:" + req.remote_addr : "user:" + caller.who->user.name;
  const bool enforce = l.enforce_quotas && !ctx.options.lenient;
  const WindowDecision d = state.quotas.take(bucket + "|" + who, quota_for(l, bucket, anonymous),
                                             l.quota_window_s, enforce);
  set_rate_headers(res, bucket, d);
  if (d.allowed) {
    return true;
  }
  // Wording of the Hub's 429 as quoted in user reports (observed; exact text UNCONFIRMED).
  const std::string message =
      anonymous ? "We had to rate limit your IP (" + req.remote_addr +
                      "). To continue using our service, create a HF account or login to your "
                      "existing account, and make sure you pass a HF_TOKEN if you're using the API."
                : "We had to rate limit you, you hit the quota of " + std::to_string(d.quota) +
                      " " + bucket + " requests per " + minutes_text(d.window_s) +
                      " period. Upgrade to a PRO user or Team/Enterprise organization account "
                      "(https://hf.co/pricing) to get higher limits. See "
                      "https://huggingface.co/docs/hub/rate-limits";
  send_error(res, 429, "", message);
  set_rate_headers(res, bucket, d);
  return false;
}

bool admit_commit(HfRepoRequest& r, std::uint64_t inline_bytes) {
  if (r.ctx.options.lenient) {
    return true;
  }
  const HfLimits& l = r.ctx.options.hf_limits;
  if (inline_bytes > l.commit_inline_bytes) {
    // UNCONFIRMED: the Hub's status and text for an inline payload over the documented
    // ~1 GB per commit; 413 is what a gateway answers to an oversized body.
    send_error(r.res, 413, "",
               "Commit payload too large: " + std::to_string(inline_bytes) +
                   " bytes of regular files (the limit is " +
                   std::to_string(l.commit_inline_bytes) +
                   " bytes per commit); upload large files with Git LFS or split the commit");
    return false;
  }
  if (r.state == nullptr) {
    return true;
  }
  const WindowDecision d =
      r.state->commits.take(std::string(to_string(r.key.type)) + "|" + lower(r.key.id),
                            l.commits_per_window, l.commit_window_s, true);
  if (d.allowed) {
    return true;
  }
  // Text of the Hub's 429 (observed in user reports, real-hub-limits.md HF §3). The bucket
  // name "commits" in RateLimit is UNCONFIRMED.
  send_error(r.res, 429, "",
             "You have exceeded the rate limit for repository commits (" + std::to_string(d.quota) +
                 " per " +
                 (d.window_s == 3600 ? std::string("hour") : std::to_string(d.window_s) + " s") +
                 "). You can retry this action in about " + minutes_text(d.reset_s) + ".");
  set_rate_headers(r.res, "commits", d);
  r.res.set_header("Retry-After", std::to_string(d.reset_s));
  return false;
}

CommitTiming time_commit(HfRepoRequest& r, std::size_t operations) {
  const HfLimits& l = r.ctx.options.hf_limits;
  CommitTiming t;
  t.cost_ms = l.commit_base_ms + l.commit_op_ms * operations;
  t.timed_out = !r.ctx.options.lenient && t.cost_ms > l.commit_budget_ms;
  if (!r.ctx.options.lenient && l.commit_time_scale > 0) {
    // Only a small real delay, capped at 100 ms, so a client that adapts to commit duration
    // sees bigger commits take longer without tests waiting for minutes.
    const auto real_ms =
        std::min<double>(static_cast<double>(t.cost_ms) * l.commit_time_scale, 100);
    std::this_thread::sleep_for(
        std::chrono::microseconds(static_cast<std::int64_t>(real_ms * 1000)));
  }
  r.res.set_header("X-Hubsim-Commit-Cost-Ms", std::to_string(t.cost_ms));
  return t;
}

void send_gateway_timeout(httplib::Response& res) {
  // UNCONFIRMED: the exact body; a gateway's HTML page, as proxies in front of the Hub send.
  res.status = 504;
  res.set_content(
      "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 "
      "Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n",
      "text/html");
}

}  // namespace hf2ms::hubsim
