// Quota-aware apply (issue #15 item 4) against the strict simulator with a compressed window:
// an apply whose HF `api` requests need several quota windows paces itself from the RateLimit
// headers (http/rate_limits.hpp), so the simulator answers no 429, the mirrors converge, and
// the progress output says what it waited for.
#include "apply_cli_support.hpp"

#include <string>

namespace hf2ms::testing {
namespace {

constexpr int k_mirrors = 8;
constexpr std::uint32_t k_api_quota = 12;

class ApplyQuota : public ApplyCliTest {
 protected:
  void configure(hubsim::SimulatorOptions& options) override {
    options.sim.hf_limits.api_quota = k_api_quota;  // per 4-second window
    options.sim.hf_limits.quota_window_s = 4;
  }

  std::string manifest() {
    std::string text = "version = 1\n[executor]\nkind = \"local\"\n";
    for (int i = 0; i < k_mirrors; ++i) {
      text += "[[mirror]]\nsource = \"ms:acme/q-" + std::to_string(i) +
              "\"\ntarget = \"hf:acme/q-" + std::to_string(i) + "\"\n";
    }
    return write("hf2ms.toml", text);
  }

  std::size_t hf_api_requests() {
    std::size_t n = 0;
    for (const hubsim::LoggedRequest& r : sim().log().entries()) {
      if (r.listener == hubsim::Listener::hf && r.path.rfind("/api/", 0) == 0) {
        ++n;
      }
    }
    return n;
  }
};

TEST_F(ApplyQuota, AnApplyNeedingSeveralWindowsWaitsInsteadOfCollecting429s) {
  seed(R"({"repos": [{"hub": "ms", "id": "acme/q-{i}", "count": 8, "files": [
      {"path": "config.json", "content": "{\"n\": 1}\n"},
      {"path": "weights.bin", "size": 2048}]}]})");
  const std::string file = manifest();
  const ApplyRun applied = hf2ms("apply --executor local --auto-approve -f " + file);
  EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_GT(hf_api_requests(), 2 * k_api_quota) << "the apply fits one window: nothing tested";
  EXPECT_EQ(sim().answers_with_status(hubsim::Listener::hf, 429), 0u) << applied.err;
  EXPECT_NE(applied.err.find("the HF api quota, resets in "), std::string::npos) << applied.err;
  // A new process knows nothing of the window the apply left nearly spent: its first request
  // probes alone (one 429 at most, then it waits for the reset), never a burst.
  const ApplyRun again = hf2ms("plan --detailed-exitcode -f " + file);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_LE(sim().answers_with_status(hubsim::Listener::hf, 429), 1u) << again.err;
}

}  // namespace
}  // namespace hf2ms::testing
