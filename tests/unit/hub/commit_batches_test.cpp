// commit_batches: the order a change is committed in, where each batch ends under the caps, and
// the adaptive batch size (hub/commit_batches.hpp).
#include "hub/commit_batches.hpp"

#include "hub/backoff.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hub {
namespace {

using std::chrono::milliseconds;

CommitAdd lfs(std::string path) { return {std::move(path), 10, "s", Storage::lfs, {}}; }
CommitAdd inline_file(std::string path, std::size_t bytes) {
  return {std::move(path), bytes, "s", Storage::inline_, std::string(bytes, 'x')};
}

std::vector<std::string> paths_in_order(const CommitSpec& spec) {
  std::vector<std::string> out;
  for (const CommitOp& op : commit_order(spec)) {
    out.push_back(op.kind == CommitOp::Kind::add ? "+" + spec.adds[op.index].path
                                                 : "-" + spec.deletes[op.index]);
  }
  return out;
}

TEST(CommitBatches, OrderPutsCollidingDeletesFirstAddsByPathThenOtherDeletes) {
  CommitSpec spec;
  spec.adds = {lfs("z.bin"), lfs("a/b"), lfs("c"), lfs("m.txt")};
  // "a" is a file becoming a folder; "c/d" a folder becoming a file; "old" just goes.
  spec.deletes = {"old", "a", "c/d"};
  EXPECT_EQ(paths_in_order(spec),
            (std::vector<std::string>{"-a", "-c/d", "+a/b", "+c", "+m.txt", "+z.bin", "-old"}));
}

TEST(CommitBatches, BatchEndHonoursTheFileCountAndTheInlineBytes) {
  CommitSpec spec;
  for (int i = 0; i < 10; ++i) {
    spec.adds.push_back(inline_file("f" + std::to_string(i), 100));
  }
  const std::vector<CommitOp> ops = commit_order(spec);
  EXPECT_EQ(batch_end(ops, 0, {4, 10'000}), 4U);
  EXPECT_EQ(batch_end(ops, 8, {4, 10'000}), 10U);
  EXPECT_EQ(batch_end(ops, 0, {100, 350}), 3U);  // 300 bytes fit, 400 do not
  EXPECT_EQ(batch_end(ops, 3, {100, 350}), 6U);
}

TEST(CommitBatches, AFileAboveTheByteCapGoesAloneAndLfsAddsWeighNothing) {
  CommitSpec spec;
  spec.adds = {inline_file("a", 10), inline_file("b", 5000), lfs("c"), lfs("d")};
  const std::vector<CommitOp> ops = commit_order(spec);
  EXPECT_EQ(batch_end(ops, 0, {100, 1000}), 1U);
  EXPECT_EQ(batch_end(ops, 1, {100, 1000}), 2U);  // over the cap alone: still one commit
  EXPECT_EQ(batch_end(ops, 2, {100, 1000}), 4U);
}

TEST(CommitBatches, BatchSpecTakesTheChosenOperationsAndNoParent) {
  CommitSpec spec;
  spec.branch = "main";
  spec.parent_commit = "p";
  spec.adds = {lfs("b"), lfs("a")};
  spec.deletes = {"gone"};
  const std::vector<CommitOp> ops = commit_order(spec);
  const CommitSpec first = batch_spec(spec, std::span(ops).subspan(0, 2), "m (batch 1)");
  EXPECT_EQ(first.branch, "main");
  EXPECT_EQ(first.message, "m (batch 1)");
  ASSERT_EQ(first.adds.size(), 2U);
  EXPECT_EQ(first.adds[0].path, "a");
  EXPECT_TRUE(first.deletes.empty());
  EXPECT_FALSE(first.parent_commit.has_value());
  const CommitSpec second = batch_spec(spec, std::span(ops).subspan(2), "m (batch 2)");
  EXPECT_EQ(second.deletes, std::vector<std::string>{"gone"});
  EXPECT_EQ(batch_message("m", 3, false), "m (batch 3)");
  EXPECT_EQ(batch_message("m", 1, true), "m");
}

TEST(AdaptiveBatchSize, StartsAt256GrowsWhenFastShrinksWhenSlowOrFailedWithinBounds) {
  AdaptiveBatchSize size;
  EXPECT_EQ(size.size(), 256U);
  size.on_success(milliseconds(1000));
  EXPECT_EQ(size.size(), 384U);
  size.on_success(milliseconds(30'000));  // neither fast nor slow
  EXPECT_EQ(size.size(), 384U);
  size.on_success(milliseconds(50'000));
  EXPECT_EQ(size.size(), 288U);
  size.on_failure();
  EXPECT_EQ(size.size(), 144U);
  for (int i = 0; i < 10; ++i) {
    size.on_failure();
  }
  EXPECT_EQ(size.size(), 20U);
  for (int i = 0; i < 20; ++i) {
    size.on_success(milliseconds(10));
  }
  EXPECT_EQ(size.size(), 1000U);
  AdaptiveBatchSize clamped(AdaptiveOptions{5000, 20, 1000, milliseconds(1), milliseconds(2)});
  EXPECT_EQ(clamped.size(), 1000U);
}

TEST(CommitBatches, OurCommitIsAHeadThatMovedOffTheParentToOurTitle) {
  EXPECT_TRUE(is_our_commit({"new", "m (batch 2)"}, std::string("old"), "m (batch 2)"));
  EXPECT_FALSE(is_our_commit({"old", "m (batch 2)"}, std::string("old"), "m (batch 2)"));
  EXPECT_FALSE(is_our_commit({"new", "someone else"}, std::string("old"), "m (batch 2)"));
  EXPECT_TRUE(is_our_commit({"new", "m"}, std::nullopt, "m"));
}

TEST(CommitBatches, RefusedCommitWaitsWhatTheServerSaysElseTheSdkBackoff) {
  // The HF commit quota's reset can be an hour away: the cap there is the whole budget.
  const milliseconds hour{3'600'000};
  EXPECT_EQ(commit_backoff(1, 7.5, hour), milliseconds(7500));
  EXPECT_EQ(commit_backoff(1, 1800.0, hour), milliseconds(1'800'000));
  EXPECT_EQ(commit_backoff(1, std::nullopt, hour), milliseconds(2000));
  EXPECT_EQ(commit_backoff(3, std::nullopt, hour), milliseconds(8000));
  EXPECT_EQ(commit_backoff(9, std::nullopt, hour), milliseconds(60'000));
  const Error silent = make_error(ErrorKind::rate_limited, "429", 429);
  EXPECT_EQ(with_landed_note(silent, 0).message, "429");
  EXPECT_EQ(with_landed_note(silent, 2).message,
            "429 (after 2 earlier commit(s) of this change landed)");
}

}  // namespace
}  // namespace hf2ms::hub
