#include "observe/pooled_performer.hpp"

#include "http/redact.hpp"

namespace hf2ms::observe {

Result<http::Response> PooledEnginePerformer::perform(http::Request request) {
  if (stop_.stop_requested()) {
    return unexpected(
        make_error(ErrorKind::transient, std::string(http::to_string(request.method)) + " " +
                                             http::redact_url(request.url) + ": cancelled"));
  }
  auto engine = borrow();
  if (!engine) {
    return unexpected(engine.error());
  }
  const bool cancellable = request.idempotency == http::Idempotency::safe_to_retry;
  const std::stop_token never;
  auto response = http::perform(**engine, std::move(request), cancellable ? stop_ : never);
  give_back(std::move(*engine));
  return response;
}

Result<std::unique_ptr<http::Engine>> PooledEnginePerformer::borrow() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto engine = std::move(idle_.back());
      idle_.pop_back();
      return engine;
    }
  }
  return http::Engine::create(options_);
}

void PooledEnginePerformer::give_back(std::unique_ptr<http::Engine> engine) {
  const std::lock_guard lock(mutex_);
  idle_.push_back(std::move(engine));
}

}  // namespace hf2ms::observe
