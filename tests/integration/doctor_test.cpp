// `hf2ms doctor` against the simulators (default users: write and read tokens on HF, a write
// token on ModelScope) and the fake `modal` CLI: good tokens pass, a rejected or read-only
// token fails with what to fix, a missing or unauthenticated `modal` fails only when the
// executor is modal, and no token value is ever printed.
#include "integration/modal_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sys/resource.h>

namespace hf2ms::testing {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class Doctor : public ModalTest {
 protected:
  CliRun doctor(const std::string& manifest_text) {
    const std::string path = dir_.path() + "/doctor.toml";
    EXPECT_TRUE(write_file_atomic(path, manifest_text));
    CliRun r = hf2ms({"doctor", "-f", path});
    for (const std::string& token :
         {std::string(k_hf_token), std::string(k_ms_token), std::string("hf_user_read_token"),
          std::string("ms_bogus_token")}) {
      EXPECT_FALSE(contains(r.out, token)) << "a token was printed: " << r.out;
    }
    return r;
  }

  static constexpr const char* k_to_ms =
      "version = 1\n[[mirror]]\nsource = \"hf:acme/src-model\"\ntarget = \"ms:acme/dst\"\n";
  static constexpr const char* k_to_hf =
      "version = 1\n[[mirror]]\nsource = \"hf:acme/src-model\"\ntarget = \"hf:acme/copy\"\n";
};

TEST_F(Doctor, GoodTokensAndAnAuthenticatedModalPass) {
  set("FAKE_MODAL_AUTH", "1");
  const CliRun r = doctor(k_to_ms);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "[ok]   HF_TOKEN is set")) << r.out;
  EXPECT_TRUE(contains(r.out, "[ok]   token accepted: user user")) << r.out;
  EXPECT_TRUE(contains(r.out, "[ok]   token role: write")) << r.out;
  EXPECT_TRUE(contains(r.out, "[ok]   login accepted: the token can write")) << r.out;
  EXPECT_TRUE(contains(r.out, "[ok]   modal CLI installed: modal client version: 1.6.4")) << r.out;
  EXPECT_TRUE(contains(r.out, "[ok]   modal is authenticated")) << r.out;
  EXPECT_TRUE(contains(r.out, "All required checks passed.")) << r.out;
}

TEST_F(Doctor, RejectedTokenFailsWithWhatToFix) {
  set("FAKE_MODAL_AUTH", "1");
  set("MODELSCOPE_TOKEN", "ms_bogus_token");
  const CliRun r = doctor(k_to_ms);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "[FAIL] the token in MODELSCOPE_TOKEN was rejected")) << r.out;
  EXPECT_TRUE(contains(r.out, "fix: create a new token at https://modelscope.cn/")) << r.out;
  EXPECT_TRUE(contains(r.out, "1 problem(s) to fix")) << r.out;
}

TEST_F(Doctor, ReadOnlyTokenOnATargetHubFails) {
  set("FAKE_MODAL_AUTH", "1");
  set("HF_TOKEN", "hf_user_read_token");
  const CliRun r = doctor(k_to_hf);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "[FAIL] token role: read")) << r.out;
  EXPECT_FALSE(contains(r.out, "ModelScope (")) << "the manifest does not use ModelScope";
}

TEST_F(Doctor, MissingTokenVariableIsNamed) {
  set("FAKE_MODAL_AUTH", "1");
  unset("MODELSCOPE_TOKEN");
  const CliRun r = doctor(k_to_ms);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "[FAIL] MODELSCOPE_TOKEN is not set")) << r.out;
  EXPECT_TRUE(contains(r.out, "export MODELSCOPE_TOKEN")) << r.out;
}

TEST_F(Doctor, NoModalOnPathFailsOnlyForTheModalExecutor) {
  set("PATH", "/usr/bin:/bin");
  const CliRun modal = doctor(k_to_ms);
  EXPECT_EQ(modal.exit_code, 1) << modal.out;
  EXPECT_TRUE(contains(modal.out, "[FAIL] the `modal` CLI is not installed")) << modal.out;
  EXPECT_TRUE(contains(modal.out, "fix: pip install modal")) << modal.out;
  const CliRun local = doctor(std::string(k_to_ms) + "[executor]\nkind = \"local\"\n");
  EXPECT_EQ(local.exit_code, 0) << local.out;
  EXPECT_TRUE(contains(local.out, "[warn] the `modal` CLI is not installed")) << local.out;
}

// A URL that answers but is not the hub's API is the endpoint's fault, not the token's.
TEST_F(Doctor, AWrongEndpointIsBlamedNotTheToken) {
  set("FAKE_MODAL_AUTH", "1");
  const std::string wrong = source_.addresses().hf_url + "/not-the-api";
  set("HF_ENDPOINT", wrong);
  const CliRun r = doctor(k_to_hf);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "[FAIL] endpoint " + wrong +
                                  " answers, but not as a Hugging Face hub (HTTP 404 for its "
                                  "whoami route)\n         fix: set HF_ENDPOINT to the hub's "
                                  "base URL, e.g. https://huggingface.co\n"))
      << r.out;
  EXPECT_FALSE(contains(r.out, "token was rejected")) << r.out;
  EXPECT_FALSE(contains(r.out, "not_found")) << r.out;
}

TEST_F(Doctor, ModalFixLineDoesNotOfferAnOptionDoctorLacks) {
  set("PATH", "/usr/bin:/bin");
  const CliRun r = doctor(k_to_ms);
  EXPECT_TRUE(contains(r.out,
                       "fix: pip install modal   (or set [executor] kind = \"local\" in "
                       "the manifest, or pass `--executor local` to apply)"))
      << r.out;
}

TEST_F(Doctor, UnauthenticatedModalSaysToRunTokenNew) {
  const CliRun r = doctor(k_to_ms);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "[FAIL] modal is not authenticated")) << r.out;
  EXPECT_TRUE(contains(r.out, "fix: modal token new")) << r.out;
  const auto calls = modal_calls();
  ASSERT_FALSE(calls.empty());
  EXPECT_FALSE(calls.back()["env"].contains("HF_TOKEN")) << "hub tokens are not passed to modal";
}

// hf2ms disables core dumps before anything else (util/hardening.hpp): a crash must not
// write a file holding the tokens. The limit is inherited, so the `modal` that doctor runs
// reports it. The test raises its own soft limit first, so the check cannot pass by accident.
TEST_F(Doctor, TheProcessRunsWithCoreDumpsDisabled) {
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_CORE, &saved), 0);
  if (saved.rlim_max == 0) {
    GTEST_SKIP() << "the hard core limit is already 0 here";
  }
  rlimit raised = saved;
  raised.rlim_cur = saved.rlim_max;
  ASSERT_EQ(::setrlimit(RLIMIT_CORE, &raised), 0);
  const std::string bin = dir_.path() + "/core-bin";
  std::filesystem::create_directories(bin);
  ASSERT_TRUE(write_file_atomic(bin + "/modal",
                                "#!/bin/sh\n"
                                "if [ \"$1\" = --version ]; then\n"
                                "  echo \"modal client version: core-limit=$(ulimit -c)\"\n"
                                "fi\n"
                                "exit 0\n"));
  std::filesystem::permissions(bin + "/modal", std::filesystem::perms::owner_all);
  set("PATH", bin + ":/usr/bin:/bin");
  const CliRun r = doctor(k_to_ms);
  ::setrlimit(RLIMIT_CORE, &saved);
  EXPECT_TRUE(contains(r.out, "core-limit=0")) << r.out;
}

}  // namespace
}  // namespace hf2ms::testing
