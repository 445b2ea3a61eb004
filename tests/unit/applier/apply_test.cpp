// applier::apply over FakeHub and FakeExecutor: the stale check comes before any write, one
// failing mirror does not stop the others and is never committed, the executor's parallelism
// cap holds, a transient task failure runs again, and Ctrl-C stops cleanly.
#include "applier/applier.hpp"
#include "fake_hub.hpp"

#include <gtest/gtest.h>

#include <stop_token>

namespace hf2ms::applier {
namespace {

using testing::FakeExecutor;
using testing::FakeHubClients;

std::string sha_of(char c) { return std::string(64, c); }

// A mirror hf:src/<name> → ms:acme/<name> copying `files` LFS files of 100 bytes.
plan::MirrorPlan mirror(const std::string& name, int files,
                        std::optional<std::string> head = std::nullopt) {
  plan::MirrorPlan m;
  m.source = {manifest::Hub::hf, "src", name};
  m.source_commit = std::string(40, 'a');
  m.target = {manifest::Hub::ms, "acme", name};
  m.target_branch = "master";
  m.target_head = head;
  m.action = head ? plan::MirrorAction::update : plan::MirrorAction::create;
  m.create_visibility = manifest::Visibility::private_;
  for (int i = 0; i < files; ++i) {
    plan::Step s;
    s.path = "f" + std::to_string(i) + ".bin";
    s.action = plan::Action::create;
    s.size = 100;
    s.sha256 = sha_of(static_cast<char>('a' + i));
    s.source_lfs = true;
    s.transport = plan::Transport::lfs;
    m.steps.push_back(s);
  }
  return m;
}

plan::Plan plan_of(std::vector<plan::MirrorPlan> mirrors) {
  plan::Plan p;
  p.mirrors = std::move(mirrors);
  p.totals = plan::compute_totals(p.mirrors);
  return p;
}

// One task per mirror: shards of at most one mirror's bytes.
ApplyOptions options(std::stop_token stop = {}) {
  ApplyOptions o;
  o.hubs = {{manifest::Hub::hf, "http://hf", ""}, {manifest::Hub::ms, "http://ms", ""}};
  o.shards.shard_size = 100;
  o.shards.max_containers = 1000;
  o.stop = std::move(stop);
  return o;
}

class Recorder final : public ApplyObserver {
 public:
  std::vector<MirrorResult> finished;
  std::size_t steps_finished = 0;
  void on_step_finished(const transfer::FileResult& /*r*/) override { ++steps_finished; }
  void on_mirror_finished(const MirrorResult& r) override { finished.push_back(r); }
};

TEST(Apply, RefusesStalePlanBeforeAnyWrite) {
  FakeHubClients hubs;
  hubs.ms.repos["acme/moved"] = {std::string(40, '2'), false, {}};
  hubs.ms.repos["acme/appeared"] = {std::string(40, '3'), false, {}};
  FakeExecutor executor(hubs);
  Recorder recorder;
  const plan::Plan p = plan_of(
      {mirror("fresh", 1), mirror("moved", 1, std::string(40, '1')), mirror("appeared", 1)});
  const ApplyReport r = apply(p, options(), hubs, executor, recorder);
  EXPECT_EQ(r.outcome, ApplyOutcome::stale);
  ASSERT_EQ(r.stale.size(), 2U);
  EXPECT_EQ(r.stale[0].target, "ms:acme/moved");
  EXPECT_EQ(r.stale[0].how, "head moved from 1111111 to 2222222 since planning");
  EXPECT_EQ(r.stale[1].target, "ms:acme/appeared");
  EXPECT_EQ(r.stale[1].how, "the repo appeared (head 3333333) since planning");
  EXPECT_TRUE(hubs.ms.writes.empty());
  EXPECT_EQ(executor.starts, 0U);
  EXPECT_FALSE(r.ok());
}

TEST(Apply, RefusesWhenTargetDisappeared) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs);
  Recorder recorder;
  const ApplyReport r = apply(plan_of({mirror("gone", 1, std::string(40, '1'))}), options(), hubs,
                              executor, recorder);
  ASSERT_EQ(r.outcome, ApplyOutcome::stale);
  EXPECT_EQ(r.stale.at(0).how, "the repo (or branch master) disappeared since planning");
  EXPECT_TRUE(hubs.ms.writes.empty());
}

