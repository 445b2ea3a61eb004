// The source hub's download cap (hub_limits.hpp max_download_size): an HF source file above
// 50 GB cannot be read through /resolve/ (real-hub-limits.md HF §4), so a mirror that would
// copy it is refused at plan time, naming the file.
#include "planner/planner.hpp"
#include "unit/planner/fixtures.hpp"

#include <gtest/gtest.h>

namespace hf2ms::planner {
namespace {

using manifest::Hub;
using namespace hf2ms::test;

constexpr std::uint64_t k_50_gb = 50'000'000'000;

manifest::Mirror mirror(Hub from, Hub to) {
  manifest::Mirror m;
  m.source = ref(from, "org", "model");
  m.target = ref(to, "acme", "model");
  m.location = {"hf2ms.toml", 3, 1};
  return m;
}

PlanResult plan_one(const manifest::Mirror& m, std::vector<state::RemoteFile> src,
                    std::vector<state::RemoteFile> dst, const PlanOptions& options) {
  state::MirrorObservation o;
  o.source = repo(m.source, std::move(src));
  o.target = repo(m.target, std::move(dst));
  state::Snapshot s;
  s.observations.push_back(std::move(o));
  manifest::Manifest man;
  man.mirrors = {m};
  return make_plan(man, s, options);
}

PlanOptions big_targets() {
  PlanOptions o = test_options();
  o.ms_limits.max_file_size = 4 * k_50_gb;  // only the source's cap is under test
  o.hf_limits.max_file_size = 4 * k_50_gb;
  return o;
}

TEST(PlannerDownloadLimit, HfDefaultIsFiftyGigabytesAndModelScopeHasNone) {
  EXPECT_EQ(default_limits(Hub::hf).max_download_size, k_50_gb);
  EXPECT_EQ(default_limits(Hub::ms).max_download_size, 0U);
}

TEST(PlannerDownloadLimit, HfSourceFileAboveFiftyGigabytesIsAPlanErrorNamingIt) {
  const manifest::Mirror m = mirror(Hub::hf, Hub::ms);
  PlanResult r =
      plan_one(m, {hf_lfs("shards/huge.bin", k_50_gb + 1, 'a'), hf_lfs("small.bin", 10, 'b')}, {},
               big_targets());
  ASSERT_EQ(r.plan.mirrors.size(), 1U);
  EXPECT_EQ(r.plan.mirrors[0].action, plan::MirrorAction::error);
  EXPECT_EQ(r.plan.mirrors[0].reason,
            "shards/huge.bin is 50000000001 bytes, above the hf limit of 50000000000 bytes per "
            "downloaded file");
  EXPECT_TRUE(r.diagnostics.has_errors());
}

TEST(PlannerDownloadLimit, ExactlyFiftyGigabytesIsFine) {
  const manifest::Mirror m = mirror(Hub::hf, Hub::ms);
  PlanResult r = plan_one(m, {hf_lfs("huge.bin", k_50_gb, 'a')}, {}, big_targets());
  EXPECT_EQ(r.plan.mirrors.at(0).action, plan::MirrorAction::update);
  EXPECT_FALSE(r.diagnostics.has_errors());
}

TEST(PlannerDownloadLimit, AFileThatIsNotCopiedIsNotRefused) {
  // Already equal on the target: nothing is downloaded, so the cap does not matter.
  const manifest::Mirror m = mirror(Hub::hf, Hub::ms);
  PlanResult r = plan_one(m, {hf_lfs("huge.bin", k_50_gb + 1, 'a')},
                          {ms_file("huge.bin", k_50_gb + 1, 'a')}, big_targets());
  EXPECT_EQ(r.plan.mirrors.at(0).action, plan::MirrorAction::keep);
}

TEST(PlannerDownloadLimit, ModelScopeSourcesAreNotCappedByTheHfNumber) {
  const manifest::Mirror m = mirror(Hub::ms, Hub::hf);
  PlanResult r = plan_one(m, {ms_file("huge.bin", k_50_gb + 1, 'a')}, {}, big_targets());
  EXPECT_EQ(r.plan.mirrors.at(0).action, plan::MirrorAction::update);
}

TEST(PlannerDownloadLimit, TheCapComesFromThePlanOptions) {
  const manifest::Mirror m = mirror(Hub::hf, Hub::hf);
  PlanOptions o = big_targets();
  o.hf_limits.max_download_size = 9;
  PlanResult r = plan_one(m, {hf_lfs("a.bin", 10, 'a')}, {}, o);
  EXPECT_EQ(r.plan.mirrors.at(0).reason,
            "a.bin is 10 bytes, above the hf limit of 9 bytes per downloaded file");
}

}  // namespace
}  // namespace hf2ms::planner
