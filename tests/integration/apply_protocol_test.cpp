// Issue #13 item 6 end to end: `hf2ms plan` and `hf2ms apply` (the real binary) against the
// strict in-process simulator, one point each: ModelScope's envelope variants
// (--ms-envelope without-code, --ms-batch-envelope bare) and blob hrefs on the pre-lfs.
// sibling; internal (visibility 3) sources stay private; ModelScope creates carry only a
// mapped source licence; a path the HF target's .gitignore excludes is skipped and reported;
// `visibility` goes on the HF create and nowhere else.
#include "apply_cli_support.hpp"
#include "util/text.hpp"

namespace hf2ms::testing {
namespace {

constexpr const char* k_apply = "apply --executor local --auto-approve --parallelism 2";

// An HF and a ModelScope source with inline and LFS files, and a manifest mirroring each to the
// other hub.
constexpr const char* k_hf_source = R"({"hub":"hf","id":"acme/hf-src","files":[
   {"path":"README.md","content":"# from hf\n"},
   {"path":"config.json","content":"{\"a\":1}\n"},
   {"path":"model.safetensors","size":300000,"lfs":true}]})";
constexpr const char* k_ms_source = R"({"hub":"ms","id":"acme/ms-src","files":[
   {"path":"README.md","content":"# from ms\n"},
   {"path":"weights.bin","size":250000,"lfs":true},
   {"path":"notes.txt","content":"n\n"}]})";

std::string seed_of(const std::string& repos) { return R"({"repos":[)" + repos + "]}"; }
const std::string k_seed = seed_of(std::string(k_hf_source) + "," + k_ms_source);

constexpr const char* k_both_ways = R"(version = 1
[[mirror]]
source = "hf:acme/hf-src"
target = "ms:acme/hf-src-copy"
[[mirror]]
source = "ms:acme/ms-src"
target = "hf:acme/ms-src-copy"
)";

hubsim::RepoKey key(manifest::Hub hub, const std::string& id) {
  return {hub, manifest::RepoType::model, id};
}

// The variant of the simulator a test runs against (docs/hubsim-modelscope.md).
struct Variant {
  const char* name;
  hubsim::MsSuccessEnvelope success = hubsim::MsSuccessEnvelope::full;
  hubsim::MsBatchEnvelope batch = hubsim::MsBatchEnvelope::enveloped;
  const char* lfs_prefix = "lfs.";
};

class ApplyProtocol : public ApplyCliTest, public ::testing::WithParamInterface<Variant> {
 protected:
  void configure(hubsim::SimulatorOptions& options) override {
    options.sim.ms_limits.success_envelope = GetParam().success;
    options.sim.ms_limits.batch_envelope = GetParam().batch;
    options.sim.ms_limits.lfs_prefix = GetParam().lfs_prefix;
  }
};

// The plan reads both hubs in the variant, the apply writes both, and a second plan finds
// nothing left to do.
TEST_P(ApplyProtocol, PlanAndApplyConvergeInEachModelScopeVariant) {
  // The HF side on a simulator of its own: one simulator's blob store is shared by all its
  // repos, so a ModelScope target beside the HF source would already hold every blob and no
  // upload would go out.
  TempDir hf_dir;
  hubsim::Simulator hf_side;
  ASSERT_TRUE(hf_side.start(default_hubsim_options(hf_dir)).has_value());
  ASSERT_TRUE(
      hubsim::apply_seed_spec(hf_side.store(), seed_of(k_hf_source), hf_dir.path()).has_value());
  ::setenv("HF_ENDPOINT", hf_side.addresses().hf_url.c_str(), 1);
  seed(seed_of(k_ms_source));
  const std::string manifest = write("hf2ms.toml", k_both_ways);
  const ApplyRun plan = hf2ms("plan --detailed-exitcode -f " + manifest);
  ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;
  const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + manifest);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(applied.out.find("2 mirrors applied"), std::string::npos) << applied.out;
  const ApplyRun again = hf2ms("plan --detailed-exitcode -f " + manifest);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  // The ModelScope blob went up to the announced sibling host, with the credential.
  bool put_seen = false;
  for (const hubsim::LoggedRequest& r : sim().log().entries()) {
    if (r.method != "PUT" || r.listener != hubsim::Listener::ms) {
      continue;
    }
    put_seen = true;
    bool host_ok = false;
    bool cookie = false;
    for (const auto& [name, value] : r.headers) {
      host_ok = host_ok ||
                (iequals_ascii(name, "Host") &&
                 value.starts_with(std::string(GetParam().lfs_prefix) + "modelscope.localhost:"));
      cookie = cookie || (iequals_ascii(name, "Cookie") && value.find("m_session_id=") == 0);
    }
    EXPECT_TRUE(host_ok) << r.path;
    EXPECT_TRUE(cookie) << r.path;
  }
  EXPECT_TRUE(put_seen);
}

INSTANTIATE_TEST_SUITE_P(
    Variants, ApplyProtocol,
    ::testing::Values(Variant{"Full", hubsim::MsSuccessEnvelope::full,
                              hubsim::MsBatchEnvelope::enveloped, "lfs."},
                      Variant{"WithoutCode", hubsim::MsSuccessEnvelope::without_code,
                              hubsim::MsBatchEnvelope::enveloped, "lfs."},
                      Variant{"BareBatch", hubsim::MsSuccessEnvelope::full,
                              hubsim::MsBatchEnvelope::bare, "lfs."},
                      Variant{"BothAndPreLfs", hubsim::MsSuccessEnvelope::without_code,
                              hubsim::MsBatchEnvelope::bare, "pre-lfs."}),
    [](const ::testing::TestParamInfo<Variant>& param_info) {
      return std::string(param_info.param.name);
    });

