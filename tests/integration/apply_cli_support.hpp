// Support for the `hf2ms apply` integration tests: a fresh in-process simulator per test with
// the environment pointing the real hf2ms binary at it (endpoints, the default users' tokens, a
// private cache), helpers to seed it, write manifests, run the binary (to completion, or
// signalled at a point in its progress), and count the writes in the request log.
#pragma once

#include "hubsim/seed.hpp"
#include "support/hubsim_fixture.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace hf2ms::testing {

// A run that was sent a signal part-way (run_and_signal).
struct SignalledRun {
  bool signalled = false;  // the signal was sent while the process still ran
  int exit_code = -1;      // -1: killed by the signal
  std::string out;
  std::string err;
  std::size_t log_at_signal = 0;     // requests the simulator had logged when it was sent
  double seconds_after_signal = -1;  // from the signal to the process's end
};

struct ApplyRun {
  int exit_code = -1;  // -1: killed or abnormal
  std::string out;
  std::string err;
};

class ApplyCliTest : public HubsimTest {
 protected:
  void SetUp() override {
    HubsimTest::SetUp();
    point_hf2ms_at(urls(), temp_dir().path() + "/cache");
  }

  void seed(const std::string& spec) {
    auto seeded = hubsim::apply_seed_spec(sim().store(), spec, temp_dir().path());
    ASSERT_TRUE(seeded.has_value()) << seeded.error().message;
  }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = temp_dir().path() + "/" + name;
    EXPECT_TRUE(write_file_atomic(path, text));
    return path;
  }

  static std::string binary() { return std::string(HF2MS_BINARY_DIR) + "/src/cli/hf2ms"; }

  // Runs `hf2ms <args>` to completion (args are shell words; tests pass only safe ones).
  ApplyRun hf2ms(const std::string& args) {
    const std::string out = temp_dir().path() + "/out.txt";
    const std::string err = temp_dir().path() + "/err.txt";
    const int status = std::system((binary() + " " + args + " >" + out + " 2>" + err).c_str());
    ApplyRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out).value_or("");
    r.err = read_file(err).value_or("");
    return r;
  }

  // Runs hf2ms with `args` and sends it `signal` once the simulator has seen `after_requests`
  // more requests: a point in its progress, not in time, so where signals land does not depend
  // on the machine's speed. Waits for the process to end.
  SignalledRun run_and_signal(const std::vector<std::string>& args, std::size_t after_requests,
                              int signal) {
    const std::size_t start = sim().log().entries().size();
    return run_and_signal_when(
        args,
        [&](const std::vector<hubsim::LoggedRequest>& log) {
          return log.size() >= start + after_requests;
        },
        signal);
  }

  // The same, signalled once `ready(log)` holds for the simulator's request log.
  template <class Ready>
  SignalledRun run_and_signal_when(const std::vector<std::string>& args, Ready ready, int signal) {
    const std::string out_file = temp_dir().path() + "/signalled-out.txt";
    const std::string err_file = temp_dir().path() + "/signalled-err.txt";
    const pid_t pid = ::fork();
    if (pid == 0) {
      std::freopen(out_file.c_str(), "w", stdout);
      std::freopen(err_file.c_str(), "w", stderr);
      std::vector<char*> argv;
      std::string bin = binary();
      argv.push_back(bin.data());
      std::vector<std::string> copy = args;
      for (std::string& a : copy) {
        argv.push_back(a.data());
      }
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      std::_Exit(127);
    }
    SignalledRun r;
    int status = 0;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool finished = false;
    while (!ready(sim().log().entries()) && std::chrono::steady_clock::now() < give_up &&
           !finished) {
      finished = ::waitpid(pid, &status, WNOHANG) == pid;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!finished) {
      r.log_at_signal = sim().log().entries().size();
      const auto sent = std::chrono::steady_clock::now();
      r.signalled = ::kill(pid, signal) == 0;
      ::waitpid(pid, &status, 0);
      const std::chrono::duration<double> waited = std::chrono::steady_clock::now() - sent;
      r.seconds_after_signal = waited.count();
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out_file).value_or("");
    r.err = read_file(err_file).value_or("");
    return r;
  }

  // SIGKILLs hf2ms at a point in its progress (run_and_signal). True when the kill landed
  // while the process was still running.
  bool run_and_kill(const std::vector<std::string>& args, std::size_t after_requests) {
    const SignalledRun r = run_and_signal(args, after_requests, SIGKILL);
    return r.signalled && r.exit_code == -1;
  }

  // Requests that store something on a target: commits and blob uploads.
  std::size_t count_writes() {
    std::size_t n = 0;
    for (const hubsim::LoggedRequest& r : sim().log().entries()) {
      const bool commit = r.method == "POST" && r.path.find("/commit") != std::string::npos;
      const bool upload = r.method == "PUT";
      const bool create = r.method == "POST" && r.path.find("/repos/create") != std::string::npos;
      n += (commit || upload || create) ? 1U : 0U;
    }
    return n;
  }
};

}  // namespace hf2ms::testing
