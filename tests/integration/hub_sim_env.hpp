// HubSimTest: a GoogleTest fixture for the hub client integration tests. Once per suite it
// starts the in-process hf2ms-hubsim on 127.0.0.1 (ephemeral ports, small pages and a small
// multipart threshold so pagination and multipart are exercised with little data) and an
// http::Engine; each test gets a clean fault list and request log. Repos are seeded per test
// with the simulator's seed spec format (docs/hubsim.md).
#pragma once

#include "http/curl_global.hpp"
#include "http/engine.hpp"
#include "hub/hf_client.hpp"
#include "hub/ms_client.hpp"
#include "hubsim/seed.hpp"
#include "hubsim/simulator.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

namespace hf2ms::hub::testing {

inline constexpr const char* k_hf_token = "hf_user_write_token";  // Users::defaults()
inline constexpr const char* k_ms_token = "ms_user_write_token";

class HubSimTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!curl_) {
      auto curl = http::CurlGlobal::create();
      ASSERT_TRUE(curl.has_value());
      curl_.emplace(std::move(*curl));
    }
    static std::atomic<int> counter{0};
    data_dir_ =
        (std::filesystem::temp_directory_path() / ("hf2ms-hub-it-" + std::to_string(::getpid()) +
                                                   "-" + std::to_string(counter.fetch_add(1))))
            .string();
    hubsim::SimulatorOptions options;
    options.data_dir = data_dir_;
    options.threads = 8;
    options.sim.page_size = 3;                    // HF: every listing paginates
    options.sim.multipart_threshold = 64 * 1024;  // HF: multipart above 64 KiB ...
    options.sim.multipart_chunk = 32 * 1024;      // ... in 32 KiB parts
    sim_ = std::make_unique<hubsim::Simulator>();
    auto started = sim_->start(options);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    http::EngineOptions engine_options;
    engine_options.retry.base_delay = std::chrono::milliseconds(10);
    engine_options.retry.max_delay = std::chrono::milliseconds(100);
    auto engine = http::Engine::create(engine_options);
    ASSERT_TRUE(engine.has_value()) << engine.error().message;
    engine_ = std::move(*engine);
    performer_ = std::make_unique<EnginePerformer>(*engine_);
  }

  static void TearDownTestSuite() {
    performer_.reset();
    engine_.reset();
    sim_.reset();
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  void SetUp() override {
    sim_->faults().clear();
    sim_->log().clear();
  }

  static const hubsim::SimulatorAddresses& urls() { return sim_->addresses(); }
  static hubsim::Simulator& sim() { return *sim_; }
  static Performer& performer() { return *performer_; }
  static http::Engine& engine() { return *engine_; }

  static void seed(const std::string& spec) {
    auto seeded = hubsim::apply_seed_spec(sim_->store(), spec, data_dir_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().message;
  }

  static std::unique_ptr<HfClient> hf(std::optional<Secret> token = Secret(k_hf_token)) {
    auto client = HfClient::create(urls().hf_url, token, *performer_);
    HF2MS_ASSERT(client.has_value());
    return std::move(*client);
  }

  // The simulator serves ModelScope's `lfs.` host role on its CDN listener (hubsim's
  // ms_upload_routes.cpp), so that address is named as the upload host: blob PUTs there carry
  // the credential, CDN downloads on the same address must not.
  static std::unique_ptr<MsClient> ms(std::optional<Secret> token = Secret(k_ms_token),
                                      MsClientOptions options = {}) {
    options.upload_endpoint = urls().cdn_url;
    auto client = MsClient::create(urls().ms_url, token, *performer_, options);
    HF2MS_ASSERT(client.has_value());
    return std::move(*client);
  }

 private:
  static inline std::optional<http::CurlGlobal> curl_;
  static inline std::string data_dir_;
  static inline std::unique_ptr<hubsim::Simulator> sim_;
  static inline std::unique_ptr<http::Engine> engine_;
  static inline std::unique_ptr<EnginePerformer> performer_;
};

}  // namespace hf2ms::hub::testing
