// Engine: the concurrent request engine every hub call and file transfer goes through. One
// thread drives many transfers on a curl multi handle: HTTP/2 streams are multiplexed and
// connections reused where the server offers them, at most `max_per_host` requests run per
// origin at once, and each transfer follows redirects (credentials stay with their origin),
// retries per retry.hpp and paces itself by the server's rate-limit answers per bucket
// (rate_limits.hpp).
//
// Shape: submit() queues requests with a completion callback; run() / run_once() drive them
// on the calling thread, which is also where every callback (producer, consumer, completion)
// runs. resume() is the one thread-safe entry point: a producer or consumer that paused calls
// it (from any thread) when it is ready again. perform() is the blocking one-request wrapper.
// No curl types appear here.
#pragma once

#include "http/clock.hpp"
#include "http/rate_limits.hpp"
#include "http/request.hpp"
#include "http/retry.hpp"
#include "util/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

namespace hf2ms::http {

struct EngineOptions {
  std::size_t max_per_host = 8;  // concurrent requests per origin
  std::size_t max_total = 64;    // concurrent requests overall
  int max_redirects = 10;
  RetryPolicy retry;
  std::string user_agent = "hf2ms/0.1";
  // Collaborators; null means the system implementation (clock.hpp). Not owned.
  const Clock* clock = nullptr;
  Sleeper* sleeper = nullptr;
  RandomSource* random = nullptr;
  // The quota state this engine paces itself by (rate_limits.hpp). Null: the process's shared
  // book (process_rate_limits()), so every engine of a process sees the same HF quota; with a
  // `clock` set and no book (tests), a book of the engine's own. Not owned.
  RateLimitBook* rate_limits = nullptr;
};

using TransferId = std::uint64_t;

// Called once per submitted request, on the driving thread, with the final answer (after
// redirects and retries). A transport failure is in Response::transport; any HTTP status is
// a Response too. Response::attempts says how many attempts were made.
using Completion = std::function<void(Response)>;

class Engine {
 public:
  // Needs a live CurlGlobal (curl_global.hpp).
  [[nodiscard]] static Result<std::unique_ptr<Engine>> create(EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Queues `request`. invalid_input (see validate()) when it cannot be sent; then `done` is
  // never called. Call from the driving thread.
  [[nodiscard]] Result<TransferId> submit(Request request, Completion done);

  // Thread-safe: the transfer's producer or consumer is ready again after returning
  // Flow::pause. Unknown or finished ids are ignored.
  void resume(TransferId id);

  // Runs until every submitted transfer has completed. Errors only when curl itself fails.
  [[nodiscard]] Result<void> run();
  // One round: starts what may start, waits up to `max_wait` for network activity (or
  // sleeps until the next retry when nothing is in flight), and completes what finished.
  [[nodiscard]] Result<void> run_once(std::chrono::milliseconds max_wait);
  // The same, but a retry wait is slept in slices of at most `max_wait`, so a caller that
  // checks a stop token between rounds sees it within `max_wait`.
  [[nodiscard]] Result<void> poll_once(std::chrono::milliseconds max_wait);

  // Drops the transfer now, wherever it is (running, waiting for a retry, queued): its
  // connection is abandoned and `done` is never called. Unknown or finished ids are ignored.
  // Call from the driving thread.
  void cancel(TransferId id);

  [[nodiscard]] bool is_idle() const;
  // Requests in flight right now (for tests and progress).
  [[nodiscard]] std::size_t running_count() const;

  struct Impl;
  class Passkey {  // only create() can name it, so only create() constructs an Engine
    friend class Engine;
    Passkey() = default;
  };
  Engine(Passkey key, std::unique_ptr<Impl> impl);

 private:
  enum class SleepLimit { until_ready, max_wait };
  [[nodiscard]] Result<void> step(std::chrono::milliseconds max_wait, SleepLimit sleep);
  std::unique_ptr<Impl> impl_;
};

// Sends `request` on `engine` and waits for it. A transport failure (after retries) becomes an
// Error (transient, io, internal; classify()); every HTTP status is returned as a Response for
// the caller to judge (error_map.hpp has to_error). Do not call from inside a callback.
[[nodiscard]] Result<Response> perform(Engine& engine, Request request);

// The same, abandoned within about 100 ms once `stop` is requested (the transfer is cancelled:
// Engine::cancel): then a transient Error "cancelled". Nothing is sent once stop was requested.
[[nodiscard]] Result<Response> perform(Engine& engine, Request request,
                                       const std::stop_token& stop);

}  // namespace hf2ms::http
