// `hf2ms apply` with `refs` end to end, the real binary against the strict simulator: the
// default branch plus two tags mirrored HF → ModelScope and ModelScope → HF, each target tag
// at a commit whose tree is the source tag's, the default branch back at the source's tree,
// and a re-plan with no changes; then a moved source tag is reported and left alone, and
// `retag = true` moves the Hugging Face target tag.
#include "apply_cli_support.hpp"

#include <map>

namespace hf2ms::testing {
namespace {

constexpr const char* k_apply = "apply --executor local --auto-approve --parallelism 4";

constexpr const char* k_users = R"({"users":[{"name":"user","orgs":["acme"],
  "tokens":[{"value":"hf_user_write_token","hub":"hf","role":"write"},
            {"value":"ms_user_write_token","hub":"ms","role":"write"}]}]})";

// The same repo on both hubs: two release tags with their own trees (v1 lacks b.txt and has
// old.txt; v2 has another weights file), then the head.
std::string repo_seed(const std::string& hub, const std::string& id) {
  return R"({"hub":")" + hub + R"(","id":")" + id + R"(","files":[
      {"path":"README.md","content":"# model\n"},
      {"path":"a.txt","content":"head a\n"},
      {"path":"b.txt","content":"head b\n"},
      {"path":"weights.bin","size":300000,"lfs":true}],
    "tags":[
      {"name":"v1","files":[{"path":"README.md","content":"# model\n"},
                            {"path":"a.txt","content":"v1 a\n"},
                            {"path":"old.txt","content":"only in v1\n"},
                            {"path":"weights.bin","size":200000,"lfs":true}]},
      {"name":"v2","files":[{"path":"README.md","content":"# model\n"},
                            {"path":"a.txt","content":"head a\n"},
                            {"path":"b.txt","content":"head b\n"},
                            {"path":"weights.bin","size":250000,"lfs":true}]}]})";
}

constexpr const char* k_manifest = R"(version = 1
[executor]
kind = "local"

[[mirror]]
source = "hf:org/model"
target = "ms:acme/model"
refs = ["v*"]

[[mirror]]
source = "ms:damo/model"
target = "hf:acme/model"
refs = ["v*"]
)";

using Tree = std::map<std::string, std::string>;  // path → sha256

class ApplyRefs : public ApplyCliTest {
 protected:
  void configure(hubsim::SimulatorOptions& options) override {
    options.users_file = temp_dir().path() + "/users.json";
    ASSERT_TRUE(write_file_atomic(options.users_file, k_users));
  }

  void SetUp() override {
    ApplyCliTest::SetUp();
    seed(R"({"repos":[)" + repo_seed("hf", "org/model") + "," + repo_seed("ms", "damo/model") +
         "]}");
  }

  static hubsim::RepoKey key(hubsim::Hub hub, const std::string& id) {
    return {hub, hubsim::RepoType::model, id};
  }

  // The tree at `rev` (.gitattributes left out: the filters exclude it and a new HF repo
  // starts with its own).
  Tree tree(const hubsim::RepoKey& k, const std::string& rev) {
    Tree out;
    const auto commit = sim().store().resolve(k, rev);
    EXPECT_TRUE(commit.has_value()) << k.id << "@" << rev;
    if (commit) {
      for (const auto& [path, entry] : (*commit)->files) {
        if (path != ".gitattributes") {
          out[path] = entry.sha256;
        }
      }
    }
    return out;
  }

  std::map<std::string, std::string> tags(const hubsim::RepoKey& k) {
    const auto repo = sim().store().find_repo(k);
    return repo ? repo->tags : std::map<std::string, std::string>{};
  }

  void expect_mirrored(const hubsim::RepoKey& source, const hubsim::RepoKey& target) {
    const auto src_tags = tags(source);
    const auto dst_tags = tags(target);
    ASSERT_EQ(src_tags.size(), 2U);
    ASSERT_EQ(dst_tags.size(), 2U) << target.id;
    for (const auto& [name, oid] : src_tags) {
      ASSERT_EQ(dst_tags.count(name), 1U) << target.id << " lacks tag " << name;
      EXPECT_EQ(tree(target, name), tree(source, name)) << target.id << " tag " << name;
    }
    EXPECT_EQ(tree(target, "HEAD"), tree(source, "HEAD")) << target.id << " default branch";
  }

