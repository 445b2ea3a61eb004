// The trust boundary end to end (docs/security.md): the real hf2ms binary against the
// in-process simulator, with the attack as the input. A pull request controls the manifest
// and can influence the saved plan, so: a manifest endpoint that was not allowed from outside
// is refused before anything is contacted; a plan names the endpoints it talked to; and
// `apply PLAN` refuses a plan made against other endpoints, for another manifest, without a
// manifest, or edited to do more than the manifest allows, all before any write.
#include "apply_cli_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

namespace hf2ms::testing {
namespace {

std::string demo(const std::string& name) {
  return std::string(HF2MS_SOURCE_DIR) + "/examples/demo/" + name;
}

constexpr const char* k_users = R"({"users":[{"name":"user","orgs":["acme","acme-mirror"],
  "tokens":[{"value":"hf_user_write_token","hub":"hf","role":"write"},
            {"value":"ms_user_write_token","hub":"ms","role":"write"}]}]})";

class TrustCli : public ApplyCliTest {
 protected:
  void configure(hubsim::SimulatorOptions& options) override {
    options.users_file = temp_dir().path() + "/users.json";
    ASSERT_TRUE(write_file_atomic(options.users_file, k_users));
  }
  void SetUp() override {
    ApplyCliTest::SetUp();
    ::unsetenv("HF2MS_ALLOW_ENDPOINTS");
    seed(read_file(demo("seed.json")).value_or(""));
    manifest_ = write("hf2ms.toml", read_file(demo("hf2ms.toml")).value_or(""));
    plan_ = temp_dir().path() + "/plan.json";
  }

  // A saved plan of the demo manifest, and the simulator's log cleared after it.
  void save_plan() {
    const ApplyRun planned = hf2ms("plan -f " + manifest_ + " -o " + plan_);
    ASSERT_EQ(planned.exit_code, 0) << planned.out << planned.err;
    sim().log().clear();
  }

  ApplyRun apply_plan() { return hf2ms("apply --executor local -f " + manifest_ + " " + plan_); }

  void edit_plan(const std::string& from, const std::string& to) {
    std::string text = read_file(plan_).value_or("");
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    ASSERT_TRUE(write_file_atomic(plan_, text));
  }

  std::string manifest_;
  std::string plan_;
};

TEST_F(TrustCli, PlanRefusesAManifestEndpointThatWasNotAllowed) {
  manifest_ = write("evil.toml",
                    "version = 1\n[hubs.hf]\nendpoint = \"https://collector.evil.example\"\n"
                    "[[mirror]]\nsource = \"hf:tinyllama/tiny-chat\"\ntarget = \"ms:acme/x\"\n");
  sim().log().clear();
  const ApplyRun r = hf2ms("plan -f " + manifest_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("hf endpoint 'https://collector.evil.example' (from [hubs.hf] endpoint) "
                       "is not https://huggingface.co"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("HF2MS_ALLOW_ENDPOINTS=https://collector.evil.example"), std::string::npos);
  EXPECT_TRUE(sim().log().entries().empty()) << "nothing may be contacted, not even the other hub";
}

TEST_F(TrustCli, PlanRefusesARemotePlainHttpEndpointFromTheEnvironment) {
  ::setenv("MODELSCOPE_ENDPOINT", "http://ms.example", 1);
  sim().log().clear();
  const ApplyRun r = hf2ms("plan -f " + manifest_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("(from MODELSCOPE_ENDPOINT) is not usable: plain http:// to a remote host"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(sim().log().entries().empty());
}

TEST_F(TrustCli, PlanOutputNamesTheEndpointsItTalkedTo) {
  const ApplyRun human = hf2ms("plan -f " + manifest_);
  ASSERT_EQ(human.exit_code, 0) << human.err;
  const std::string line = "Endpoints: hf " + urls().hf_url + ", ms " + urls().ms_url + "\n";
  EXPECT_NE(human.out.find(line), std::string::npos) << human.out;
  const ApplyRun markdown = hf2ms("plan --markdown -f " + manifest_);
  EXPECT_NE(markdown.out.find("Endpoints: hf `" + urls().hf_url + "`"), std::string::npos)
      << markdown.out;
  const ApplyRun json = hf2ms("plan --json -f " + manifest_);
  EXPECT_NE(json.out.find("\"hf\": \"" + urls().hf_url + "\""), std::string::npos) << json.out;
}

TEST_F(TrustCli, ApplyRefusesAPlanMadeAgainstOtherEndpoints) {
  save_plan();
  ::setenv("HF_ENDPOINT", "http://127.0.0.1:9", 1);  // another simulator, or another hub
  const ApplyRun r = apply_plan();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the plan was made against hf " + urls().hf_url), std::string::npos)
      << r.err;
  EXPECT_EQ(count_writes(), 0U);
}

TEST_F(TrustCli, ApplyRefusesAPlanOfAnotherManifest) {
  save_plan();
  ASSERT_TRUE(write_file_atomic(manifest_, read_file(manifest_).value_or("") + "# edited\n"));
  const ApplyRun r = apply_plan();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the plan was made from another manifest"), std::string::npos) << r.err;
  EXPECT_EQ(count_writes(), 0U);
}

TEST_F(TrustCli, ApplyOfASavedPlanNeedsItsManifest) {
  save_plan();
  const std::string empty_dir = temp_dir().path() + "/elsewhere";
  std::filesystem::create_directories(empty_dir);
  const std::string err = temp_dir().path() + "/err.txt";
  const int status = std::system(("cd " + empty_dir + " && " + binary() +
                                  " apply --executor local " + plan_ + " >/dev/null 2>" + err)
                                     .c_str());
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(read_file(err).value_or("").find("needs the manifest it was made from"),
            std::string::npos);
  EXPECT_EQ(count_writes(), 0U);
}

// The attack: the saved plan (a CI artifact) is edited to write a repo the manifest never named.
TEST_F(TrustCli, ApplyRefusesAPlanEditedToWriteAnotherRepo) {
  save_plan();
  edit_plan("\"repo_id\": \"acme/tiny-chat\"", "\"repo_id\": \"acme/victim\"");
  const ApplyRun r = apply_plan();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("target is not the manifest's ms:acme/tiny-chat"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("refusing to apply"), std::string::npos);
  EXPECT_EQ(count_writes(), 0U);
  EXPECT_TRUE(sim().log().entries().empty()) << "refused before any request";
}

TEST_F(TrustCli, ApplyRefusesAPlanEditedToCommitElsewhere) {
  save_plan();
  edit_plan("\"branch\": \"master\"", "\"branch\": \"release\"");
  const ApplyRun r = apply_plan();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("commits to branch 'release', not 'master'"), std::string::npos) << r.err;
  EXPECT_EQ(count_writes(), 0U);
}

TEST_F(TrustCli, TheUneditedPlanStillApplies) {
  save_plan();
  const ApplyRun r = apply_plan();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_GT(count_writes(), 0U);
}

}  // namespace
}  // namespace hf2ms::testing
