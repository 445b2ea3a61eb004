// GoogleTest support for tests that need the hub simulator: a temporary directory, a fixture
// that runs a fresh in-process hf2ms-hubsim per test on ephemeral 127.0.0.1 ports, and a
// global environment sharing one simulator across a whole test binary. Link the test with
// hf2ms_hubsim_lib. Example:
//
//   class MirrorTest : public hf2ms::testing::HubsimTest {
//     void configure(hf2ms::hubsim::SimulatorOptions& o) override { o.sim.page_size = 2; }
//   };
//   TEST_F(MirrorTest, Lists) { auto url = urls().hf_url; sim().store(); sim().log(); ... }
#pragma once

#include "hubsim/simulator.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace hf2ms::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/hf2ms-test-XXXXXX";
    const char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed for " << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Default options: a data dir inside `dir`, all three listeners on 127.0.0.1:0, default users.
inline hubsim::SimulatorOptions default_hubsim_options(const TempDir& dir) {
  hubsim::SimulatorOptions o;
  o.data_dir = dir.path() + "/data";
  o.threads = 8;
  return o;
}

// Points an hf2ms process started from this one at the simulator: its endpoints, the default
// users' write tokens (hubsim::Users::defaults()), a private git-oid cache under `cache_dir`,
// and no HF2MS_LOG or MODELSCOPE_DOMAIN from the caller's environment.
inline void point_hf2ms_at(const hubsim::SimulatorAddresses& urls, const std::string& cache_dir) {
  ::setenv("HF_ENDPOINT", urls.hf_url.c_str(), 1);
  ::setenv("MODELSCOPE_ENDPOINT", urls.ms_url.c_str(), 1);
  ::unsetenv("MODELSCOPE_DOMAIN");
  ::setenv("HF_TOKEN", "hf_user_write_token", 1);
  ::setenv("MODELSCOPE_TOKEN", "ms_user_write_token", 1);
  ::setenv("HF2MS_CACHE_DIR", cache_dir.c_str(), 1);
  ::unsetenv("HF2MS_LOG");
}

// One simulator per test. Override configure() to seed, set users, page sizes or faults.
class HubsimTest : public ::testing::Test {
 protected:
  virtual void configure(hubsim::SimulatorOptions& /*options*/) {}

  void SetUp() override {
    options_ = default_hubsim_options(dir_);
    configure(options_);
    start();
  }
  void TearDown() override { sim_.stop(); }

  // Stops and starts again on the same data dir (new ports): persistence tests.
  void restart() {
    sim_.stop();
    start();
  }

  [[nodiscard]] hubsim::Simulator& sim() { return sim_; }
  [[nodiscard]] const hubsim::SimulatorAddresses& urls() const { return sim_.addresses(); }
  [[nodiscard]] const TempDir& temp_dir() const { return dir_; }
  [[nodiscard]] const hubsim::SimulatorOptions& options() const { return options_; }

 private:
  void start() {
    const auto started = sim_.start(options_);
    ASSERT_TRUE(started.has_value()) << (started ? "" : started.error().message);
  }

  TempDir dir_;
  hubsim::SimulatorOptions options_;
  hubsim::Simulator sim_;
};

// One simulator for a whole test binary:
//   ::testing::AddGlobalTestEnvironment(new hf2ms::testing::HubsimEnvironment);  // in main()
// or, with gtest_main, from a static initialiser. Tests reach it through instance().
class HubsimEnvironment : public ::testing::Environment {
 public:
  explicit HubsimEnvironment(hubsim::SimulatorOptions overrides = {})
      : overrides_(std::move(overrides)) {}

  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    hubsim::SimulatorOptions o = overrides_;
    if (o.data_dir.empty()) {
      o.data_dir = dir_->path() + "/data";
    }
    const auto started = sim_.start(o);
    ASSERT_TRUE(started.has_value()) << (started ? "" : started.error().message);
    instance_ref() = this;
  }
  void TearDown() override {
    sim_.stop();
    instance_ref() = nullptr;
    dir_.reset();
  }

  [[nodiscard]] static HubsimEnvironment* instance() { return instance_ref(); }
  [[nodiscard]] hubsim::Simulator& sim() { return sim_; }
  [[nodiscard]] const hubsim::SimulatorAddresses& urls() const { return sim_.addresses(); }

 private:
  static HubsimEnvironment*& instance_ref() {
    static HubsimEnvironment* current = nullptr;
    return current;
  }
  hubsim::SimulatorOptions overrides_;
  std::unique_ptr<TempDir> dir_;
  hubsim::Simulator sim_;
};

}  // namespace hf2ms::testing
