// make_tasks / make_commit_job: which steps become task files and commit steps.
#include "transfer/make_tasks.hpp"

#include <gtest/gtest.h>

namespace hf2ms::transfer {
namespace {

plan::Step step(std::string path, plan::Action action, plan::Transport transport) {
  plan::Step s;
  s.path = std::move(path);
  s.action = action;
  s.transport = transport;
  s.size = 10;
  s.sha256 = std::string(64, 'a');
  return s;
}

plan::Plan sample_plan() {
  plan::Plan p;
  plan::MirrorPlan a;
  a.source = {manifest::Hub::hf, "acme", "m"};
  a.source_commit = std::string(40, '1');
  a.source_revision = "main";
  a.target = {manifest::Hub::ms, "acme", "m"};
  a.target_branch = "master";
  a.target_head = std::string(40, '2');
  a.action = plan::MirrorAction::update;
  a.steps = {step("README.md", plan::Action::update, plan::Transport::embedded),
             step("a.bin", plan::Action::create, plan::Transport::lfs),
             step("b.txt", plan::Action::update, plan::Transport::stream),
             step("c.txt", plan::Action::keep, plan::Transport::stream),
             step("d.bin", plan::Action::remove, plan::Transport::stream)};
  plan::MirrorPlan keep = a;
  keep.action = plan::MirrorAction::keep;
  keep.steps = {step("x.bin", plan::Action::keep, plan::Transport::lfs)};
  plan::MirrorPlan b = a;
  b.target = {manifest::Hub::hf, "acme", "copy"};
  b.target_branch = "main";
  b.target_head.reset();
  b.action = plan::MirrorAction::create;
  b.steps = {step("z.bin", plan::Action::create, plan::Transport::lfs)};
  p.mirrors = {a, keep, b};
  return p;
}

TEST(MakeTasks, FilesToCopyAreStreamAndLfsCreatesAndUpdatesOnly) {
  const std::vector<FileKey> expected = {{0, "a.bin"}, {0, "b.txt"}, {2, "z.bin"}};
  EXPECT_EQ(files_to_copy(sample_plan()), expected);
}

TEST(MakeTasks, OneTaskPerShardGroupedByMirrorSortedByPath) {
  const std::vector<HubAccess> hubs = {{manifest::Hub::hf, "http://hf", "HF_TOKEN"}};
  const std::vector<std::vector<FileKey>> shards = {
      {{2, "z.bin"}, {0, "b.txt"}, {0, "a.bin"}},
      {{0, "README.md"}, {0, "c.txt"}, {7, "nope"}, {0, "missing"}}};
  const std::vector<Task> tasks = make_tasks(sample_plan(), shards, hubs);
  ASSERT_EQ(tasks.size(), 2U);
  EXPECT_EQ(tasks[0].index, 0U);
  EXPECT_EQ(tasks[0].hubs, hubs);
  ASSERT_EQ(tasks[0].groups.size(), 2U);
  EXPECT_EQ(tasks[0].groups[0].mirror, 0U);
  EXPECT_EQ(tasks[0].groups[0].source.id, "acme/m");
  EXPECT_EQ(tasks[0].groups[0].source.commit, std::string(40, '1'));
  EXPECT_EQ(tasks[0].groups[0].source.revision, "main");
  EXPECT_EQ(read_revision(tasks[0].groups[0].source), std::string(40, '1'));  // HF: the commit
  SourceRepo ms_source = tasks[0].groups[0].source;
  ms_source.hub = manifest::Hub::ms;
  EXPECT_EQ(read_revision(ms_source), "main");  // ModelScope: the branch or tag name
  ms_source.revision.clear();
  EXPECT_EQ(read_revision(ms_source), std::string(40, '1'));  // an older task: the commit
  EXPECT_EQ(tasks[0].groups[0].target.branch, "master");
  ASSERT_EQ(tasks[0].groups[0].files.size(), 2U);
  EXPECT_EQ(tasks[0].groups[0].files[0].path, "a.bin");
  EXPECT_EQ(tasks[0].groups[0].files[1].path, "b.txt");
  EXPECT_EQ(tasks[0].groups[1].target.id, "acme/copy");
  EXPECT_TRUE(tasks[1].groups.empty());  // embedded, keep and unknown keys are not copied
}

TEST(MakeTasks, CommitJobHoldsChangedMirrorsWithoutKeepSteps) {
  const CommitJob job = make_commit_job(sample_plan(), {});
  ASSERT_EQ(job.mirrors.size(), 2U);
  EXPECT_EQ(job.mirrors[0].mirror, 0U);
  EXPECT_EQ(job.mirrors[0].parent_commit, std::string(40, '2'));
  ASSERT_EQ(job.mirrors[0].steps.size(), 4U);
  for (const plan::Step& s : job.mirrors[0].steps) {
    EXPECT_NE(s.action, plan::Action::keep) << s.path;
  }
  EXPECT_EQ(job.mirrors[1].mirror, 2U);
  EXPECT_FALSE(job.mirrors[1].parent_commit.has_value());
}

}  // namespace
}  // namespace hf2ms::transfer
