// `hf2ms apply` end to end: the real binary against the in-process simulator. Convergence
// (plan → apply → plan shows no changes) for the demo and every example manifest, a no-op apply
// that writes nothing, a stale saved plan refused before any write, convergence after faults
// and after the process is killed at random points, and corrupted source bytes never
// committed.
#include "apply_cli_support.hpp"
#include "hashing/hashing.hpp"
#include "plan_cli_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>

namespace hf2ms::testing {
namespace {

constexpr const char* k_apply = "apply --executor local --auto-approve --parallelism 4";

std::string demo(const std::string& name) {
  return std::string(HF2MS_SOURCE_DIR) + "/examples/demo/" + name;
}

// The default user plus the `acme-mirror` org, which examples/org-wide.toml writes to.
constexpr const char* k_users = R"({"users":[{"name":"user","orgs":["acme","acme-mirror"],
  "tokens":[{"value":"hf_user_write_token","hub":"hf","role":"write"},
            {"value":"ms_user_write_token","hub":"ms","role":"write"}]}]})";

class ApplyCli : public ApplyCliTest {
 protected:
  void configure(hubsim::SimulatorOptions& options) override {
    options.users_file = temp_dir().path() + "/users.json";
    ASSERT_TRUE(write_file_atomic(options.users_file, k_users));
  }

  // Applies `manifest` and checks that a new plan has no changes.
  void expect_converges(const std::string& manifest) {
    const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + manifest);
    EXPECT_EQ(applied.exit_code, 0) << manifest << "\n" << applied.out << applied.err;
    const ApplyRun again = hf2ms("plan --detailed-exitcode -f " + manifest);
    EXPECT_EQ(again.exit_code, 0) << manifest << "\n" << again.out << again.err;
  }
};

TEST_F(ApplyCli, DemoConvergesAndANoOpApplyWritesNothing) {
  seed(read_file(demo("seed.json")).value_or(""));
  const ApplyRun first = hf2ms(std::string(k_apply) + " -f " + demo("hf2ms.toml"));
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  // Three mirrors, plus tiny-chat's tags: v0.9 (a commit, the tag, the restore) and v1.0 (a tag).
  EXPECT_NE(first.out.find("Apply complete: 6 mirrors applied, 1 skipped. 18 files (18.0 MB) "
                           "copied, 1 deleted."),
            std::string::npos)
      << first.out;
  EXPECT_EQ(hf2ms("plan --detailed-exitcode -f " + demo("hf2ms.toml")).exit_code, 0);

  sim().log().clear();
  const ApplyRun noop = hf2ms(std::string(k_apply) + " -f " + demo("hf2ms.toml"));
  EXPECT_EQ(noop.exit_code, 0) << noop.err;
  EXPECT_NE(noop.err.find("No changes."), std::string::npos) << noop.err;
  const ApplyRun saved =
      hf2ms("plan -f " + demo("hf2ms.toml") + " -o " + temp_dir().path() + "/noop.json");
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  const ApplyRun noop_saved = hf2ms("apply --executor local -f " + demo("hf2ms.toml") + " " +
                                    temp_dir().path() + "/noop.json");
  EXPECT_EQ(noop_saved.exit_code, 0) << noop_saved.err;
  EXPECT_NE(noop_saved.out.find("0 mirrors applied, 5 unchanged, 1 skipped"), std::string::npos)
      << noop_saved.out;
  EXPECT_EQ(count_writes(), 0U);
}

TEST_F(ApplyCli, EveryExampleManifestConverges) {
  seed(k_example_seed);
  seed(read_file(demo("seed.json")).value_or(""));
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(HF2MS_SOURCE_DIR) + "/examples")) {
    if (entry.path().extension() != ".toml") {
      continue;
    }
    // The examples name the public hubs; the simulator stands in through the environment.
    const std::string text = std::regex_replace(read_file(entry.path().string()).value_or(""),
                                                std::regex("\nendpoint *=[^\n]*"), "\n");
    SCOPED_TRACE(entry.path().filename().string());
    expect_converges(write(entry.path().filename().string(), text));
  }
  expect_converges(demo("hf2ms.toml"));  // needs the demo seed too
  // org-wide.toml's wildcards expanded into real mirrors, so its convergence meant something.
  using hubsim::Hub;
  using hubsim::RepoType;
  EXPECT_TRUE(sim().store().find_repo({Hub::ms, RepoType::model, "acme-mirror/llm-7b"}));
  EXPECT_TRUE(sim().store().find_repo({Hub::ms, RepoType::dataset, "acme-mirror/web-corpus"}));
}

