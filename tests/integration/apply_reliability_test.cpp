// Reliability of `hf2ms apply` (issue #6): with faults on (10% 5xx, 5% connections cut
// mid-body, 429 bursts) an apply of 50 small mirrors converges or leaves a re-runnable state,
// and a second apply converges; killing the process at random points (seeded, 20 trials) and
// re-running always converges. Issue #13 item 7: with 8% 503s on every listener, 20% of CDN
// downloads cut and 5% ModelScope 429s, a single apply of mirrors both ways converges.
#include "apply_cli_support.hpp"

#include <cstdio>
#include <random>

namespace hf2ms::testing {
namespace {

constexpr const char* k_apply = "apply --executor local --auto-approve --parallelism 4 -f ";

class ApplyReliability : public ApplyCliTest {};

TEST_F(ApplyReliability, FiftyMirrorsUnderFaultsConvergeBySecondApply) {
  seed(R"({"repos":[{"hub":"hf","type":"model","id":"src/m-{i}","count":50,"files":[
        {"path":"weights.bin","size":30000,"lfs":true},
        {"path":"config.json","content":"{\"n\": 1}\n"}]}]})");
  const std::string manifest =
      write("m.toml", "version = 1\n[[mirror]]\nsource = \"hf:src/*\"\ntarget = \"ms:acme/*\"\n");
  // Faults hit the apply itself (stale check, creates, transfers, commits) from a saved plan;
  // under them planning alone would mostly measure the retry backoff of 50 observations.
  const std::string plan_file = temp_dir().path() + "/p.json";
  ASSERT_EQ(hf2ms("plan -f " + manifest + " -o " + plan_file).exit_code, 0);
  std::vector<hubsim::FaultRule> faults(3);
  faults[0].probability = 0.10;
  faults[0].status = 503;
  faults[1].listener = hubsim::Listener::cdn;
  faults[1].probability = 0.05;
  faults[1].cut_after_bytes = 10'000;
  faults[2].probability = 0.03;
  faults[2].status = 429;
  faults[2].retry_after_s = 1;  // a burst that says when to come back
  sim().faults().reseed(6);
  ASSERT_TRUE(sim().faults().set_rules(faults).has_value());
  const ApplyRun first =
      hf2ms("apply --executor local --parallelism 4 -f " + manifest + " " + plan_file);
  EXPECT_TRUE(first.exit_code == 0 || first.exit_code == 1) << first.err;
  sim().faults().clear();
  const ApplyRun second = hf2ms(k_apply + manifest);
  EXPECT_EQ(second.exit_code, 0) << second.out << second.err;
  const ApplyRun plan = hf2ms("plan --detailed-exitcode -f " + manifest);
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("50 unchanged"), std::string::npos) << plan.out;
}

// The fault mix of issue #13 item 7. Draws are keyed by request (FaultDraw::keyed): the n-th
// request to a path gets the same answer whatever else is in flight, so the run does not
// depend on thread timing. Before repo creation was retried, seed 5 failed three of the nine
// mirrors ("cannot prepare the target repo: ... (HTTP 503)", twice, and "(HTTP 429)" once), and
// seeds 1 to 8 failed at least one in six cases of eight.
std::vector<hubsim::FaultRule> single_apply_faults() {
  std::vector<hubsim::FaultRule> faults(3);
  faults[0].probability = 0.08;  // every listener
  faults[0].status = 503;
  faults[1].listener = hubsim::Listener::cdn;
  faults[1].method = "GET";
  faults[1].probability = 0.20;
  faults[1].cut_after_bytes = 10'000;
  faults[2].listener = hubsim::Listener::ms;
  faults[2].probability = 0.05;
  faults[2].status = 429;
  faults[2].retry_after_s = 1;
  return faults;
}

