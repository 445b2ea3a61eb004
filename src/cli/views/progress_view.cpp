// ProgressView: turns apply events into the live block, plain lines or NDJSON.
#include "cli/views/progress_view.hpp"

#include "cli/views/plan_view.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace hf2ms::cli::views {
namespace {

using nlohmann::json;

std::string_view event_name(applier::MirrorEvent e) {
  switch (e) {
    case applier::MirrorEvent::repo_created:
      return "repo_created";
    case applier::MirrorEvent::visibility_set:
      return "visibility_set";
    case applier::MirrorEvent::committing:
      return "committing";
  }
  return "committing";
}

// One NDJSON line; invalid UTF-8 in paths is replaced rather than thrown about.
std::string dump(json j) {
  j["format_version"] = 1;
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

// One mirror's result, as both mirror_finished and apply_finished carry it. `not_deleted`:
// the remove steps the target hub refused for the token, one object per file.
json mirror_json(const applier::MirrorResult& m) {
  json not_deleted = json::array();
  for (const std::string& path : m.not_deleted) {
    not_deleted.push_back({{"path", path}, {"error", "refused for this token"}});
  }
  return {{"mirror", m.mirror},         {"target", m.target},   {"status", to_string(m.status)},
          {"reason", m.reason},         {"commits", m.commits}, {"files_deleted", m.files_deleted},
          {"not_deleted", not_deleted}, {"ignored", m.ignored}};
}

json report_json(const applier::ApplyReport& r) {
  json mirrors = json::array();
  for (const applier::MirrorResult& m : r.mirrors) {
    mirrors.push_back(mirror_json(m));
  }
  json stale = json::array();
  for (const applier::StaleTarget& s : r.stale) {
    stale.push_back({{"mirror", s.mirror}, {"target", s.target}, {"how", s.how}});
  }
  return {{"event", "apply_finished"},
          {"outcome", to_string(r.outcome)},
          {"ok", r.ok()},
          {"error", r.error},
          {"stale", stale},
          {"mirrors", mirrors},
          {"files_copied", r.files_copied()},
          {"bytes_copied", r.bytes_copied()},
          {"files_deleted", r.files_deleted()},
          {"bytes_streamed", r.bytes_streamed},
          {"files_copied_server_side", r.files_copied_server_side}};
}

}  // namespace

ProgressView::ProgressView(ProgressOptions options) : options_(std::move(options)) {
  if (!options_.now) {
    options_.now = [] { return std::chrono::steady_clock::now(); };
  }
  started_ = options_.now();
  last_output_ = started_;
}

double ProgressView::elapsed() const {
  return std::chrono::duration<double>(options_.now() - started_).count();
}

void ProgressView::emit_json(const std::string& line) {
  std::fputs(line.c_str(), options_.json_out);
  std::fflush(options_.json_out);
}

void ProgressView::note(const std::string& text) {
  if (options_.mode == ProgressMode::json) {
    return;
  }
  if (options_.mode == ProgressMode::live) {
    for (; drawn_lines_ > 0; --drawn_lines_) {
      std::fputs("\x1b[1A\x1b[2K", options_.progress_out);  // up one line, clear it
    }
  }
  std::fputs((text + "\n").c_str(), options_.progress_out);
  if (options_.mode == ProgressMode::live) {
    redraw();
  }
  std::fflush(options_.progress_out);
}

void ProgressView::redraw() {
  for (; drawn_lines_ > 0; --drawn_lines_) {
    std::fputs("\x1b[1A\x1b[2K", options_.progress_out);
  }
  const std::string block = render_progress_block(state_, elapsed());
  std::fputs(block.c_str(), options_.progress_out);
  drawn_lines_ = static_cast<std::size_t>(std::count(block.begin(), block.end(), '\n'));
  std::fflush(options_.progress_out);
}

void ProgressView::tick(bool force) {
  const auto now = options_.now();
  const auto interval =
      options_.mode == ProgressMode::live ? options_.redraw_interval : options_.line_interval;
  if (!force && now - last_output_ < interval) {
    return;
  }
  last_output_ = now;
  if (options_.mode == ProgressMode::live) {
    redraw();
  } else if (options_.mode == ProgressMode::lines) {
    note("Progress: " + render_progress_line(state_, elapsed()) + ", " +
         std::to_string(state_.files_done) + "/" + std::to_string(state_.files_total) + " files");
  } else {
    emit_json(dump({{"event", "progress"},
                    {"bytes_done", state_.bytes_done},
                    {"bytes_total", state_.bytes_total},
                    {"files_done", state_.files_done},
                    {"files_total", state_.files_total},
                    {"seconds", elapsed()}}));
  }
}

void ProgressView::on_apply_started(const applier::ApplyStart& start) {
  const std::lock_guard lock(mutex_);
  state_.started = true;
  state_.started_at = elapsed();
  // The progress counts what the tasks stream; embedded files go with the commit.
  // Server-side copies were done by the Hub before the tasks started.
  state_.files_total = start.files - start.embedded - start.server_copied;
  state_.bytes_total = start.bytes - start.embedded_bytes - start.server_copied_bytes;
  state_.mirrors_total = start.mirrors;
  if (options_.mode == ProgressMode::json) {
    emit_json(dump({{"event", "apply_started"},
                    {"mirrors", start.mirrors},
                    {"files", start.files},
                    {"bytes", start.bytes},
                    {"tasks", start.tasks},
                    {"embedded", start.embedded},
                    {"server_copied", start.server_copied}}));
    return;
  }
  std::string how = " in " + std::to_string(start.tasks) + " task(s)";
  if (start.embedded > 0 || start.server_copied > 0) {
    how = ": " + std::to_string(start.files - start.embedded - start.server_copied) + how;
    if (start.embedded > 0) {
      how += ", " + std::to_string(start.embedded) + " rewritten file(s) sent with the commit";
    }
    if (start.server_copied > 0) {
      how += ", " + std::to_string(start.server_copied) + " copied server-side (" +
             format_bytes(start.server_copied_bytes) + " not streamed)";
    }
  }
  note("Applying: " + std::to_string(start.mirrors) + " mirror(s), " + std::to_string(start.files) +
       " file(s) (" + format_bytes(start.bytes) + ") to copy" + how + ".");
}

void ProgressView::on_mirror_event(std::size_t mirror, const std::string& target,
                                   applier::MirrorEvent event, const std::string& detail) {
  const std::lock_guard lock(mutex_);
  targets_[mirror] = target;
  if (options_.mode == ProgressMode::json) {
    emit_json(dump({{"event", event_name(event)},
                    {"mirror", mirror},
                    {"target", target},
                    {"detail", detail}}));
    return;
  }
  switch (event) {
    case applier::MirrorEvent::repo_created:
      note(target + ": created (" + detail + ")");
      break;
    case applier::MirrorEvent::visibility_set:
      note(target + ": visibility set to " + detail);
      break;
    case applier::MirrorEvent::committing:
      note(target + ": committing");
      break;
  }
}

void ProgressView::on_step_started(std::size_t mirror, const std::string& path,
                                   std::uint64_t size) {
  const std::lock_guard lock(mutex_);
  state_.in_flight[path] = {0, size};
  if (options_.mode == ProgressMode::json) {
    emit_json(
        dump({{"event", "file_started"}, {"mirror", mirror}, {"path", path}, {"size", size}}));
  }
  tick(false);
}

void ProgressView::on_bytes(std::size_t /*mirror*/, const std::string& path, std::uint64_t bytes) {
  const std::lock_guard lock(mutex_);
  state_.bytes_done += bytes;
  if (auto it = state_.in_flight.find(path); it != state_.in_flight.end()) {
    it->second.first += bytes;
  }
  tick(false);
}

void ProgressView::on_step_finished(const transfer::FileResult& result) {
  const std::lock_guard lock(mutex_);
  state_.in_flight.erase(result.path);
  if (result.status == transfer::FileStatus::failed) {
    ++state_.files_failed;
  } else {
    ++state_.files_done;
    if (result.status != transfer::FileStatus::uploaded) {
      state_.bytes_done += result.size;  // nothing streamed: it counts as done
    }
  }
  if (options_.mode == ProgressMode::json) {
    emit_json(dump({{"event", "file_finished"},
                    {"mirror", result.mirror},
                    {"path", result.path},
                    {"size", result.size},
                    {"status", transfer::to_string(result.status)},
                    {"error", result.error}}));
  } else if (result.status == transfer::FileStatus::failed) {
    note(targets_[result.mirror] + (targets_[result.mirror].empty() ? "" : " ") + result.path +
         ": failed: " + result.error);
  }
  tick(false);
}

void ProgressView::on_mirror_finished(const applier::MirrorResult& result) {
  const std::lock_guard lock(mutex_);
  if (result.status == applier::MirrorStatus::applied ||
      result.status == applier::MirrorStatus::failed) {
    ++state_.mirrors_done;
  }
  if (options_.mode == ProgressMode::json) {
    json event = mirror_json(result);
    event["event"] = "mirror_finished";
    emit_json(dump(std::move(event)));
  }
}

void ProgressView::on_apply_finished(const applier::ApplyReport& report) {
  const std::lock_guard lock(mutex_);
  finished_ = true;
  if (options_.mode == ProgressMode::json) {
    emit_json(dump(report_json(report)));
    return;
  }
  if (options_.mode == ProgressMode::live && report.outcome != applier::ApplyOutcome::stale &&
      report.outcome != applier::ApplyOutcome::unchecked) {
    redraw();  // the final numbers stay on screen
    drawn_lines_ = 0;
  }
}

void ProgressView::on_quota_waits(const std::vector<applier::QuotaWait>& waits) {
  const std::lock_guard lock(mutex_);
  if (finished_) {
    return;  // the summary follows; a wait of the last moment is over by then
  }
  const bool is_new = has_new_quota_wait(state_.quota_waits, waits);
  const bool changed = waits != state_.quota_waits;
  state_.quota_waits = waits;
  if (options_.mode == ProgressMode::live) {
    if (changed) {
      redraw();  // the countdown moves once a second
    }
    return;
  }
  if (!is_new) {
    return;
  }
  if (options_.mode == ProgressMode::lines) {
    const std::string text = render_quota_waits(waits);
    note("W" + text.substr(1));
    return;
  }
  for (const applier::QuotaWait& w : waits) {
    emit_json(dump({{"event", "quota_wait"},
                    {"hub", w.hub},
                    {"bucket", w.bucket},
                    {"resets_in_s", w.resets_in.count()}}));
  }
}

}  // namespace hf2ms::cli::views
