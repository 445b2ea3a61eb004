// PooledEnginePerformer: a thread-safe hub::Performer for the observer's workers. An
// http::Engine is driven by one thread at a time, so hub::EnginePerformer serialises every
// call; this one keeps a pool of engines instead and lends one to each concurrent call (the
// pool grows to the number of callers in flight, each engine keeping its own connections
// alive between calls). One HfClient / MsClient over it can then serve every worker.
#pragma once

#include "http/engine.hpp"
#include "hub/performer.hpp"

#include <memory>
#include <mutex>
#include <stop_token>
#include <vector>

namespace hf2ms::observe {

class PooledEnginePerformer final : public hub::Performer {
 public:
  // Engines are created on demand with `options`; a live http::CurlGlobal is required.
  explicit PooledEnginePerformer(http::EngineOptions options = {}) : options_(options) {}
  // With `stop` (Ctrl-C during apply): once it is requested no request is sent any more, and
  // one in flight that may be repeated (Idempotency::safe_to_retry: reads, blob parts) is
  // cancelled within about 100 ms. A not_safe one (a commit, a repo creation) is let finish,
  // since abandoning it would leave unknown whether the hub acted on it. Both end in a
  // transient "cancelled" error.
  PooledEnginePerformer(http::EngineOptions options, std::stop_token stop)
      : options_(options), stop_(std::move(stop)) {}

  // Blocks until the final answer; an Error only when no answer came (or no engine could be
  // created, or the stop token cancelled it). Safe to call from any number of threads.
  [[nodiscard]] Result<http::Response> perform(http::Request request) override;

 private:
  [[nodiscard]] Result<std::unique_ptr<http::Engine>> borrow();
  void give_back(std::unique_ptr<http::Engine> engine);

  http::EngineOptions options_;
  std::stop_token stop_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<http::Engine>> idle_;
};

}  // namespace hf2ms::observe
