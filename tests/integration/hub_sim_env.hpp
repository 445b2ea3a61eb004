// HubSimTest: the fixture of the hub client integration tests. On top of the shared
// simulator fixture (tests/support/hubsim_fixture.hpp: a fresh in-process hf2ms-hubsim per test
// on 127.0.0.1 ephemeral ports) it sets small HF pages and a small multipart threshold, so
// pagination and multipart are exercised with little data, and gives each test an
// http::Engine with short backoff plus HfClient / MsClient factories. Repos are seeded per
// test with the simulator's seed spec format (docs/hubsim.md).
#pragma once

#include "http/curl_global.hpp"
#include "http/engine.hpp"
#include "hub/hf_client.hpp"
#include "hub/ms_client.hpp"
#include "hubsim/seed.hpp"
#include "support/hubsim_fixture.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

namespace hf2ms::hub::testing {

inline constexpr const char* k_hf_token = "hf_user_write_token";  // Users::defaults()
inline constexpr const char* k_ms_token = "ms_user_write_token";

class HubSimTest : public ::hf2ms::testing::HubsimTest {
 protected:
  void configure(hubsim::SimulatorOptions& options) override {
    options.sim.page_size = 3;                    // HF: every listing paginates
    options.sim.multipart_threshold = 64 * 1024;  // HF: multipart above 64 KiB ...
    options.sim.multipart_chunk = 32 * 1024;      // ... in 32 KiB parts
  }

  void SetUp() override {
    ::hf2ms::testing::HubsimTest::SetUp();
    static const auto curl = http::CurlGlobal::create();  // lives until exit
    ASSERT_TRUE(curl.has_value());
    http::EngineOptions engine_options;
    engine_options.retry.base_delay = std::chrono::milliseconds(10);
    engine_options.retry.max_delay = std::chrono::milliseconds(100);
    auto engine = http::Engine::create(engine_options);
    ASSERT_TRUE(engine.has_value()) << engine.error().message;
    engine_ = std::move(*engine);
    performer_ = std::make_unique<EnginePerformer>(*engine_);
  }

  void TearDown() override {
    performer_.reset();
    engine_.reset();
    ::hf2ms::testing::HubsimTest::TearDown();
  }

  Performer& performer() { return *performer_; }
  http::Engine& engine() { return *engine_; }

  void seed(const std::string& spec) {
    auto seeded = hubsim::apply_seed_spec(sim().store(), spec, temp_dir().path());
    ASSERT_TRUE(seeded.has_value()) << seeded.error().message;
  }

  std::unique_ptr<HfClient> hf(std::optional<Secret> token = Secret(k_hf_token)) {
    auto client = HfClient::create(urls().hf_url, token, *performer_);
    HF2MS_ASSERT(client.has_value());
    return std::move(*client);
  }

  std::unique_ptr<MsClient> ms(std::optional<Secret> token = Secret(k_ms_token),
                               MsClientOptions options = {}) {
    auto client = MsClient::create(urls().ms_url, token, *performer_, options);
    HF2MS_ASSERT(client.has_value());
    return std::move(*client);
  }

 private:
  std::unique_ptr<http::Engine> engine_;
  std::unique_ptr<EnginePerformer> performer_;
};

}  // namespace hf2ms::hub::testing