TEST_F(ApplyReliability, OneApplyConvergesUnderFaultsBothWays) {
  // Nine mirrors: HF models and datasets to ModelScope, ModelScope ones to HF, each with an LFS
  // file a cut download breaks and a small inline one; every target is created by the apply.
  seed(R"({"repos":[
      {"hub":"hf","type":"model","id":"hsrc/m-{i}","count":3,"files":[
        {"path":"weights.bin","size":40000,"lfs":true},{"path":"config.json","content":"{}\n"}]},
      {"hub":"hf","type":"dataset","id":"hsrc/d-{i}","count":2,"files":[
        {"path":"rows.parquet","size":30000,"lfs":true},{"path":"info.json","content":"{}\n"}]},
      {"hub":"ms","type":"model","id":"msrc/n-{i}","count":2,"files":[
        {"path":"weights.bin","size":40000,"lfs":true},{"path":"config.json","content":"{}\n"}]},
      {"hub":"ms","type":"dataset","id":"msrc/e-{i}","count":2,"files":[
        {"path":"rows.parquet","size":30000,"lfs":true},{"path":"info.json","content":"{}\n"}]}]})");
  const std::string manifest = write("both.toml", R"(version = 1
[[mirror]]
source = "hf:hsrc/*"
target = "ms:acme/*"
[[mirror]]
source = "hf:hsrc/*"
target = "ms:acme/*"
type = "dataset"
[[mirror]]
source = "ms:msrc/*"
target = "hf:acme/*"
[[mirror]]
source = "ms:msrc/*"
target = "hf:acme/*"
type = "dataset"
)");
  const std::string plan_file = temp_dir().path() + "/both.json";
  const ApplyRun planned = hf2ms("plan -f " + manifest + " -o " + plan_file);
  ASSERT_EQ(planned.exit_code, 0) << planned.out << planned.err;
  ASSERT_NE(planned.out.find("9 to create"), std::string::npos) << planned.out;
  sim().faults().reseed(5, hubsim::FaultDraw::keyed);
  ASSERT_TRUE(sim().faults().set_rules(single_apply_faults()).has_value());
  const std::size_t before = sim().log().entries().size();
  const ApplyRun applied =
      hf2ms("apply --executor local --parallelism 4 -f " + manifest + " " + plan_file);
  sim().faults().clear();
  std::printf("requests during the faulty apply: %zu\n", sim().log().entries().size() - before);
  EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(applied.out.find("9 mirrors applied"), std::string::npos) << applied.out;
  const ApplyRun replan = hf2ms("plan --detailed-exitcode -f " + manifest);
  EXPECT_EQ(replan.exit_code, 0) << replan.out << replan.err;
  EXPECT_NE(replan.out.find("9 unchanged"), std::string::npos) << replan.out;
}

TEST_F(ApplyReliability, KilledAtRandomPointsARerunAlwaysConverges) {
  seed(R"({"repos":[{"hub":"hf","type":"model","id":"src/big","files":[
        {"path":"a.bin","size":400000,"lfs":true},{"path":"b.bin","size":300000,"lfs":true},
        {"path":"c.json","content":"{}\n"},{"path":"README.md","content":"# big\n"}]}]})");
  // Slow downloads keep the process inside each transfer for a while, so kills land before,
  // during and after them. The kill point is a number of requests into the run (planning takes
  // about ten), drawn from a seeded generator.
  hubsim::FaultRule slow;
  slow.listener = hubsim::Listener::cdn;
  slow.bandwidth_bps = 2'000'000;
  std::mt19937 random(20260601);
  std::uniform_int_distribution<std::size_t> kill_after(1, 16);
  int killed = 0;
  for (int trial = 0; trial < 20; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const std::string target = "ms:acme/big-" + std::to_string(trial);
    const std::string manifest = write("k" + std::to_string(trial) + ".toml",
                                       "version = 1\n[[mirror]]\nsource = \"hf:src/big\"\n"
                                       "target = \"" +
                                           target + "\"\n");
    ASSERT_TRUE(sim().faults().set_rules({slow}).has_value());
    killed += run_and_kill({"apply", "--executor", "local", "--auto-approve", "-f", manifest},
                           kill_after(random))
                  ? 1
                  : 0;
    sim().faults().clear();
    const ApplyRun rerun = hf2ms(k_apply + manifest);
    ASSERT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
    const ApplyRun plan = hf2ms("plan --detailed-exitcode -f " + manifest);
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  }
  std::printf("kills that landed mid-apply: %d of 20\n", killed);
  EXPECT_GE(killed, 10) << "too few kills landed mid-apply to test anything";
}

}  // namespace
}  // namespace hf2ms::testing
