// RateLimit headers of the simulated Hugging Face Hub (protocols/huggingface-hub.md §10.1):
// every HF response carries `RateLimit: "<bucket>";r=<remaining>;t=<reset s>` and
// `RateLimit-Policy: "fixed window";"<bucket>";q=<quota>;w=300`, with the buckets api,
// resolvers and pages counted per fixed 5-minute window. The simulator only reports; it
// refuses nothing by itself (429s come from fault rules, which this reports as r=0).
#pragma once

#include "hubsim/faults.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace hf2ms::hubsim {

class RateLimiter {
 public:
  void add_headers(const httplib::Request& req, httplib::Response& res,
                   const FaultDecision& faults);

 private:
  std::mutex mu_;
  std::chrono::steady_clock::time_point window_start_ = std::chrono::steady_clock::now();
  std::map<std::string, std::uint64_t> used_;
};

}  // namespace hf2ms::hubsim
