// The apply progress and summary (cli/views/progress_view.hpp): the pure text, and the
// ProgressView's live and plain modes driven by a fake clock into a memory stream.
#include "cli/views/progress_view.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace hf2ms::cli::views {
namespace {

using applier::ApplyOutcome;
using applier::ApplyReport;
using applier::MirrorResult;
using applier::MirrorStatus;
using namespace std::chrono_literals;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

MirrorResult result(std::string target, MirrorStatus status, std::uint64_t files,
                    std::uint64_t bytes, std::uint64_t deleted, std::string reason = {}) {
  MirrorResult m;
  m.target = std::move(target);
  m.status = status;
  m.files_copied = files;
  m.bytes_copied = bytes;
  m.files_deleted = deleted;
  m.reason = std::move(reason);
  return m;
}

TEST(ApplySummary, CountsMirrorsAndFilesAndListsFailures) {
  ApplyReport r;
  r.mirrors = {result("ms:acme/a", MirrorStatus::applied, 2, 1'000'000'000, 1),
               result("hf:acme/b", MirrorStatus::applied, 1, 400'000'000, 0),
               result("ms:acme/c", MirrorStatus::failed, 0, 0, 0, "x.bin: HTTP 500")};
  EXPECT_EQ(render_apply_summary(r),
            "Apply complete: 2 mirrors applied, 1 failed. 3 files (1.4 GB) copied, 1 deleted.\n"
            "  x ms:acme/c: x.bin: HTTP 500\n");
}

MirrorResult refused_deletes() {
  MirrorResult m = result("ms:acme/p", MirrorStatus::failed, 1, 10, 0,
                          "the hub refused to delete 2 files with this token (...)");
  m.not_deleted = {"old.bin", "gone/\u202Eevil.txt"};
  return m;
}

TEST(ApplySummary, ListsEveryFileTheHubRefusedToDelete) {
  ApplyReport r;
  r.mirrors = {refused_deletes()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(render_apply_summary(r),
            "Apply complete: 0 mirrors applied, 1 failed. 1 file (10 B) copied, 0 deleted.\n"
            "  x ms:acme/p: the hub refused to delete 2 files with this token (...)\n"
            "      - old.bin: not deleted (refused for this token)\n"
            "      - gone/<U+202E>evil.txt: not deleted (refused for this token)\n");
}

TEST(ApplySummary, NamesEveryStaleTarget) {
  ApplyReport r;
  r.outcome = ApplyOutcome::stale;
  r.stale = {{0, "ms:acme/a", "head moved from 1111111 to 2222222 since planning"}};
  EXPECT_EQ(render_apply_summary(r),
            "Error: the plan is stale; nothing was changed.\n"
            "  ms:acme/a: head moved from 1111111 to 2222222 since planning\n"
            "Run `hf2ms plan` again and review the new plan.\n");
}

TEST(ApplySummary, SaysHowToFinishAnInterruptedApply) {
  ApplyReport r;
  r.outcome = ApplyOutcome::cancelled;
  r.mirrors = {result("ms:acme/a", MirrorStatus::failed, 0, 0, 0, "cancelled")};
  r.mirrors[0].created = true;
  EXPECT_EQ(render_apply_summary(r),
            "Apply interrupted: 0 mirrors applied, 1 failed. 0 files (0 B) copied, 0 deleted.\n"
            "  x ms:acme/a: cancelled\n"
            "  ms:acme/a was created and is empty (or holds only earlier commits)\n"
            "Nothing was committed and nothing half-uploaded is visible; run `hf2ms plan` and "
            "`hf2ms apply` again to finish.\n");
}

// An interrupt that came after the last commit: nothing is left, so no "run it again".
TEST(ApplySummary, AnInterruptAfterEverythingLandedSaysSo) {
  ApplyReport r;
  r.outcome = ApplyOutcome::cancelled;
  r.mirrors = {result("ms:acme/a", MirrorStatus::applied, 2, 2000, 0)};
  EXPECT_EQ(render_apply_summary(r),
            "Apply interrupted: 1 mirror applied. 2 files (2.0 kB) copied, 0 deleted.\n"
            "Everything planned had been committed before the interrupt; nothing is left to "
            "do.\n");
  ApplyReport early;
  early.outcome = ApplyOutcome::cancelled;
  EXPECT_EQ(render_apply_summary(early),
            "Apply interrupted before anything was written; nothing was changed.\n");
}

TEST(ProgressLine, ShowsRateAndEta) {
  ProgressState s;
  s.bytes_total = 3'000'000;
  s.bytes_done = 1'000'000;
  EXPECT_EQ(render_progress_line(s, 2.0), "1.0 MB / 3.0 MB, 33%, 500.0 kB/s, ETA 4s");
  EXPECT_EQ(render_progress_line(s, 0.0), "1.0 MB / 3.0 MB, 33%");
}

TEST(ProgressLine, FormatsDurations) {
  EXPECT_EQ(format_duration(18.2), "18s");
  EXPECT_EQ(format_duration(245), "4m05s");
  EXPECT_EQ(format_duration(3720), "1h02m");
}

TEST(ProgressRender, BeforeTheApplyStartsTheBlockSaysItIsPreparing) {
  ProgressState state;
  const std::string block = render_progress_block(state, 3);
  EXPECT_TRUE(contains(block, "Preparing:")) << block;
  EXPECT_FALSE(contains(block, "100%")) << block;
  EXPECT_TRUE(contains(block, "Elapsed:      3s")) << block;
}

TEST(ProgressRender, RateAndEtaCountFromTheStartOfTheTransfers) {
  ProgressState state;
  state.started = true;
  state.started_at = 10;  // ten seconds spent creating repos
  state.bytes_total = 4'000'000;
  state.bytes_done = 2'000'000;
  const std::string line = render_progress_line(state, 12);
  EXPECT_TRUE(contains(line, "2.0 MB / 4.0 MB, 50%")) << line;
  EXPECT_TRUE(contains(line, "1.0 MB/s")) << line;
  EXPECT_TRUE(contains(line, "ETA 2s")) << line;
}

TEST(ProgressRender, BlockListsAtMostFourFilesInFlight) {
  ProgressState state;
  state.started = true;
  state.files_total = 6;
  state.mirrors_total = 1;
  for (int i = 0; i < 6; ++i) {
    state.in_flight["f" + std::to_string(i)] = {50, 100};
  }
  const std::string block = render_progress_block(state, 1);
  EXPECT_TRUE(contains(block, "Files:        0 / 6")) << block;
  EXPECT_TRUE(contains(block, "... and 2 more")) << block;
}

TEST(QuotaWaitText, SaysWhatItWaitsForAndUntilWhen) {
  EXPECT_EQ(render_quota_waits({{"HF", "api", 42s}}),
            "waiting for the HF api quota, resets in 42 s");
  EXPECT_EQ(render_quota_waits({{"HF", "resolvers", 3s}, {"ModelScope", "", 1s}}),
            "waiting for the HF resolvers quota, resets in 3 s; waiting for the ModelScope "
            "request quota, resets in 1 s");
  EXPECT_EQ(render_quota_waits({}), "");
  // The bucket is the hub's word: it cannot move the cursor or hide text.
  EXPECT_EQ(render_quota_waits({{"HF", "api\x1b[2J", 5s}}),
            "waiting for the HF api<U+001B>[2J quota, resets in 5 s");
}

TEST(QuotaWaitText, ACountdownIsNotANewWaitButTheNextWindowIs) {
  const std::vector<applier::QuotaWait> first = {{"HF", "api", 42s}};
  EXPECT_TRUE(has_new_quota_wait({}, first));
  EXPECT_FALSE(has_new_quota_wait(first, {{"HF", "api", 41s}}));
  EXPECT_TRUE(has_new_quota_wait(first, {{"HF", "resolvers", 41s}}));
  EXPECT_TRUE(has_new_quota_wait({{"HF", "api", 1s}}, {{"HF", "api", 300s}}));
  EXPECT_FALSE(has_new_quota_wait(first, {}));
}

TEST(ProgressRender, TheBlockShowsTheQuotaWait) {
  ProgressState state;
  state.quota_waits = {{"HF", "api", 42s}};
  EXPECT_TRUE(contains(render_progress_block(state, 1),
                       "Waiting:      for the HF api quota, resets in 42 s\n"))
      << render_progress_block(state, 1);
  state.started = true;
  EXPECT_TRUE(contains(render_progress_block(state, 1),
                       "Waiting:      for the HF api quota, resets in 42 s\n"))
      << render_progress_block(state, 1);
  state.quota_waits.clear();
  EXPECT_FALSE(contains(render_progress_block(state, 1), "Waiting:"));
}

// A ProgressView writing into memory, with a clock the test moves.
class ProgressViewTest : public ::testing::Test {
 protected:
  ProgressViewTest() : out_(open_memstream(&buffer_, &size_)) {}
  ~ProgressViewTest() override {
    std::fclose(out_);
    std::free(buffer_);
  }

  ProgressOptions options(ProgressMode mode) {
    ProgressOptions o;
    o.mode = mode;
    o.progress_out = out_;
    o.json_out = out_;
    o.now = [this] { return now_; };
    return o;
  }
  std::string text() {
    std::fflush(out_);
    return {buffer_, size_};
  }

  std::chrono::steady_clock::time_point now_{};
  char* buffer_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* out_;
};

TEST_F(ProgressViewTest, LiveModeRedrawsTheBlockInPlace) {
  ProgressView view(options(ProgressMode::live));
  view.on_apply_started({1, 2, 2'000'000, 1});
  view.on_step_started(0, "model.bin", 2'000'000);
  now_ += 1s;
  view.on_bytes(0, "model.bin", 1'000'000);
  const std::string t = text();
  EXPECT_TRUE(contains(t, "Applying: 1 mirror(s), 2 file(s)")) << t;
  EXPECT_TRUE(contains(t, "1.0 MB / 2.0 MB, 50%")) << t;
  EXPECT_TRUE(contains(t, "\x1b[1A\x1b[2K")) << "the block is not redrawn in place: " << t;
}

TEST_F(ProgressViewTest, PlainModePrintsAProgressLineAtMostEveryInterval) {
  ProgressView view(options(ProgressMode::lines));
  view.on_apply_started({1, 1, 1'000'000, 1});
  view.on_step_started(0, "a.bin", 1'000'000);
  view.on_bytes(0, "a.bin", 100'000);
  now_ += 6s;
  view.on_bytes(0, "a.bin", 100'000);
  now_ += 1s;
  view.on_bytes(0, "a.bin", 100'000);  // within 5 s of the last line: nothing new
  const std::string t = text();
  EXPECT_FALSE(contains(t, "\x1b[")) << "escape codes in plain mode: " << t;
  std::size_t lines = 0;
  for (std::size_t at = t.find("Progress: "); at != std::string::npos;
       at = t.find("Progress: ", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 1U) << t;
  EXPECT_TRUE(contains(t, "Progress: 200.0 kB / 1.0 MB, 20%")) << t;
}

TEST_F(ProgressViewTest, PlainModeSaysOnceWhenAQuotaWaitBegins) {
  ProgressView view(options(ProgressMode::lines));
  view.on_apply_started({1, 1, 1'000, 1});
  view.on_quota_waits({{"HF", "api", 42s}});
  view.on_quota_waits({{"HF", "api", 41s}});  // the same wait, counting down
  view.on_quota_waits({});
  view.on_quota_waits({{"HF", "api", 300s}});  // the next window
  const std::string t = text();
  EXPECT_TRUE(contains(t, "Waiting for the HF api quota, resets in 42 s\n")) << t;
  EXPECT_FALSE(contains(t, "41 s")) << t;
  EXPECT_TRUE(contains(t, "Waiting for the HF api quota, resets in 300 s\n")) << t;
}

TEST_F(ProgressViewTest, LiveModeShowsTheCountdownInTheBlock) {
  ProgressView view(options(ProgressMode::live));
  view.on_quota_waits({{"HF", "api", 42s}});
  view.on_quota_waits({{"HF", "api", 41s}});
  const std::string t = text();
  EXPECT_TRUE(contains(t, "Waiting:      for the HF api quota, resets in 42 s")) << t;
  EXPECT_TRUE(contains(t, "Waiting:      for the HF api quota, resets in 41 s")) << t;
}

TEST_F(ProgressViewTest, JsonModeEmitsOneEventPerNewWait) {
  ProgressView view(options(ProgressMode::json));
  view.on_quota_waits({{"HF", "resolvers", 7s}});
  view.on_quota_waits({{"HF", "resolvers", 6s}});
  const std::string t = text();
  EXPECT_EQ(t,
            "{\"bucket\":\"resolvers\",\"event\":\"quota_wait\",\"format_version\":1,"
            "\"hub\":\"HF\",\"resets_in_s\":7}\n");
}

// The embedded README counts as a file to copy, as in the plan and the summary.
TEST_F(ProgressViewTest, CountsEmbeddedFilesLikeThePlan) {
  ProgressView view(options(ProgressMode::lines));
  view.on_apply_started({1, 3, 3'000, 1, 1, 60});
  EXPECT_TRUE(contains(text(),
                       "Applying: 1 mirror(s), 3 file(s) (3.0 kB) to copy: 2 in 1 "
                       "task(s), 1 rewritten file(s) sent with the commit."))
      << text();
}

TEST_F(ProgressViewTest, JsonEventsNameEveryFileNotDeleted) {
  ProgressView view(options(ProgressMode::json));
  ApplyReport r;
  r.mirrors = {refused_deletes()};
  view.on_mirror_finished(r.mirrors[0]);
  view.on_apply_finished(r);
  const std::string out = text();
  const std::string files =
      R"("not_deleted":[{"error":"refused for this token","path":"old.bin"},)";
  EXPECT_TRUE(contains(out, R"("event":"mirror_finished")")) << out;
  EXPECT_TRUE(contains(out, R"("event":"apply_finished")")) << out;
  const std::size_t first = out.find(files);
  ASSERT_NE(first, std::string::npos) << out;
  EXPECT_NE(out.find(files, first + 1), std::string::npos) << out;  // in both events
  EXPECT_TRUE(contains(out, R"("ok":false)")) << out;
}

// Files the Hub copied server-side count as copied, and are not in the streamed total.
TEST_F(ProgressViewTest, CountsServerSideCopiesLikeThePlan) {
  ProgressView view(options(ProgressMode::lines));
  view.on_apply_started({1, 4, 4'000, 1, 0, 0, 3, 3'000});
  EXPECT_TRUE(contains(text(),
                       "Applying: 1 mirror(s), 4 file(s) (4.0 kB) to copy: 1 in 1 task(s), 3 "
                       "copied server-side (3.0 kB not streamed)."))
      << text();
}

}  // namespace
}  // namespace hf2ms::cli::views
