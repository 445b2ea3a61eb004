// Performer: how a hub client gets one HTTP request executed, blocking, to its final answer
// (the HTTP layer applies the request's redirect, retry and credential rules). The clients
// only build requests and read responses, so they are tested with a scripted Performer, and
// the transfer engine can run the same requests concurrently on its own engine.
#pragma once

#include "http/engine.hpp"
#include "http/request.hpp"
#include "util/error.hpp"

#include <mutex>

namespace hf2ms::hub {

class Performer {
 public:
  Performer() = default;
  Performer(const Performer&) = delete;
  Performer& operator=(const Performer&) = delete;
  virtual ~Performer() = default;

  // Sends `request` and returns the final answer, whatever its status; an Error only when no
  // answer came (transport failure after the HTTP layer's retries), as http::perform does.
  // Must be safe to call from several threads.
  [[nodiscard]] virtual Result<http::Response> perform(http::Request request) = 0;
};

// The production Performer: http::perform on an Engine. The engine is driven by one thread at
// a time, so calls are serialised; concurrent transfers submit to an engine directly.
class EnginePerformer final : public Performer {
 public:
  explicit EnginePerformer(http::Engine& engine) : engine_(engine) {}
  [[nodiscard]] Result<http::Response> perform(http::Request request) override {
    const std::lock_guard lock(mutex_);
    return http::perform(engine_, std::move(request));
  }

 private:
  http::Engine& engine_;
  std::mutex mutex_;
};

}  // namespace hf2ms::hub
