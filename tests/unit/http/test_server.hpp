// TestServer: a cpp-httplib server on 127.0.0.1 with an ephemeral port, for the HTTP layer's
// integration tests (the project simulator is not used here). Register routes on `server`,
// then start(); the destructor stops and joins it. Also the small helpers those tests share.
#pragma once

#include "fakes.hpp"
#include "http/curl_global.hpp"
#include "http/engine.hpp"
#include "util/log.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace hf2ms::http::testing {

class TestServer {
 public:
  TestServer() : port_(server.bind_to_any_port("127.0.0.1")) { server.set_keep_alive_timeout(0); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  ~TestServer() {
    server.stop();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  void start() {
    thread_ = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  [[nodiscard]] Origin origin() const { return parse_origin(url("/")).value(); }

  httplib::Server server;

 private:
  int port_;
  std::thread thread_;
};

// curl_global_init once for the whole test binary, as main() does in production.
inline void ensure_curl() {
  static auto guard = CurlGlobal::create();
  ASSERT_TRUE(guard.has_value());
}

// Fake time for the engine: retries "sleep" instantly and every wait is recorded.
struct FakeTime {
  FakeClock clock;
  FakeSleeper sleeper{clock};
  FixedRandom random{0.5};
};

inline std::unique_ptr<Engine> make_engine(FakeTime& time, EngineOptions options = {}) {
  ensure_curl();
  log::init_from_env();  // HF2MS_LOG=debug shows each attempt while debugging a test
  options.clock = &time.clock;
  options.sleeper = &time.sleeper;
  options.random = &time.random;
  options.retry.base_delay = std::chrono::milliseconds(1000);
  auto engine = Engine::create(std::move(options));
  EXPECT_TRUE(engine.has_value());
  return std::move(*engine);
}

// A deterministic byte pattern, so a receiver can check every byte without a copy.
inline char pattern_byte(std::uint64_t offset) {
  return static_cast<char>((offset * 131U + (offset >> 12U)) & 0xFFU);
}

}  // namespace hf2ms::http::testing
