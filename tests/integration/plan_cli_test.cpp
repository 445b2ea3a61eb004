// End-to-end `hf2ms plan` and `hf2ms show`: the real binary against the in-process simulator
// seeded with the repos the example manifests name. Checks the detailed exit codes (0 when
// converged, 2 with changes, 1 on errors), that the git-oid cache saves refetching, the
// -o / show round trip, rejection of stale or malformed plan files, and that --json output
// validates against schemas/plan.schema.json.
#include "hubsim/store.hpp"
#include "integration/plan_cli_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace hf2ms::testing {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Makes `target` (on ModelScope) an exact copy of the HF model `source` at its head.
void mirror_by_hand(hubsim::Store& store, const std::string& source, const std::string& target) {
  const hubsim::RepoKey src{hubsim::Hub::hf, hubsim::RepoType::model, source};
  auto head = store.resolve(src, "HEAD");
  ASSERT_TRUE(head);
  hubsim::RepoMeta meta;
  meta.key = {hubsim::Hub::ms, hubsim::RepoType::model, target};
  meta.default_branch = "master";
  ASSERT_TRUE(store.create_repo(meta, (*head)->files, "user", "mirror"));
}

std::size_t hf_downloads(hubsim::Simulator& sim) {
  std::size_t n = 0;
  for (const auto& e : sim.log().entries()) {
    if (e.listener == hubsim::Listener::hf && contains(e.path, "/resolve/")) {
      ++n;
    }
  }
  return n;
}

struct ExampleCase {
  const char* file;
  const char* expect_in_plan;
};

TEST_F(PlanCliTest, EveryExampleRunsAgainstTheSimulatorAndReportsChanges) {
  const ExampleCase cases[] = {
      {"single-model.toml", "+ ms:acme/Qwen2.5-0.5B-Instruct (model)  create, public"},
      {"dataset.toml", "+ data/train/part-0.parquet"},
      {"filters-and-prune.toml", "+ ms:acme/llm-7b-eval (dataset)"},
      {"org-wide.toml", "+ ms:acme-mirror/web-corpus (dataset)"},
      {"space-as-model.toml", "+ ms:acme/chat-demo-files (model)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const CliRun r = hf2ms("plan --detailed-exitcode -f " + example(c.file));
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(contains(r.out, c.expect_in_plan)) << r.out;
    EXPECT_TRUE(contains(r.out, "\nPlan: ")) << r.out;
  }
}

TEST_F(PlanCliTest, ModelScopeToHfExampleRewritesTheReadmeLicence) {
  // The example pins the public ModelScope endpoint; the test points it at the simulator.
  auto text = read_file(example("ms-to-hf.toml"));
  ASSERT_TRUE(text);
  const auto at = text->find("endpoint = \"https://www.modelscope.cn\"\n");
  ASSERT_NE(at, std::string::npos);
  text->erase(at, std::string("endpoint = \"https://www.modelscope.cn\"\n").size());
  const CliRun r = hf2ms("plan --detailed-exitcode --json -f " + write("ms-to-hf.toml", *text));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.out, "\"transform\": \"hf-readme-license\"")) << r.out;
  EXPECT_TRUE(contains(r.out, "license: other")) << r.out;
}

TEST_F(PlanCliTest, ConvergedMirrorExitsZeroAndCacheAvoidsRefetching) {
  mirror_by_hand(sim().store(), "Qwen/Qwen2.5-0.5B-Instruct", "acme/Qwen2.5-0.5B-Instruct");
  const std::string cmd = "plan --detailed-exitcode -f " + example("single-model.toml");
  const CliRun first = hf2ms(cmd);
  EXPECT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_TRUE(contains(first.out, "= ms:acme/Qwen2.5-0.5B-Instruct (model)  up to date"))
      << first.out;
  const std::size_t fetched = hf_downloads(sim());
  EXPECT_EQ(fetched, 4U);  // config.json, LICENSE, merges.txt, README.md: listed by git oid only
  const CliRun second = hf2ms(cmd);
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(hf_downloads(sim()), fetched);  // every SHA-256 came from the cache
  EXPECT_EQ(second.out, first.out);
}

TEST_F(PlanCliTest, ChangedTargetFileExitsTwoWithReason) {
  mirror_by_hand(sim().store(), "Qwen/Qwen2.5-0.5B-Instruct", "acme/Qwen2.5-0.5B-Instruct");
  auto& store = sim().store();
  auto blob = store.put_blob("{\"hidden_size\": 999}\n");  // same size, other bytes
  ASSERT_TRUE(blob);
  auto entry = store.make_entry(*blob, hubsim::Storage::regular);
  ASSERT_TRUE(entry);
  hubsim::CommitRequest edit;
  edit.branch = "master";
  edit.title = "drift";
  edit.author = "user";
  edit.ops.push_back({hubsim::FileOp::Kind::put, "config.json", *entry});
  ASSERT_TRUE(
      store.commit({hubsim::Hub::ms, hubsim::RepoType::model, "acme/Qwen2.5-0.5B-Instruct"}, edit));
  const CliRun r = hf2ms("plan --detailed-exitcode -f " + example("single-model.toml"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.out, "~ config.json")) << r.out;
  EXPECT_TRUE(contains(r.out, "sha256 differs")) << r.out;
}

