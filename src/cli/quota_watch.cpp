#include "cli/quota_watch.hpp"

#include "cli/views/progress_view.hpp"
#include "http/url.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>

namespace hf2ms::cli {
namespace {

std::string origin_of(const std::string& endpoint) {
  auto origin = http::parse_origin(endpoint);
  return origin ? http::to_string(*origin) : endpoint;
}

void watch(const std::stop_token& stop, http::RateLimitBook& book,
           const manifest::Endpoints& endpoints, const QuotaSink& sink,
           std::chrono::milliseconds interval) {
  std::mutex mutex;
  std::condition_variable_any wake;
  bool waiting = false;
  while (!stop.stop_requested()) {
    const auto now = std::chrono::steady_clock::now();
    const std::vector<applier::QuotaWait> waits = describe_holds(book.holds(now), endpoints, now);
    if (!waits.empty() || waiting) {
      sink(waits);
    }
    waiting = !waits.empty();
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, interval, [] { return false; });
  }
  if (waiting) {
    sink({});
  }
}

}  // namespace

std::vector<applier::QuotaWait> describe_holds(const std::vector<http::QuotaHold>& holds,
                                               const manifest::Endpoints& endpoints,
                                               http::SteadyTime now) {
  const std::string hf = origin_of(endpoints.hf);
  const std::string ms = origin_of(endpoints.ms);
  std::vector<applier::QuotaWait> out;
  for (const http::QuotaHold& h : holds) {
    applier::QuotaWait w;
    w.hub = h.origin == hf ? "HF" : h.origin == ms ? "ModelScope" : h.origin;
    w.bucket = h.bucket;
    w.resets_in = std::chrono::ceil<std::chrono::seconds>(
        std::max<http::SteadyTime::duration>(h.until - now, {}));
    out.push_back(std::move(w));
  }
  return out;
}

QuotaSink stderr_quota_sink() {
  auto last = std::make_shared<std::vector<applier::QuotaWait>>();
  return [last](const std::vector<applier::QuotaWait>& waits) {
    if (views::has_new_quota_wait(*last, waits)) {
      std::fprintf(stderr, "hf2ms: %s\n", views::render_quota_waits(waits).c_str());
    }
    *last = waits;
  };
}

QuotaWatch::QuotaWatch(http::RateLimitBook& book, manifest::Endpoints endpoints, QuotaSink sink,
                       std::chrono::milliseconds interval)
    : thread_([&book, endpoints = std::move(endpoints), sink = std::move(sink), interval](
                  const std::stop_token& stop) { watch(stop, book, endpoints, sink, interval); }) {}

QuotaWatch::~QuotaWatch() {
  thread_.request_stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace hf2ms::cli
