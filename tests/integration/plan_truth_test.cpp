// Plans that say only what is true (issue #19): a target that cannot be seen without a usable
// token is an error, not a create; the headline says when mirrors failed; selectors that match
// nothing are errors; the README licence rewrite shows in the human and Markdown plans; the
// output path and the endpoints are checked before any hub is read.
#include "integration/plan_cli_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace hf2ms::testing {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Sets (or, with nullopt, unsets) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) {
      old_ = old;
    }
    value ? ::setenv(name, value->c_str(), 1) : ::unsetenv(name);
  }
  ~ScopedEnv() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class PlanTruth : public PlanCliTest {
 protected:
  void seed_private_targets() {
    ASSERT_TRUE(hubsim::apply_seed_spec(sim().store(), R"({"repos":[
      {"hub":"ms","id":"acme/tiny-chat","private":true,"files":[{"path":"a.txt","content":"a"}]},
      {"hub":"hf","id":"acme/tiny-chat","private":true,"files":[{"path":"a.txt","content":"a"}]}
    ]})",
                                        "."));
  }
  std::string manifest_to(const std::string& target) {
    return write("to.toml", "version = 1\n[[mirror]]\nsource = \"hf:acme/llm-7b\"\ntarget = \"" +
                                target + "\"\nvisibility = \"private\"\n");
  }
};

TEST_F(PlanTruth, WithoutATargetTokenAPrivateTargetIsAnErrorNotACreate) {
  seed_private_targets();
  const std::string manifest = manifest_to("ms:acme/tiny-chat");
  const ScopedEnv no_token("MODELSCOPE_TOKEN", std::nullopt);
  for (const char* flags : {"", "--detailed-exitcode"}) {
    const CliRun r = hf2ms(std::string("plan ") + flags + " -f " + manifest);
    EXPECT_EQ(r.exit_code, 1) << flags << r.out << r.err;
    EXPECT_FALSE(contains(r.out, "create, private")) << r.out;
    EXPECT_TRUE(contains(r.out, "cannot tell whether target ms:acme/tiny-chat exists")) << r.out;
    EXPECT_TRUE(contains(r.out, "MODELSCOPE_TOKEN is not set")) << r.out;
  }
}

TEST_F(PlanTruth, WithARejectedTargetTokenNothingIsPlannedAsCreate) {
  seed_private_targets();
  for (const auto& [variable, target] : {std::pair{"MODELSCOPE_TOKEN", "ms:acme/tiny-chat"},
                                         std::pair{"HF_TOKEN", "hf:acme/tiny-chat"}}) {
    const std::string manifest = manifest_to(target);
    const ScopedEnv bad_token(variable, std::string("bogus_token_value"));
    const CliRun r = hf2ms("plan --detailed-exitcode -f " + manifest);
    EXPECT_EQ(r.exit_code, 1) << target << r.out << r.err;
    EXPECT_FALSE(contains(r.out, "create, private")) << r.out;
  }
}

TEST_F(PlanTruth, HfTargetWithoutATokenIsAnErrorToo) {
  seed_private_targets();
  const std::string manifest = manifest_to("hf:acme/tiny-chat");
  const ScopedEnv no_token("HF_TOKEN", std::nullopt);
  const CliRun r = hf2ms("plan -f " + manifest);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "HF_TOKEN is not set")) << r.out;
}

TEST_F(PlanTruth, WhenEveryMirrorFailsTheHeadlineSaysSo) {
  const std::string manifest = write("gone.toml", R"(version = 1
[[mirror]]
source = "hf:nobody/gone"
target = "ms:acme/gone"
[[mirror]]
source = "hf:nobody/missing"
target = "ms:acme/missing"
)");
  const CliRun human = hf2ms("plan -f " + manifest);
  EXPECT_EQ(human.exit_code, 1);
  EXPECT_EQ(human.out.rfind("No plan: all 2 mirrors failed (see the errors below).\n", 0), 0U)
      << human.out;
  EXPECT_FALSE(contains(human.out, "No changes")) << human.out;
  const CliRun md = hf2ms("plan --markdown -f " + manifest);
  EXPECT_TRUE(contains(md.out, "No plan: all 2 mirrors failed")) << md.out;
  const CliRun json = hf2ms("plan --json -f " + manifest);
  EXPECT_TRUE(contains(json.out, "\"mirrors_failed\": 2")) << json.out;
}

