#include "observe/pooled_performer.hpp"

namespace hf2ms::observe {

Result<http::Response> PooledEnginePerformer::perform(http::Request request) {
  auto engine = borrow();
  if (!engine) {
    return unexpected(engine.error());
  }
  auto response = http::perform(**engine, std::move(request));
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