TEST(Apply, CreatesTargetsWithPlannedVisibilityAndCommitsEveryFile) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs);
  Recorder recorder;
  const ApplyReport r = apply(plan_of({mirror("one", 3)}), options(), hubs, executor, recorder);
  ASSERT_EQ(r.outcome, ApplyOutcome::completed);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.mirrors.at(0).created);
  EXPECT_EQ(r.mirrors.at(0).status, MirrorStatus::applied);
  EXPECT_EQ(r.mirrors.at(0).files_copied, 3U);
  const testing::FakeRepo& repo = hubs.ms.repos.at("acme/one");
  EXPECT_TRUE(repo.is_private);
  EXPECT_EQ(repo.files.size(), 3U);
  EXPECT_EQ(repo.files.at("f1.bin"), sha_of('b'));
  EXPECT_EQ(recorder.steps_finished, 3U);
}

TEST(Apply, OneFailingMirrorDoesNotStopTheOthersAndIsNotCommitted) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs);
  executor.failing = {1};
  Recorder recorder;
  const plan::Plan p = plan_of({mirror("a", 2), mirror("b", 2), mirror("c", 2)});
  const ApplyReport r = apply(p, options(), hubs, executor, recorder);
  EXPECT_EQ(r.outcome, ApplyOutcome::completed);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.mirrors[0].status, MirrorStatus::applied);
  EXPECT_EQ(r.mirrors[1].status, MirrorStatus::failed);
  EXPECT_EQ(r.mirrors[1].reason, "f0.bin: injected failure; nothing was committed");
  EXPECT_EQ(r.mirrors[2].status, MirrorStatus::applied);
  EXPECT_EQ(hubs.ms.count_writes("commit acme/a"), 1U);
  EXPECT_EQ(hubs.ms.count_writes("commit acme/b"), 0U);
  EXPECT_EQ(hubs.ms.count_writes("commit acme/c"), 1U);
  EXPECT_EQ(recorder.finished.size(), 3U);
}

// Issue #17 item 1: the SHA-256 / git oid pairs the tasks computed come back in the report
// (the CLI adds them to the oid cache); a failed file has none.
TEST(Apply, ReportsTheHashPairsTheTransferComputed) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs);
  executor.failing = {1};
  Recorder recorder;
  plan::Plan p = plan_of({mirror("a", 2), mirror("b", 1)});
  p.mirrors[1].steps[0].sha256 = sha_of('c');  // the failing mirror's file
  for (plan::MirrorPlan& m : p.mirrors) {
    for (plan::Step& s : m.steps) {
      s.source_git_oid = std::string(40, s.sha256->front());
    }
  }
  const ApplyReport r = apply(p, options(), hubs, executor, recorder);
  EXPECT_EQ(r.hash_pairs, (std::vector<HashPair>{{std::string(40, 'a'), sha_of('a')},
                                                 {std::string(40, 'b'), sha_of('b')}}));
}

TEST(Apply, RespectsTheExecutorsParallelismCap) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs, 2);
  Recorder recorder;
  std::vector<plan::MirrorPlan> mirrors;
  for (int i = 0; i < 7; ++i) {
    mirrors.push_back(mirror("m" + std::to_string(i), 1));
  }
  const ApplyReport r = apply(plan_of(mirrors), options(), hubs, executor, recorder);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(executor.starts, 7U);
  EXPECT_EQ(executor.max_running, 2U);
}

TEST(Apply, RunsATransientlyFailedTaskOnceMore) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs, 1);
  executor.failing = {0};
  executor.transient = true;
  executor.transient_runs_left = 1;
  Recorder recorder;
  const ApplyReport r = apply(plan_of({mirror("flaky", 1)}), options(), hubs, executor, recorder);
  EXPECT_TRUE(r.ok()) << r.mirrors.at(0).reason;
  EXPECT_EQ(executor.starts, 2U);
  EXPECT_EQ(r.tasks_run, 2U);
}

TEST(Apply, GivesUpOnATaskThatKeepsFailing) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs, 1);
  executor.failing = {0};
  executor.transient = true;
  executor.transient_runs_left = 5;
  Recorder recorder;
  const ApplyReport r = apply(plan_of({mirror("down", 1)}), options(), hubs, executor, recorder);
  EXPECT_EQ(r.mirrors.at(0).status, MirrorStatus::failed);
  EXPECT_EQ(executor.starts, 2U);
  EXPECT_EQ(hubs.ms.count_writes("commit"), 0U);
}

