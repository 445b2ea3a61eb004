// run_commit_job over FakeHub: a ModelScope source read by branch name is checked against the
// planned commit before committing, and the planned target head reaches every hub's commit.
#include "fake_hub.hpp"

#include <gtest/gtest.h>

namespace hf2ms::applier {
namespace {

using testing::FakeHubClients;

const std::string k_planned(40, 'a');

transfer::CommitJob job_of(manifest::Hub source_hub, std::optional<std::string> parent) {
  transfer::CommitMirror m;
  m.mirror = 0;
  m.source = {source_hub, manifest::RepoType::model, "src/m", k_planned,
              source_hub == manifest::Hub::ms ? "master" : "main"};
  const manifest::Hub target_hub =
      source_hub == manifest::Hub::ms ? manifest::Hub::hf : manifest::Hub::ms;
  m.target = {target_hub, manifest::RepoType::model, "acme/m", "main"};
  m.parent_commit = std::move(parent);
  plan::Step s;
  s.path = "w.bin";
  s.action = plan::Action::create;
  s.size = 100;
  s.sha256 = std::string(64, 'b');
  s.source_lfs = true;
  s.transport = plan::Transport::lfs;
  m.steps.push_back(s);
  transfer::CommitJob job;
  job.mirrors.push_back(m);
  return job;
}

std::vector<transfer::TaskResult> uploaded() {
  transfer::FileResult f{0,
                         "w.bin",
                         100,
                         std::string(64, 'b'),
                         std::nullopt,
                         std::nullopt,
                         hub::Storage::lfs,
                         transfer::FileStatus::uploaded,
                         {}};
  return {transfer::TaskResult{0, true, {}, false, {f}, 100, 0.0}};
}

TEST(CommitStep, AModelScopeSourceThatMovedDuringTheTransferIsNotCommitted) {
  FakeHubClients hubs;
  hubs.ms.repos["src/m"] = {std::string(40, 'c'), false, {}};  // no longer at k_planned
  hubs.hf.repos["acme/m"] = {std::string(40, '1'), false, {}};
  const auto results = uploaded();
  const auto report =
      run_commit_job(job_of(manifest::Hub::ms, std::string(40, '1')), results, hubs);
  ASSERT_EQ(report.mirrors.size(), 1U);
  EXPECT_EQ(report.mirrors[0].outcome, transfer::MirrorOutcome::failed);
  EXPECT_NE(report.mirrors[0].error.find("moved from aaaaaaaaaaaa to cccccccccccc during the "
                                         "transfer; nothing was committed"),
            std::string::npos)
      << report.mirrors[0].error;
  EXPECT_EQ(hubs.hf.count_writes("commit"), 0U);

  hubs.ms.repos["src/m"].head = k_planned;  // where the plan saw it: committed
  const auto ok = run_commit_job(job_of(manifest::Hub::ms, std::string(40, '1')), results, hubs);
  EXPECT_EQ(ok.mirrors[0].outcome, transfer::MirrorOutcome::applied) << ok.mirrors[0].error;
  EXPECT_EQ(hubs.hf.repos.at("acme/m").files.count("w.bin"), 1U);
}

TEST(CommitStep, AnHfSourcePinnedByCommitIsNotReadAgainAndTheTargetHeadReachesModelScope) {
  FakeHubClients hubs;  // no source repo at all: an HF source is read by commit, never re-checked
  hubs.ms.repos["acme/m"] = {std::string(40, '2'), false, {}};
  const auto results = uploaded();
  // The plan saw head 1; the ModelScope target is at 2 now: the commit must not land.
  const auto stale = run_commit_job(job_of(manifest::Hub::hf, std::string(40, '1')), results, hubs);
  EXPECT_EQ(stale.mirrors[0].outcome, transfer::MirrorOutcome::failed);
  EXPECT_TRUE(hubs.ms.repos.at("acme/m").files.empty());
  const auto fresh = run_commit_job(job_of(manifest::Hub::hf, std::string(40, '2')), results, hubs);
  EXPECT_EQ(fresh.mirrors[0].outcome, transfer::MirrorOutcome::applied) << fresh.mirrors[0].error;
}

}  // namespace
}  // namespace hf2ms::applier