// Ctrl-C mid-apply: the apply stops cleanly with the shell's status for SIGINT (130), and the
// next apply finishes the job.
TEST_F(ApplyCli, InterruptedApplyExits130AndTheNextOneConverges) {
  seed(read_file(demo("seed.json")).value_or(""));
  // Slow every source download so the signal lands while transfers are in flight.
  hubsim::FaultRule slow;
  slow.latency_ms = 100;
  ASSERT_TRUE(sim().faults().add_rule(slow).has_value());
  const std::vector<std::string> args = {"apply",          "--executor", "local",
                                         "--auto-approve", "-f",         demo("hf2ms.toml")};
  // Signalled once a transfer asked a target's blob batch (the plan's own reads, refs
  // included, vary in number; a plan also reads small files through /resolve/).
  const SignalledRun r = run_and_signal_when(
      args,
      [](const std::vector<hubsim::LoggedRequest>& log) {
        return std::any_of(log.begin(), log.end(), [](const hubsim::LoggedRequest& e) {
          return e.path.find("objects/batch") != std::string::npos;
        });
      },
      SIGINT);
  ASSERT_TRUE(r.signalled) << "apply finished before the interrupt";
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("interrupt received"), std::string::npos) << r.err;
  sim().faults().clear();
  expect_converges(demo("hf2ms.toml"));
}

bool is_commit(const hubsim::LoggedRequest& r) {
  return r.method == "POST" && r.path.find("/commit") != std::string::npos;
}

// docs/apply.md: a hub call in flight is cancelled within about 100 ms. Here the stale check's
// read of the target hangs for 8 s; Ctrl-C as it arrives ends the apply at once, writing nothing.
TEST_F(ApplyCli, InterruptCancelsASlowHubAnswerAtOnce) {
  seed(read_file(demo("seed.json")).value_or(""));
  const std::string plan_file = temp_dir().path() + "/p.json";
  ASSERT_EQ(hf2ms("plan -f " + demo("hf2ms.toml") + " -o " + plan_file).exit_code, 0);
  hubsim::FaultRule slow;
  slow.listener = hubsim::Listener::ms;
  slow.method = "GET";
  slow.latency_ms = 8000;
  slow.times = 1;
  ASSERT_TRUE(sim().faults().add_rule(slow).has_value());
  const SignalledRun r = run_and_signal(
      {"apply", "--executor", "local", "-f", demo("hf2ms.toml"), plan_file}, 1, SIGINT);
  ASSERT_TRUE(r.signalled) << "apply finished before the interrupt";
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_LT(r.seconds_after_signal, 3.0) << "the slow answer was waited for\n" << r.err;
  RecordProperty("seconds_after_signal", std::to_string(r.seconds_after_signal));
  EXPECT_EQ(count_writes(), 0U);
  EXPECT_NE(r.out.find("Apply interrupted before anything was written; nothing was changed."),
            std::string::npos)
      << r.out;
}

// No commit starts after the interrupt; the one in flight when it came is let finish (a
// commit abandoned half-way might or might not have landed), and the summary says what did.
TEST_F(ApplyCli, InterruptStartsNoCommitAndSaysWhatLanded) {
  seed(read_file(demo("seed.json")).value_or(""));
  hubsim::FaultRule slow_commit;
  slow_commit.method = "POST";
  slow_commit.path_regex = ".*/commit.*";
  slow_commit.latency_ms = 1500;
  slow_commit.times = 1;
  ASSERT_TRUE(sim().faults().add_rule(slow_commit).has_value());
  const SignalledRun r = run_and_signal_when(
      {"apply", "--executor", "local", "--auto-approve", "-f", demo("hf2ms.toml")},
      [](const std::vector<hubsim::LoggedRequest>& log) {
        return std::any_of(log.begin(), log.end(), is_commit);
      },
      SIGINT);
  ASSERT_TRUE(r.signalled) << "apply finished before the interrupt";
  EXPECT_EQ(r.exit_code, 130) << r.err;
  const auto log = sim().log().entries();
  ASSERT_GE(log.size(), r.log_at_signal);
  EXPECT_EQ(std::count_if(log.begin() + static_cast<std::ptrdiff_t>(r.log_at_signal), log.end(),
                          is_commit),
            0)
      << "a commit started after the interrupt";
  EXPECT_NE(r.out.find("Apply interrupted: 1 mirror applied"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Only the mirrors counted as applied were committed"), std::string::npos)
      << r.out;
  sim().faults().clear();
  expect_converges(demo("hf2ms.toml"));
}

TEST_F(ApplyCli, RefusesAStaleSavedPlanBeforeAnyWrite) {
  seed(read_file(demo("seed.json")).value_or(""));
  const std::string plan_file = temp_dir().path() + "/p.json";
  ASSERT_EQ(hf2ms("plan -f " + demo("hf2ms.toml") + " -o " + plan_file).exit_code, 0);
  ASSERT_EQ(hf2ms(std::string(k_apply) + " -f " + demo("hf2ms.toml")).exit_code, 0);
  sim().log().clear();
  const ApplyRun stale = hf2ms("apply --executor local -f " + demo("hf2ms.toml") + " " + plan_file);
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.out.find("Error: the plan is stale; nothing was changed."), std::string::npos)
      << stale.out;
  EXPECT_NE(stale.out.find("ms:acme/tiny-chat: the repo appeared"), std::string::npos) << stale.out;
  EXPECT_EQ(count_writes(), 0U);
}

// The simulator keeps one blob store for both hubs, so an LFS blob of the source is already
// "present" on the target; bytes are corrupted in a small file instead, which the transfer
// reads from the source and must verify against the plan before anything is committed.
TEST_F(ApplyCli, CorruptedSourceBytesAreNeverCommitted) {
  const std::string content = "{\"hidden_size\": 1024}\n";
  seed(R"({"repos":[{"hub":"hf","type":"model","id":"src/weights","files":[
        {"path":"weights.bin","size":100000,"lfs":true},
        {"path":"config.json","content":"{\"hidden_size\": 1024}\n"}]}]})");
  const std::string manifest = write("m.toml",
                                     "version = 1\n[[mirror]]\nsource = \"hf:src/weights\"\n"
                                     "target = \"ms:acme/weights\"\n");
  const std::string plan_file = temp_dir().path() + "/p.json";
  ASSERT_EQ(hf2ms("plan -f " + manifest + " -o " + plan_file).exit_code, 0);
  // Same size, different bytes: what a broken mirror or a flipped bit would serve.
  const std::string path = sim().store().blob_path(hashing::sha256_hex(content));
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << std::string(content.size(), 'x');
  }
  sim().log().clear();
  const ApplyRun r = hf2ms("apply --executor local -f " + manifest + " " + plan_file);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  // The plan of a new target has no SHA-256 for config.json (issue #15 item 2): the transfer
  // reads it whole and checks it against the plan's git oid.
  EXPECT_NE(r.out.find("x ms:acme/weights: config.json: git oid of the source bytes is"),
            std::string::npos)
      << r.out;
  for (const hubsim::LoggedRequest& q : sim().log().entries()) {
    EXPECT_FALSE(q.method == "POST" && q.path.find("/commit") != std::string::npos)
        << "a commit was sent for the corrupted mirror: " << q.path;
  }
}

