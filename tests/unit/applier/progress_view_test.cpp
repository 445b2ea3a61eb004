// The pure text of the apply progress and summary (cli/views/progress_view.hpp).
#include "cli/views/progress_view.hpp"

#include <gtest/gtest.h>

namespace hf2ms::cli::views {
namespace {

using applier::ApplyOutcome;
using applier::ApplyReport;
using applier::MirrorResult;
using applier::MirrorStatus;

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
  EXPECT_EQ(render_apply_summary(r),
            "Apply interrupted: 0 mirrors applied, 1 failed. 0 files (0 B) copied, 0 deleted.\n"
            "  x ms:acme/a: cancelled\n"
            "Nothing half-uploaded was committed; run `hf2ms apply` again to finish.\n");
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

}  // namespace
}  // namespace hf2ms::cli::views
