// The pure text of the progress views and the apply summary.
#include "cli/views/plan_view.hpp"
#include "cli/views/progress_view.hpp"
#include "cli/views/text_safety.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hf2ms::cli::views {
namespace {

using applier::ApplyOutcome;
using applier::ApplyReport;
using applier::MirrorResult;
using applier::MirrorStatus;

std::string plural(std::uint64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string percent(std::uint64_t done, std::uint64_t total) {
  if (total == 0) {
    return "100%";
  }
  const double p = 100.0 * static_cast<double>(std::min(done, total)) / static_cast<double>(total);
  return std::to_string(static_cast<int>(p)) + "%";
}

// "2 mirrors applied, 1 unchanged, 1 skipped, 1 failed"
std::string mirror_counts(const ApplyReport& r) {
  std::string out = plural(r.count(MirrorStatus::applied), "mirror", "mirrors") + " applied";
  for (const auto& [status, word] :
       {std::pair{MirrorStatus::unchanged, "unchanged"},
        std::pair{MirrorStatus::skipped, "skipped"}, std::pair{MirrorStatus::failed, "failed"}}) {
    if (const std::size_t n = r.count(status); n > 0) {
      out += ", " + std::to_string(n) + " " + word;
    }
  }
  return out;
}

std::string file_counts(const ApplyReport& r) {
  return plural(r.files_copied(), "file", "files") + " (" + format_bytes(r.bytes_copied()) +
         ") copied, " + std::to_string(r.files_deleted()) + " deleted.";
}

std::string mirror_lines(const ApplyReport& r) {
  std::string out;
  for (const MirrorResult& m : r.mirrors) {
    if (m.status == MirrorStatus::failed) {
      out += "  x " + m.target + ": " + m.reason + "\n";
      for (const std::string& path : m.not_deleted) {
        out += "      - " + visible_text(path) + ": not deleted (refused for this token)\n";
      }
    } else if (m.status == MirrorStatus::skipped) {
      out += "  ! " + m.target + " skipped: " + m.reason + "\n";
    }
    for (const std::string& path : m.ignored) {
      out += "  ! " + m.target + " " + path +
             ": not copied: the target ignores this path (its .gitignore)\n";
    }
  }
  return out;
}

// What landed before the interrupt, and whether anything is left to do.
std::string interrupted_summary(const ApplyReport& r) {
  if (r.mirrors.empty()) {
    return "Apply interrupted before anything was written; nothing was changed.\n";
  }
  std::string out =
      "Apply interrupted: " + mirror_counts(r) + ". " + file_counts(r) + "\n" + mirror_lines(r);
  for (const MirrorResult& m : r.mirrors) {
    if (m.created && m.status == MirrorStatus::failed) {
      out += "  " + m.target + " was created and is empty (or holds only earlier commits)\n";
    }
  }
  if (r.count(MirrorStatus::failed) == 0) {
    return out +
           "Everything planned had been committed before the interrupt; nothing is left "
           "to do.\n";
  }
  const bool none = r.count(MirrorStatus::applied) == 0;
  return out +
         (none ? "Nothing was committed"
               : "Only the mirrors counted as applied were "
                 "committed") +
         " and nothing half-uploaded is visible; run `hf2ms plan` and `hf2ms apply` again to "
         "finish.\n";
}

}  // namespace

std::string format_duration(double seconds) {
  const auto s = static_cast<long long>(std::llround(std::max(seconds, 0.0)));
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  }
  return buf;
}

std::string render_progress_line(const ProgressState& state, double seconds) {
  std::string out = format_bytes(state.bytes_done) + " / " + format_bytes(state.bytes_total) +
                    ", " + percent(state.bytes_done, state.bytes_total);
  const double transferring = seconds - state.started_at;
  if (transferring > 0) {
    const double rate = static_cast<double>(state.bytes_done) / transferring;
    out += ", " + format_bytes(static_cast<std::uint64_t>(rate)) + "/s";
    if (rate > 0 && state.bytes_done < state.bytes_total) {
      out += ", ETA " +
             format_duration(static_cast<double>(state.bytes_total - state.bytes_done) / rate);
    }
  }
  return out;
}

std::string render_quota_waits(const std::vector<applier::QuotaWait>& waits) {
  std::string out;
  for (const applier::QuotaWait& w : waits) {
    out += (out.empty() ? "" : "; ") + std::string("waiting for the ") + w.hub + " " +
           (w.bucket.empty() ? std::string("request") : visible_text(w.bucket)) +
           " quota, resets in " + std::to_string(w.resets_in.count()) + " s";
  }
  return out;
}

bool has_new_quota_wait(const std::vector<applier::QuotaWait>& before,
                        const std::vector<applier::QuotaWait>& now) {
  for (const applier::QuotaWait& w : now) {
    const auto same = std::find_if(before.begin(), before.end(), [&](const auto& b) {
      return b.hub == w.hub && b.bucket == w.bucket && w.resets_in <= b.resets_in;
    });
    if (same == before.end()) {
      return true;
    }
  }
  return false;
}

std::string render_progress_block(const ProgressState& state, double seconds) {
  const std::string waiting =
      state.quota_waits.empty()
          ? std::string()
          : "Waiting:      " + render_quota_waits(state.quota_waits).substr(8) + "\n";
  if (!state.started) {
    return "Preparing:    checking targets, creating repos\n" + waiting +
           "Elapsed:      " + format_duration(seconds) + "\n";
  }
  std::string out = "Transferred:  " + render_progress_line(state, seconds) + "\n";
  out += "Files:        " + std::to_string(state.files_done) + " / " +
         std::to_string(state.files_total);
  out += state.files_failed > 0 ? " (" + std::to_string(state.files_failed) + " failed)\n" : "\n";
  out += "Mirrors:      " + std::to_string(state.mirrors_done) + " / " +
         std::to_string(state.mirrors_total) + " done\n";
  out += waiting + "Elapsed:      " + format_duration(seconds) + "\n";
  std::size_t shown = 0;
  for (const auto& [label, progress] : state.in_flight) {
    if (shown++ == 4) {
      out += " * ... and " + std::to_string(state.in_flight.size() - 4) + " more\n";
      break;
    }
    out += " * " + label + ": " + percent(progress.first, progress.second) + " of " +
           format_bytes(progress.second) + "\n";
  }
  return out;
}

std::string render_apply_summary(const ApplyReport& r) {
  switch (r.outcome) {
    case ApplyOutcome::stale: {
      std::string out = "Error: the plan is stale; nothing was changed.\n";
      for (const applier::StaleTarget& s : r.stale) {
        out += "  " + s.target + ": " + s.how + "\n";
      }
      return out + "Run `hf2ms plan` again and review the new plan.\n";
    }
    case ApplyOutcome::unchecked:
      return "Error: cannot check the targets before applying; nothing was changed.\n  " + r.error +
             "\n";
    case ApplyOutcome::cancelled:
      return interrupted_summary(r);
    case ApplyOutcome::completed:
      break;
  }
  return "Apply complete: " + mirror_counts(r) + ". " + file_counts(r) + "\n" + mirror_lines(r);
}

}  // namespace hf2ms::cli::views
