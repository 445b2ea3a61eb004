// ScriptedPerformer: a Performer whose answers come from a function of the request (a tiny
// fake hub), recording every request it saw. For client tests without a network.
#pragma once

#include "hub/performer.hpp"

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace hf2ms::hub::testing {

inline http::Response answer(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

class ScriptedPerformer final : public Performer {
 public:
  using Route = std::function<http::Response(const http::Request&)>;
  explicit ScriptedPerformer(Route route) : route_(std::move(route)) {}

  Result<http::Response> perform(http::Request request) override {
    const std::lock_guard lock(mutex_);
    urls_.push_back(request.url);
    requests_.push_back(request);
    return route_(requests_.back());
  }
  [[nodiscard]] const std::vector<std::string>& urls() const { return urls_; }
  [[nodiscard]] const std::vector<http::Request>& requests() const { return requests_; }

 private:
  Route route_;
  std::mutex mutex_;
  std::vector<std::string> urls_;
  std::vector<http::Request> requests_;
};

}  // namespace hf2ms::hub::testing