// Pruning a ModelScope target (issue #13 item 8). hf2ms deletes with commit `delete` actions,
// which the hub takes from API tokens; its single-file delete routes refuse tokens.
constexpr const char* k_prune_seed = R"({"repos":[
    {"hub":"hf","type":"model","id":"src/p","files":[
      {"path":"a.json","content":"A\n"},{"path":"b.json","content":"B2\n"}]},
    {"hub":"ms","type":"model","id":"acme/p","files":[
      {"path":"a.json","content":"A\n"},{"path":"b.json","content":"B1\n"},
      {"path":"old.txt","content":"old\n"},{"path":"older.txt","content":"older\n"}]}]})";
constexpr const char* k_prune_manifest =
    "version = 1\n[[mirror]]\nsource = \"hf:src/p\"\ntarget = \"ms:acme/p\"\nprune = true\n";

TEST_F(ApplyCli, PruneOnModelScopeDeletesByCommitNotBySingleFileRoutes) {
  seed(k_prune_seed);
  const std::string manifest = write("p.toml", k_prune_manifest);
  sim().log().clear();
  expect_converges(manifest);
  for (const hubsim::LoggedRequest& q : sim().log().entries()) {
    EXPECT_NE(q.method, "DELETE") << q.path;  // the routes API tokens may not use
  }
}

// The hub also refuses commit deletes for the token (hubsim MsTokenDeletes::refuse_all).
class ApplyPruneRefused : public ApplyCliTest {
 protected:
  void configure(hubsim::SimulatorOptions& options) override {
    options.sim.ms_limits.token_deletes = hubsim::MsTokenDeletes::refuse_all;
  }
};

TEST_F(ApplyPruneRefused, RefusedDeletesAreListedPerFileAndFailTheApply) {
  seed(k_prune_seed);
  const std::string manifest = write("p.toml", k_prune_manifest);
  const ApplyRun r = hf2ms(std::string(k_apply) + " -f " + manifest);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("Apply complete: 0 mirrors applied, 1 failed. 1 file (3 B) copied, 0 "
                       "deleted.\n  x ms:acme/p: the hub refused to delete 2 files with this token "
                       "(\"the current token no longer supports deletion operations."),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("      - old.txt: not deleted (refused for this token)\n"
                       "      - older.txt: not deleted (refused for this token)\n"),
            std::string::npos)
      << r.out;
  // The update landed; only the deletes are left, and asking again is refused again.
  const ApplyRun left = hf2ms("plan --detailed-exitcode -f " + manifest);
  EXPECT_EQ(left.exit_code, 2) << left.out << left.err;
  EXPECT_NE(left.out.find("0 files (0 B) to copy, 2 to delete."), std::string::npos) << left.out;
  const ApplyRun json = hf2ms(std::string(k_apply) + " --json -f " + manifest);
  EXPECT_EQ(json.exit_code, 1) << json.out << json.err;
  EXPECT_NE(json.out.find(R"("not_deleted":[{"error":"refused for this token","path":"old.txt"},)"
                          R"({"error":"refused for this token","path":"older.txt"}])"),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find(R"("ok":false)"), std::string::npos) << json.out;
}

}  // namespace
}  // namespace hf2ms::testing
