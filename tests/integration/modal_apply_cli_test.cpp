// `hf2ms apply --executor modal [--detach]` end to end: the real binary, the fake `modal` CLI
// and the stand-in app whose workers run the real `hf2ms transfer` (modal_support.hpp).
#include "hubsim/store.hpp"
#include "integration/modal_support.hpp"

#include <gtest/gtest.h>

namespace hf2ms::testing {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

using ModalApplyCli = ModalTest;

TEST_F(ModalApplyCli, ApplyOnModalConvergesAndReportsLikeLocal) {
  const std::string manifest = write_manifest();  // [executor] kind = "modal": the default here
  const CliRun r = hf2ms({"apply", "--auto-approve", "-f", manifest});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "ms:acme/dst-model")) << r.out;
  ASSERT_EQ(modal_calls().size(), 1u);
  const CliRun again = hf2ms({"plan", "--detailed-exitcode", "-f", manifest});
  EXPECT_EQ(again.exit_code, 0) << again.out;
}

TEST_F(ModalApplyCli, ModalFailureMakesApplyFail) {
  set("FAKE_MODAL_MODE", "canned");
  set("FAKE_MODAL_EXIT", "1");
  const CliRun r =
      hf2ms({"apply", "--executor", "modal", "--auto-approve", "-f", write_manifest()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
}

TEST_F(ModalApplyCli, DetachPrintsHowToFollowTheRun) {
  const std::string manifest = write_manifest();
  const CliRun r =
      hf2ms({"apply", "--executor", "modal", "--detach", "--auto-approve", "-f", manifest});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "modal app logs ap-stub -f")) << r.out;
  EXPECT_TRUE(contains(r.out, "modal app stop ap-stub -y")) << r.out;
  EXPECT_TRUE(contains(r.out, "hf2ms plan -f " + manifest)) << r.out;
  EXPECT_TRUE(contains(r.out, "hf2ms_modal.py::status --app-id ap-stub")) << r.out;
  const auto argv = modal_calls().at(0)["argv"].get<std::vector<std::string>>();
  EXPECT_EQ(argv.back(), "--detach");
}

TEST_F(ModalApplyCli, MissingModalCliIsRefusedBeforeAnyWrite) {
  set("PATH", "/usr/bin:/bin");
  const CliRun r =
      hf2ms({"apply", "--executor", "modal", "--auto-approve", "-f", write_manifest()});
  EXPECT_EQ(r.exit_code, 1);
  const hubsim::RepoKey target{hubsim::Hub::ms, hubsim::RepoType::model, "acme/dst-model"};
  EXPECT_FALSE(target_.store().resolve(target, "HEAD").has_value()) << "no repo was created";
}

}  // namespace
}  // namespace hf2ms::testing
