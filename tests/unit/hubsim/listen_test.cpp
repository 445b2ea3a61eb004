// A simulator must own its ports: started on a port another one listens on, it refuses to
// start (no SO_REUSEPORT) instead of sharing the port and splitting requests between stores.
#include "support/hubsim_fixture.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

namespace hf2ms::hubsim {
namespace {

std::string port_of(const std::string& url) { return url.substr(url.rfind(':') + 1); }

TEST(HubsimListen, RefusesAPortAnotherSimulatorListensOn) {
  testing::TempDir dir;
  Simulator first;
  auto running = first.start(testing::default_hubsim_options(dir));
  ASSERT_TRUE(running) << running.error().message;

  testing::TempDir other;
  SimulatorOptions o = testing::default_hubsim_options(other);
  o.listen = "127.0.0.1:" + port_of(running->hf_url);
  Simulator second;
  auto refused = second.start(o);
  ASSERT_FALSE(refused) << "a second simulator started on " << o.listen;
  EXPECT_EQ(refused.error().message,
            "cannot listen on " + o.listen +
                ": the address is already in use (is another hf2ms-hubsim running?)");
}

TEST(HubsimListen, TheProgramExitsOneWithoutSayingReady) {
  testing::TempDir dir;
  Simulator first;
  auto running = first.start(testing::default_hubsim_options(dir));
  ASSERT_TRUE(running) << running.error().message;
  const std::string program = std::string(HF2MS_BINARY_DIR) + "/src/hubsim/hf2ms-hubsim";
  if (!std::filesystem::exists(program)) {
    GTEST_SKIP() << "hf2ms-hubsim is not built";
  }
  const std::string err = dir.path() + "/err.txt";
  const std::string cmd =
      program + " --data " + dir.path() +
      "/second --ms-listen 127.0.0.1:0 --cdn-listen 127.0.0.1:0 --listen 127.0.0.1:" +
      port_of(running->ms_url) + " 2>" + err;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[512];
  for (std::size_t n = 0; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) {
    out.append(buf, n);
  }
  const int status = ::pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(out.find("ready"), std::string::npos) << out;
  EXPECT_NE(read_file(err).value_or("").find("the address is already in use"), std::string::npos)
      << read_file(err).value_or("");
}

}  // namespace
}  // namespace hf2ms::hubsim