TEST_F(PlanTruth, SelectorsThatMatchNothingAreErrors) {
  const std::string manifest = example("single-model.toml");
  for (const char* flags : {"", "--detailed-exitcode "}) {
    const CliRun r = hf2ms(std::string("plan ") + flags + "--target nomatch -f " + manifest);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_TRUE(contains(r.err, "hf2ms: --target `nomatch` matched no mirror of the manifest\n"))
        << r.err;
  }
  const CliRun excluded = hf2ms("plan --exclude '*' -f " + manifest);
  EXPECT_EQ(excluded.exit_code, 1);
  EXPECT_TRUE(contains(excluded.err, "--exclude left no mirror to plan")) << excluded.err;

  sim().log().clear();
  const CliRun no_hub = hf2ms("plan --target acme/Qwen2.5-0.5B-Instruct -f " + manifest);
  EXPECT_EQ(no_hub.exit_code, 1);
  EXPECT_EQ(no_hub.err,
            "hf2ms: --target `acme/Qwen2.5-0.5B-Instruct` names no hub, so it matches no target "
            "(targets are written hub:namespace/name); did you mean "
            "`ms:acme/Qwen2.5-0.5B-Instruct`?\nhf2ms: nothing was contacted\n");
  EXPECT_TRUE(sim().log().entries().empty());
}

TEST_F(PlanTruth, ReadmeLicenceRewriteShowsInHumanAndMarkdownPlans) {
  auto text = read_file(example("ms-to-hf.toml"));
  ASSERT_TRUE(text);
  const std::string pinned = "endpoint = \"https://www.modelscope.cn\"\n";
  const auto at = text->find(pinned);
  ASSERT_NE(at, std::string::npos);
  text->erase(at, pinned.size());
  const std::string manifest = write("ms-to-hf.toml", *text);
  const std::string change =
      "README license rewritten for Hugging Face: \"Apache License 2.0\" "
      "→ \"other\"";
  const CliRun human = hf2ms("plan -f " + manifest);
  EXPECT_TRUE(contains(human.out, "+ README.md")) << human.out;
  EXPECT_TRUE(contains(human.out, change)) << human.out;
  const CliRun md = hf2ms("plan --markdown -f " + manifest);
  // The Markdown view escapes what a hub wrote; GitHub renders &quot; as a quote.
  EXPECT_TRUE(contains(md.out,
                       "README license rewritten for Hugging Face: &quot;Apache License 2.0&quot; "
                       "→ &quot;other&quot;"))
      << md.out;
}

TEST_F(PlanTruth, TheOutputPathIsCheckedBeforeAnyHubIsRead) {
  sim().log().clear();
  const std::string missing = temp_dir().path() + "/no/such/folder/plan.json";
  const CliRun r = hf2ms("plan -o " + missing + " -f " + example("single-model.toml"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "cannot save the plan to " + missing + ": the folder " +
                                  temp_dir().path() + "/no/such/folder does not exist"))
      << r.err;
  EXPECT_FALSE(contains(r.err, ".tmp.")) << r.err;
  EXPECT_TRUE(sim().log().entries().empty());
}

TEST_F(PlanTruth, AnUnusableEndpointNamesTheVariableItCameFrom) {
  const ScopedEnv bad("MODELSCOPE_ENDPOINT", std::string("not-a-url"));
  const CliRun r = hf2ms("plan -f " + example("single-model.toml"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err,
                       "hf2ms: ms endpoint 'not-a-url' (from MODELSCOPE_ENDPOINT) is not usable: "
                       "not an http:// or https:// URL"))
      << r.err;
  EXPECT_FALSE(contains(r.err, "invalid_input")) << r.err;
}

}  // namespace
}  // namespace hf2ms::testing
