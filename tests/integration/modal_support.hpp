// Support for the Modal executor and doctor integration tests. Modal cannot be installed here,
// so tests/modal/fake_modal.py plays the `modal` CLI: it is copied into a private bin folder
// as `modal`, records each call (argv, environment, the job file and its permission bits), and
// runs deploy/modal/hf2ms_modal.py in-process over the stand-in `modal` package — whose
// orchestrator and workers run the REAL `hf2ms transfer` binary against the simulators.
//
// Two in-process simulators: the source (HF) and the target (ModelScope, blob uploads on its
// CDN listener), because one simulator's blob store is shared by all its repos and a target
// there would already hold every source blob.
#pragma once

#include "hubsim/seed.hpp"
#include "support/hubsim_fixture.hpp"
#include "util/file.hpp"
#include "util/process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hf2ms::testing {

inline constexpr const char* k_hf_token = "hf_user_write_token";  // hubsim::Users::defaults()
inline constexpr const char* k_ms_token = "ms_user_write_token";

// The source repo: two LFS files and two small ones (generated content, fixed seeds).
inline constexpr const char* k_modal_seed = R"({"repos":[
 {"hub":"hf","type":"model","id":"acme/src-model","files":[
   {"path":"weights-0.bin","size":3000000,"lfs":true},
   {"path":"weights-1.bin","size":2000000,"lfs":true},
   {"path":"config.json","content":"{\"layers\": 2}\n"},
   {"path":"README.md","content":"# src model\n"}]}]})";

struct CliRun {
  int exit_code = -1;
  std::string out;
};

class ModalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* sim : {&source_, &target_}) {
      hubsim::SimulatorOptions o;
      o.data_dir = dir_.path() + (sim == &source_ ? "/src" : "/dst");
      o.threads = 8;
      auto started = sim->start(o);
      ASSERT_TRUE(started.has_value()) << started.error().message;
    }
    ASSERT_TRUE(hubsim::apply_seed_spec(source_.store(), k_modal_seed, dir_.path()));
    const std::string bin = dir_.path() + "/bin";
    std::filesystem::create_directories(bin);
    std::filesystem::copy_file(std::string(HF2MS_SOURCE_DIR) + "/tests/modal/fake_modal.py",
                               bin + "/modal");
    std::filesystem::permissions(bin + "/modal", std::filesystem::perms::owner_all);
    env_ = current_environment();
    const std::string path = find_variable(env_, "PATH").value_or("/usr/bin:/bin");
    set("PATH", bin + ":" + path);
    set("HF_ENDPOINT", source_.addresses().hf_url);
    set("MODELSCOPE_ENDPOINT", target_.addresses().ms_url);
    set("HF_TOKEN", k_hf_token);
    set("MODELSCOPE_TOKEN", k_ms_token);
    set("HF2MS_CACHE_DIR", dir_.path() + "/cache");
    set("HF2MS_BIN", hf2ms_path());
    set("FAKE_MODAL_RECORD", record_path());
    set("FAKE_MODAL_STUB", std::string(HF2MS_SOURCE_DIR) + "/tests/modal/stub");
    // hf2ms passes the `modal` child only what it needs; the stand-in's own settings are
    // passed on the way an operator would (applier::modal_child_environment).
    set("HF2MS_MODAL_ENV", "FAKE_MODAL_*");
    set("HF2MS_MODAL_APP", std::string(HF2MS_SOURCE_DIR) + "/deploy/modal/hf2ms_modal.py");
    env_ = with_variable(env_, "HF2MS_LOG", "warn");
  }
  void TearDown() override {
    source_.stop();
    target_.stop();
  }

  void set(const std::string& name, const std::string& value) {
    env_ = with_variable(env_, name, value);
  }
  void unset(const std::string& name) {
    std::erase_if(env_, [&](const std::string& e) { return e.starts_with(name + "="); });
  }

  static std::string hf2ms_path() { return std::string(HF2MS_BINARY_DIR) + "/src/cli/hf2ms"; }
  [[nodiscard]] std::string record_path() const { return dir_.path() + "/modal-calls.jsonl"; }

  // Runs the real hf2ms binary with `args`; stdout is captured, stderr goes to the test log.
  CliRun hf2ms(std::vector<std::string> args) {
    args.insert(args.begin(), hf2ms_path());
    CliRun r;
    ProcessSpec spec{args, env_, Output::capture, Output::inherit, ForwardSignals::no, nullptr};
    auto exit = run_process(spec, [&](std::string_view l) { r.out += std::string(l) + "\n"; });
    EXPECT_TRUE(exit.has_value());
    r.exit_code = exit ? exit->code : -1;
    return r;
  }

  // A manifest mirroring the source repo to ModelScope, sharded over up to 3 containers.
  std::string write_manifest() {
    const std::string path = dir_.path() + "/hf2ms.toml";
    EXPECT_TRUE(write_file_atomic(path, R"(version = 1
[executor]
kind = "modal"
max_containers = 3
shard_size = "1MB"

[[mirror]]
source = "hf:acme/src-model"
target = "ms:acme/dst-model"
)"));
    return path;
  }

  // Every call the fake `modal` recorded, in order.
  [[nodiscard]] std::vector<nlohmann::json> modal_calls() const {
    std::vector<nlohmann::json> out;
    auto text = read_file(record_path());
    std::string line;
    for (char c : text.value_or("")) {
      if (c != '\n') {
        line += c;
      } else if (!line.empty()) {
        out.push_back(nlohmann::json::parse(line));
        line.clear();
      }
    }
    return out;
  }

  TempDir dir_;
  hubsim::Simulator source_;
  hubsim::Simulator target_;
  std::vector<std::string> env_;
};

}  // namespace hf2ms::testing
