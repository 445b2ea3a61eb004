// engine_impl: the Engine's private state, shared by engine.cpp (scheduling and the curl multi
// loop) and engine_steps.cpp (what happens when an attempt finishes: redirects, retries,
// rate-limit holds). Internal to src/http/.
#pragma once

#include "http/attempt.hpp"
#include "http/engine.hpp"

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace hf2ms::http {

using TimePoint = std::chrono::steady_clock::time_point;

// One submitted request through all its redirects and attempts.
struct Transfer {
  TransferId id = 0;
  Request request;
  Completion done;
  std::string url;
  std::string host;    // origin key for the per-host cap
  std::string bucket;  // the rate-limit bucket of the current hop (bucket_of_path)
  Attempt attempt;
  int attempts = 0;
  int redirects = 0;
  TimePoint first_start{};
  TimePoint attempt_start{};
  TimePoint not_before{};
  TimePoint quota_not_before{};  // the rate-limit book said to look again then
  bool running = false;
};

struct Engine::Impl {
  EngineOptions options;
  const Clock& clock;
  Sleeper& sleeper;
  RandomSource& random;
  std::unique_ptr<RateLimitBook> own_book;  // only when the options name no book (tests)
  RateLimitBook& book;
  CurlMulti multi;
  std::map<TransferId, std::unique_ptr<Transfer>> transfers;
  std::deque<TransferId> waiting;
  std::map<std::string, std::size_t> running_per_host;
  std::size_t running = 0;
  TransferId next_id = 1;
  std::mutex resume_mutex;
  std::vector<TransferId> resume_requests;  // guarded by resume_mutex

  Impl(EngineOptions opts, CurlMulti m)
      : options(std::move(opts)),
        clock(options.clock != nullptr ? *options.clock : system_clock()),
        sleeper(options.sleeper != nullptr ? *options.sleeper : system_sleeper()),
        random(options.random != nullptr ? *options.random : system_random()),
        own_book(options.rate_limits == nullptr && options.clock != nullptr
                     ? std::make_unique<RateLimitBook>()
                     : nullptr),
        book(options.rate_limits != nullptr ? *options.rate_limits
             : own_book != nullptr          ? *own_book
                                            : process_rate_limits()),
        multi(std::move(m)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  ~Impl() {
    for (auto& [id, transfer] : transfers) {
      if (transfer->running) {
        (void)curl_multi_remove_handle(multi.get(), transfer->attempt.easy.get());
      }
    }
  }

  bool is_startable(const Transfer& t, TimePoint now) const;
  bool admit(Transfer& t, TimePoint now);
  TimePoint ready_time(const Transfer& t) const;
  void start_ready();
  void start(Transfer& t);
  void apply_resumes();
  void unpause_ready();
  [[nodiscard]] std::chrono::milliseconds poll_timeout(std::chrono::milliseconds max_wait) const;
  Result<void> pump(std::chrono::milliseconds max_wait);
  void collect_finished();
  void on_attempt_done(Transfer& t, CURLcode code);
  bool follow_redirect(Transfer& t, Response& response);
  bool schedule_retry(Transfer& t, const Response& response);
  void settle_quota(const Transfer& t, const Headers* answer);
  void requeue(Transfer& t, TimePoint not_before);
  void complete(TransferId id, Response response);
};

// Origin key of `url` for the per-host cap ("http://127.0.0.1:8080").
[[nodiscard]] std::string host_key(const std::string& url);
// The rate-limit bucket of `url` (bucket_of_path of its path).
[[nodiscard]] std::string bucket_key(const std::string& url);
// `to - from`, rounded up, never negative.
[[nodiscard]] std::chrono::milliseconds until(TimePoint from, TimePoint to);

}  // namespace hf2ms::http
