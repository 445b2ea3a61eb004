// QuotaWatch: tells the user when hf2ms waits for a hub's request quota. A thread of its own
// looks at the process's rate-limit book (http/rate_limits.hpp) twice a second and hands what
// requests wait for, named for people ("the HF api quota"), to a sink: apply's progress view
// (applier::ApplyObserver::on_quota_waits) or, for plan, a line on stderr. Started by the
// command, stopped (and joined) by its destructor, which first tells the sink the waits are
// over.
#pragma once

#include "applier/apply_observer.hpp"
#include "http/rate_limits.hpp"
#include "manifest/resolve.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace hf2ms::cli {

using QuotaSink = std::function<void(const std::vector<applier::QuotaWait>&)>;

// `holds` as the views show them: the origin of `endpoints.hf` is "HF", of `endpoints.ms`
// "ModelScope", any other is named by itself; resets_in counts whole seconds from `now`,
// rounded up. Pure.
[[nodiscard]] std::vector<applier::QuotaWait> describe_holds(
    const std::vector<http::QuotaHold>& holds, const manifest::Endpoints& endpoints,
    http::SteadyTime now);

// A sink for commands without a progress view: "hf2ms: waiting for the HF api quota, resets
// in 42 s" on stderr when a new wait begins (views::has_new_quota_wait).
[[nodiscard]] QuotaSink stderr_quota_sink();

class QuotaWatch {
 public:
  QuotaWatch(http::RateLimitBook& book, manifest::Endpoints endpoints, QuotaSink sink,
             std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  ~QuotaWatch();  // stops and joins the thread
  QuotaWatch(const QuotaWatch&) = delete;
  QuotaWatch& operator=(const QuotaWatch&) = delete;

 private:
  std::jthread thread_;
};

}  // namespace hf2ms::cli