  ApplyRun converge(const std::string& manifest) {
    const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + manifest);
    EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    const ApplyRun again = hf2ms("plan --detailed-exitcode -f " + manifest);
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    return applied;
  }

  // Points source tag `name` at the commit before its own.
  void move_tag(const hubsim::RepoKey& k, const std::string& name) {
    const auto at = sim().store().resolve(k, name);
    ASSERT_TRUE(at && !(*at)->parent.empty());
    ASSERT_TRUE(sim().store().delete_tag(k, name));
    ASSERT_TRUE(sim().store().create_tag(k, name, (*at)->parent));
  }
};

TEST_F(ApplyRefs, MirrorsTheDefaultBranchAndTwoTagsBothWaysAndConverges) {
  const std::string manifest = write("hf2ms.toml", k_manifest);
  const ApplyRun shown = hf2ms("plan -f " + manifest);
  EXPECT_NE(shown.out.find("    ~ tag v1  create (commit to master, then tag)"), std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("    ~ master back after tag v1  restore"), std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("    ~ tag v2  create (commit to main, then tag)"), std::string::npos)
      << shown.out;
  converge(manifest);
  expect_mirrored(key(hubsim::Hub::hf, "org/model"), key(hubsim::Hub::ms, "acme/model"));
  expect_mirrored(key(hubsim::Hub::ms, "damo/model"), key(hubsim::Hub::hf, "acme/model"));
  // A second apply has nothing to do and writes nothing.
  sim().log().clear();
  const ApplyRun noop = hf2ms(std::string(k_apply) + " -f " + manifest);
  EXPECT_EQ(noop.exit_code, 0) << noop.err;
  EXPECT_EQ(count_writes(), 0U);
}

TEST_F(ApplyRefs, AMovedSourceTagIsReportedAndRetagMovesIt) {
  const std::string manifest = write("hf2ms.toml", k_manifest);
  converge(manifest);
  const auto hf_target = key(hubsim::Hub::hf, "acme/model");
  const auto ms_target = key(hubsim::Hub::ms, "acme/model");
  const std::string ms_v2 = tags(ms_target).at("v2");
  const std::string hf_v2 = tags(hf_target).at("v2");
  move_tag(key(hubsim::Hub::hf, "org/model"), "v2");
  move_tag(key(hubsim::Hub::ms, "damo/model"), "v2");

  const ApplyRun plan = hf2ms("plan --detailed-exitcode -f " + manifest);
  EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("x tag v2  error: the source tag moved"), std::string::npos) << plan.out;
  EXPECT_NE(plan.err.find("retag = true"), std::string::npos) << plan.err;
  const ApplyRun refused = hf2ms(std::string(k_apply) + " -f " + manifest);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_EQ(tags(ms_target).at("v2"), ms_v2) << "a mirrored tag is never silently rewritten";
  EXPECT_EQ(tags(hf_target).at("v2"), hf_v2);

  // retag = true moves the Hugging Face target's tag; ModelScope has no call to delete one,
  // so that mirror's tag would stay reported: the retag manifest has the HF target only.
  const std::string retag_manifest = write("retag.toml", R"(version = 1
[executor]
kind = "local"

[[mirror]]
source = "ms:damo/model"
target = "hf:acme/model"
refs = ["v*"]
retag = true
)");
  const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + retag_manifest);
  EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(tags(hf_target).at("v2"), hf_v2);
  EXPECT_EQ(tree(hf_target, "v2"), tree(key(hubsim::Hub::ms, "damo/model"), "v2"));
  EXPECT_EQ(tree(hf_target, "HEAD"), tree(key(hubsim::Hub::ms, "damo/model"), "HEAD"));
  const ApplyRun again = hf2ms("plan --detailed-exitcode -f " + retag_manifest);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

}  // namespace
}  // namespace hf2ms::testing