class ApplyProtocolPoints : public ApplyCliTest {};

// modelscope-hub.md §4.1: visibility 3 is "internal", not public. Preserved, it becomes a
// private repo on HF (and on ModelScope).
TEST_F(ApplyProtocolPoints, InternalModelScopeSourceIsMirroredPrivate) {
  seed(k_seed);
  auto internal =
      sim().store().update_repo(key(manifest::Hub::ms, "acme/ms-src"),
                                [](hubsim::RepoMeta& m) { m.properties["ms.visibility"] = "3"; });
  ASSERT_TRUE(internal.has_value());
  const std::string manifest = write("hf2ms.toml", R"(version = 1
[[mirror]]
source = "ms:acme/ms-src"
target = "hf:acme/ms-internal-copy"
[[mirror]]
source = "ms:acme/ms-src"
target = "ms:acme/ms-internal-copy"
)");
  const ApplyRun plan = hf2ms("plan -f " + manifest);
  EXPECT_EQ(plan.out.find("create, public"), std::string::npos) << plan.out;
  const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + manifest);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  const auto hf_copy = sim().store().find_repo(key(manifest::Hub::hf, "acme/ms-internal-copy"));
  ASSERT_TRUE(hf_copy.has_value());
  EXPECT_TRUE(hf_copy->is_private);
  const auto ms_copy = sim().store().find_repo(key(manifest::Hub::ms, "acme/ms-internal-copy"));
  ASSERT_TRUE(ms_copy.has_value());
  EXPECT_TRUE(ms_copy->is_private);
}

// modelscope-hub.md §7.1: a ModelScope create carries the source's licence mapped to the id
// ModelScope takes; a source without one (the simulated HF serves no cardData) gets none, not
// a default.
TEST_F(ApplyProtocolPoints, ModelScopeCreatesCarryOnlyAMappedSourceLicence) {
  seed(k_seed);
  seed(
      R"({"repos":[{"hub":"ms","id":"acme/ms-custom","files":[{"path":"a.txt","content":"a\n"}]}]})");
  for (const auto& [id, license] : {std::pair{"acme/ms-src", "Apache License 2.0"},
                                    std::pair{"acme/ms-custom", "Our Own Licence v1"}}) {
    ASSERT_TRUE(sim()
                    .store()
                    .update_repo(key(manifest::Hub::ms, id),
                                 [&](hubsim::RepoMeta& m) { m.properties["license"] = license; })
                    .has_value());
  }
  const std::string manifest = write("hf2ms.toml", R"(version = 1
[[mirror]]
source = "ms:acme/ms-src"
target = "ms:acme/licensed-copy"
[[mirror]]
source = "ms:acme/ms-custom"
target = "ms:acme/custom-copy"
[[mirror]]
source = "hf:acme/hf-src"
target = "ms:acme/unlicensed-copy"
)");
  const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + manifest);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  const auto license_of = [&](const std::string& id) -> std::string {
    const auto repo = sim().store().find_repo(key(manifest::Hub::ms, id));
    if (!repo) {
      return "<no repo>";
    }
    const auto it = repo->properties.find("license");
    return it == repo->properties.end() ? "<none>" : it->second;
  };
  EXPECT_EQ(license_of("acme/licensed-copy"), "apache-2.0");
  EXPECT_EQ(license_of("acme/custom-copy"), "");  // the create sent no License
  EXPECT_EQ(license_of("acme/unlicensed-copy"), "");
}

// huggingface-hub.md §8.1: a path the target's .gitignore excludes (preupload shouldIgnore)
// is left out and named in the output; the rest of the mirror applies, and the exit is 0.
TEST_F(ApplyProtocolPoints, PathTheHfTargetIgnoresIsReportedAndTheMirrorApplies) {
  seed(R"({"repos":[
   {"hub":"hf","id":"acme/ignoring","files":[{"path":".gitignore","content":"*.log\n"}]},
   {"hub":"ms","id":"acme/with-logs","files":[
     {"path":"train.log","content":"loss 1\n"},
     {"path":"weights.bin","size":120000,"lfs":true},
     {"path":"README.md","content":"# r\n"}]}]})");
  const std::string manifest = write("hf2ms.toml", R"(version = 1
[[mirror]]
source = "ms:acme/with-logs"
target = "hf:acme/ignoring"
)");
  const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + manifest);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(applied.out.find("1 mirror applied"), std::string::npos) << applied.out;
  EXPECT_NE(applied.out.find("hf:acme/ignoring train.log: not copied: the target ignores this "
                             "path (its .gitignore)"),
            std::string::npos)
      << applied.out;
  const auto head = sim().store().resolve(key(manifest::Hub::hf, "acme/ignoring"), "main");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ((*head)->files.count("train.log"), 0U);
  EXPECT_EQ((*head)->files.count("weights.bin"), 1U);
  EXPECT_EQ((*head)->files.count("README.md"), 1U);
  const ApplyRun json = hf2ms(std::string(k_apply) + " --json -f " + manifest);
  EXPECT_NE(json.out.find(R"("ignored":["train.log"])"), std::string::npos) << json.out;
}

}  // namespace
}  // namespace hf2ms::testing