TEST_F(PlanCliTest, InaccessibleSourceExitsOneWithTheReason) {
  ASSERT_TRUE(hubsim::apply_seed_spec(
      sim().store(), R"({"repos":[{"hub":"hf","id":"stranger/secret","private":true,"files":[]}]})",
      "."));
  const std::string manifest = write("secret.toml", R"(version = 1
[[mirror]]
source = "hf:stranger/secret"
target = "ms:acme/secret"
[[mirror]]
source = "hf:acme/llm-7b"
target = "ms:acme/llm-7b"
)");
  for (const char* flags : {"", "--detailed-exitcode"}) {
    const CliRun r =
        hf2ms(std::string("plan ") + flags + " -o " + temp_dir().path() + "/p.json -f " + manifest);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.err, "hf:stranger/secret (revision HEAD) not found, or private"))
        << r.err;
    EXPECT_TRUE(contains(r.out, "+ ms:acme/llm-7b (model)")) << r.out;  // the others go on
    EXPECT_FALSE(std::filesystem::exists(temp_dir().path() + "/p.json"));
  }
}

TEST_F(PlanCliTest, InvalidManifestContactsNoHub) {
  sim().log().clear();
  const CliRun r = hf2ms("plan -f " + write("bad.toml", "version = 1\n[[mirror]]\nsource = 3\n"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "bad.toml:3:")) << r.err;
  EXPECT_TRUE(sim().log().entries().empty());
}

TEST_F(PlanCliTest, SavedPlanShowsTheSameAndJsonIsTheFile) {
  const std::string saved = temp_dir().path() + "/plan.json";
  const CliRun plan = hf2ms("plan -o " + saved + " -f " + example("filters-and-prune.toml"));
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const CliRun shown = hf2ms("show " + saved);
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.out, plan.out);
  const CliRun json = hf2ms("show --json " + saved);
  EXPECT_EQ(json.out, read_file(saved).value_or("?"));
  const CliRun md = hf2ms("show --markdown " + saved);
  EXPECT_EQ(md.exit_code, 0);
  EXPECT_NE(md.out, plan.out);
}

TEST_F(PlanCliTest, TargetAndExcludeSelectMirrors) {
  const CliRun only = hf2ms("plan --target 'ms:acme-mirror/web-*' -f " + example("org-wide.toml"));
  EXPECT_EQ(only.exit_code, 0) << only.err;
  EXPECT_TRUE(contains(only.out, "ms:acme-mirror/web-corpus")) << only.out;
  EXPECT_FALSE(contains(only.out, "ms:acme-mirror/llm-7b")) << only.out;
  const CliRun rest = hf2ms("plan --exclude 'web-*' -f " + example("org-wide.toml"));
  EXPECT_TRUE(contains(rest.out, "ms:acme-mirror/llm-7b ")) << rest.out;
  EXPECT_FALSE(contains(rest.out, "web-corpus")) << rest.out;
}

TEST_F(PlanCliTest, ShowRejectsStaleAndMalformedPlans) {
  const std::string saved = temp_dir().path() + "/plan.json";
  ASSERT_EQ(hf2ms("plan -o " + saved + " -f " + example("single-model.toml")).exit_code, 0);
  std::string text = read_file(saved).value_or("");
  const auto at = text.find("\"format_version\": 2");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 19, "\"format_version\": 99");
  const CliRun stale = hf2ms("show " + write("stale.json", text));
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_TRUE(contains(stale.err, "format_version")) << stale.err;
  EXPECT_TRUE(contains(stale.err, "stale.json is not a plan this version of hf2ms can read"));
  EXPECT_TRUE(stale.out.empty());
  const CliRun broken = hf2ms("show " + write("broken.json", "{\"format_version\": 1,"));
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_TRUE(contains(broken.err, "broken.json")) << broken.err;
  EXPECT_EQ(hf2ms("show " + temp_dir().path() + "/missing.json").exit_code, 1);
}

TEST_F(PlanCliTest, JsonOutputValidatesAgainstThePlanSchema) {
  const std::string node_modules =
      std::string(HF2MS_SOURCE_DIR) + "/tests/conformance/node_modules/ajv";
  if (std::system("node --version >/dev/null 2>&1") != 0 ||
      !std::filesystem::exists(node_modules)) {
    GTEST_SKIP() << "node or the conformance npm packages are missing";
  }
  std::string files;
  for (const char* name : {"single-model.toml", "dataset.toml", "filters-and-prune.toml",
                           "org-wide.toml", "space-as-model.toml"}) {
    const CliRun r = hf2ms(std::string("plan --json -f ") + example(name));
    ASSERT_EQ(r.exit_code, 0) << name << r.err;
    files += " " + write(std::string(name) + ".json", r.out);
  }
  const std::string check = "node " + std::string(HF2MS_SOURCE_DIR) +
                            "/tests/integration/plan_schema_validate.mjs " + HF2MS_SOURCE_DIR +
                            files;
  EXPECT_EQ(std::system(check.c_str()), 0) << check;
}

}  // namespace
}  // namespace hf2ms::testing
