// Progress of `hf2ms apply` for people and machines (STYLE.md §9): an applier::ApplyObserver
// that shows the apply as it runs, in one of three forms chosen by the CLI:
// - live:  on a terminal, a compact block redrawn in place (bytes, rate, ETA, files, the files
//          in flight), in the manner of rclone's -P;
// - lines: otherwise, plain lines: one per mirror event and a progress line every few seconds;
// - json:  NDJSON events (one JSON object per line, "format_version": 1) for programs.
// The rendering helpers are pure (state and time in, text out) so tests can pin them.
#pragma once

#include "applier/apply_observer.hpp"
#include "applier/apply_report.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace hf2ms::cli::views {

enum class ProgressMode { live, lines, json };

// What the progress display knows at one moment.
struct ProgressState {
  // Set by apply_started; before it the totals are unknown (targets are being checked and
  // repos created), so the block says so instead of showing 0 / 0 as 100%.
  bool started = false;
  double started_at = 0;  // seconds after the view began; rates count from here
  std::uint64_t files_total = 0;
  std::uint64_t bytes_total = 0;
  std::uint64_t files_done = 0;  // finished and stored (uploaded or already present)
  std::uint64_t files_failed = 0;
  std::uint64_t bytes_done = 0;   // bytes read from sources, plus skipped files' sizes
  std::size_t mirrors_total = 0;  // mirrors with changes
  std::size_t mirrors_done = 0;   // finished, any status
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> in_flight;  // label → done, size
  std::vector<applier::QuotaWait> quota_waits;  // what requests wait for right now
};

// "1.2 GB / 3.4 GB, 35%, 120.5 MB/s, ETA 18s"; `seconds` since the view began, the rate and ETA
// count from state.started_at.
[[nodiscard]] std::string render_progress_line(const ProgressState& state, double seconds);
// The live block: the line above, the file and mirror counts, up to four files in flight.
[[nodiscard]] std::string render_progress_block(const ProgressState& state, double seconds);
// "waiting for the HF api quota, resets in 42 s" (several joined by "; "); "" for none.
// `hub` is ours and the bucket the hub's answer: the bucket is shown through visible_text.
[[nodiscard]] std::string render_quota_waits(const std::vector<applier::QuotaWait>& waits);
// True when `now` holds a wait `before` did not: another hub or bucket, or the same one again
// after its reset (a later window). A countdown of the same wait is not new.
[[nodiscard]] bool has_new_quota_wait(const std::vector<applier::QuotaWait>& before,
                                      const std::vector<applier::QuotaWait>& now);
// "Apply complete: 2 mirrors applied, 1 failed. 3 files (1.4 GB) copied, 1 deleted." and the
// failures with their reasons (or why the apply was refused or interrupted). Ends with '\n'.
[[nodiscard]] std::string render_apply_summary(const applier::ApplyReport& report);
// "18s", "4m05s", "1h02m".
[[nodiscard]] std::string format_duration(double seconds);

struct ProgressOptions {
  ProgressMode mode = ProgressMode::lines;
  std::FILE* progress_out = stderr;                // live / lines
  std::FILE* json_out = stdout;                    // json
  std::chrono::milliseconds line_interval{5000};   // lines: at most one progress line per
  std::chrono::milliseconds redraw_interval{250};  // live: at most one redraw per
  // The clock (tests pass a fake). Default: steady_clock.
  std::function<std::chrono::steady_clock::time_point()> now;
};

// Thread-safe: on_quota_waits comes from the quota watcher's thread, so every method takes
// one lock.
class ProgressView final : public applier::ApplyObserver {
 public:
  explicit ProgressView(ProgressOptions options);

  void on_apply_started(const applier::ApplyStart& start) override;
  void on_mirror_event(std::size_t mirror, const std::string& target, applier::MirrorEvent event,
                       const std::string& detail) override;
  void on_step_started(std::size_t mirror, const std::string& path, std::uint64_t size) override;
  void on_bytes(std::size_t mirror, const std::string& path, std::uint64_t bytes) override;
  void on_step_finished(const transfer::FileResult& result) override;
  void on_mirror_finished(const applier::MirrorResult& result) override;
  void on_apply_finished(const applier::ApplyReport& report) override;
  // live: a "Waiting:" line in the block; lines: one line when a new wait begins; json: a
  // "quota_wait" event per new wait.
  void on_quota_waits(const std::vector<applier::QuotaWait>& waits) override;

 private:
  [[nodiscard]] double elapsed() const;
  void emit_json(const std::string& line);
  void note(const std::string& text);  // a one-off line above the live block / a plain line
  void tick(bool force);
  void redraw();

  ProgressOptions options_;
  ProgressState state_;
  std::map<std::size_t, std::string> targets_;  // mirror → "ms:ns/name"
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_output_;
  std::size_t drawn_lines_ = 0;  // live: height of the block on screen
  bool finished_ = false;        // on_apply_finished came: the block stays as it is
  std::mutex mutex_;             // every public method holds it
};

}  // namespace hf2ms::cli::views