TEST(Apply, CancellationStartsNothingNewAndCommitsNoIncompleteMirror) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs, 2);
  std::stop_source stop;
  executor.on_start = [&stop](std::size_t n) {
    if (n == 2) {
      stop.request_stop();  // Ctrl-C while the second task starts
    }
  };
  Recorder recorder;
  std::vector<plan::MirrorPlan> mirrors;
  for (int i = 0; i < 5; ++i) {
    mirrors.push_back(mirror("m" + std::to_string(i), 1));
  }
  const ApplyReport r =
      apply(plan_of(mirrors), options(stop.get_token()), hubs, executor, recorder);
  EXPECT_EQ(r.outcome, ApplyOutcome::cancelled);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(executor.cancelled);
  EXPECT_EQ(executor.starts, 2U);
  EXPECT_TRUE(executor.commits.empty());
  EXPECT_EQ(hubs.ms.count_writes("commit"), 0U);
  for (const MirrorResult& m : r.mirrors) {
    EXPECT_EQ(m.status, MirrorStatus::failed) << m.target;
  }
}

// Ctrl-C after every file arrived but before the commit step: no commit starts (#19).
TEST(Apply, AnInterruptAfterTheLastFileStartsNoCommit) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs, 2);
  std::stop_source stop;
  class StopWhenAllArrived final : public ApplyObserver {
   public:
    StopWhenAllArrived(std::stop_source& s, std::size_t files) : stop_(s), files_(files) {}
    void on_step_finished(const transfer::FileResult& /*r*/) override {
      if (++finished_ == files_) {
        stop_.request_stop();
      }
    }

   private:
    std::stop_source& stop_;
    std::size_t files_;
    std::size_t finished_ = 0;
  } observer(stop, 2);
  const ApplyReport r = apply(plan_of({mirror("a", 1), mirror("b", 1)}), options(stop.get_token()),
                              hubs, executor, observer);
  EXPECT_EQ(r.outcome, ApplyOutcome::cancelled);
  EXPECT_TRUE(executor.commits.empty());
  EXPECT_EQ(hubs.ms.count_writes("commit"), 0U);
  ASSERT_EQ(r.mirrors.size(), 2U);
  for (const MirrorResult& m : r.mirrors) {
    EXPECT_EQ(m.status, MirrorStatus::failed) << m.target;
    EXPECT_EQ(m.reason, "interrupted before its commit; nothing was committed") << m.target;
  }
}

TEST(Apply, ReportsUnchangedSkippedAndUnplannedMirrorsWithoutTouchingThem) {
  FakeHubClients hubs;
  FakeExecutor executor(hubs);
  plan::MirrorPlan keep = mirror("keep", 0, std::string(40, '9'));
  keep.action = plan::MirrorAction::keep;
  plan::MirrorPlan skip = mirror("space", 0);
  skip.action = plan::MirrorAction::skip;
  skip.reason = "ModelScope has no API to create studios (spaces)";
  Recorder recorder;
  const ApplyReport r = apply(plan_of({keep, skip}), options(), hubs, executor, recorder);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.mirrors[0].status, MirrorStatus::unchanged);
  EXPECT_EQ(r.mirrors[1].status, MirrorStatus::skipped);
  EXPECT_EQ(r.mirrors[1].reason, skip.reason);
  EXPECT_TRUE(hubs.ms.writes.empty());
  EXPECT_EQ(executor.starts, 0U);
}

TEST(Apply, UpdateCommitsOnTopOfThePlannedHeadAndDeletes) {
  FakeHubClients hubs;
  hubs.ms.repos["acme/upd"] = {std::string(40, '1'), false, {{"old.bin", sha_of('z')}}};
  plan::MirrorPlan m = mirror("upd", 1, std::string(40, '1'));
  plan::Step del;
  del.path = "old.bin";
  del.action = plan::Action::remove;
  m.steps.push_back(del);
  FakeExecutor executor(hubs);
  Recorder recorder;
  const ApplyReport r = apply(plan_of({m}), options(), hubs, executor, recorder);
  ASSERT_TRUE(r.ok()) << r.mirrors.at(0).reason;
  EXPECT_FALSE(r.mirrors[0].created);
  EXPECT_EQ(r.files_deleted(), 1U);
  EXPECT_EQ(hubs.ms.repos.at("acme/upd").files.count("old.bin"), 0U);
  EXPECT_EQ(hubs.ms.count_writes("create"), 0U);
}

}  // namespace
}  // namespace hf2ms::applier
