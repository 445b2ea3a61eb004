// Writers of the task.hpp values. Keys come out sorted (nlohmann's object is a std::map), so
// the same value always gives the same line.
#include "transfer/task_json.hpp"

#include "hub/base64.hpp"

#include <nlohmann/json.hpp>

namespace hf2ms::transfer {

namespace {

using nlohmann::json;

std::string dump(const json& j) {
  // Invalid UTF-8 is replaced rather than thrown (paths come from hub JSON, so it is valid).
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json hubs_json(const std::vector<HubAccess>& hubs) {
  json out = json::array();
  for (const HubAccess& h : hubs) {
    out.push_back({{"hub", manifest::to_string(h.hub)},
                   {"endpoint", h.endpoint},
                   {"token_env", h.token_env}});
  }
  return out;
}

json source_json(const SourceRepo& s) {
  return {{"hub", manifest::to_string(s.hub)},
          {"type", manifest::to_string(s.type)},
          {"id", s.id},
          {"commit", s.commit},
          {"revision", s.revision}};
}

json target_json(const TargetRepo& t) {
  return {{"hub", manifest::to_string(t.hub)},
          {"type", manifest::to_string(t.type)},
          {"id", t.id},
          {"branch", t.branch}};
}

json file_json(const TaskFile& f) {
  return {{"path", f.path},
          {"size", f.size},
          {"sha256", opt(f.sha256)},
          {"source_git_oid", opt(f.source_git_oid)},
          {"source_lfs", f.source_lfs}};
}

json step_json(const plan::Step& s) {
  return {{"path", s.path},
          {"action", plan::to_string(s.action)},
          {"size", s.size},
          {"sha256", opt(s.sha256)},
          {"source_git_oid", opt(s.source_git_oid)},
          {"source_lfs", s.source_lfs},
          {"transport", plan::to_string(s.transport)},
          {"content", opt(s.content)}};
}

json result_value(const TaskResult& r) {
  json files = json::array();
  for (const FileResult& f : r.files) {
    files.push_back({{"mirror", f.mirror},
                     {"path", f.path},
                     {"size", f.size},
                     {"sha256", opt(f.sha256)},
                     {"git_oid", opt(f.git_oid)},
                     {"content", f.content ? json(hub::encode_base64(*f.content)) : json()},
                     {"storage", to_string(f.storage)},
                     {"status", to_string(f.status)},
                     {"error", f.error}});
  }
  return {{"task", r.task}, {"ok", r.ok},       {"error", r.error},    {"retryable", r.retryable},
          {"files", files}, {"bytes", r.bytes}, {"seconds", r.seconds}};
}

}  // namespace

std::string_view to_string(FileStatus status) {
  switch (status) {
    case FileStatus::uploaded:
      return "uploaded";
    case FileStatus::already_present:
      return "already_present";
    case FileStatus::inline_deferred:
      return "inline_deferred";
    case FileStatus::ignored:
      return "ignored";
    case FileStatus::failed:
      break;
  }
  return "failed";
}

std::string_view to_string(MirrorOutcome outcome) {
  switch (outcome) {
    case MirrorOutcome::applied:
      return "applied";
    case MirrorOutcome::failed:
      return "failed";
    case MirrorOutcome::skipped:
      break;
  }
  return "skipped";
}

std::string_view to_string(hub::Storage storage) {
  return storage == hub::Storage::lfs ? "lfs" : "inline";
}

const std::string& read_revision(const SourceRepo& source) {
  return source.hub == manifest::Hub::ms && !source.revision.empty() ? source.revision
                                                                     : source.commit;
}

const HubAccess* find_hub(const std::vector<HubAccess>& hubs, manifest::Hub hub) {
  for (const HubAccess& h : hubs) {
    if (h.hub == hub) {
      return &h;
    }
  }
  return nullptr;
}

std::string task_to_json(const Task& task) {
  json groups = json::array();
  for (const MirrorGroup& g : task.groups) {
    json files = json::array();
    for (const TaskFile& f : g.files) {
      files.push_back(file_json(f));
    }
    groups.push_back({{"mirror", g.mirror},
                      {"source", source_json(g.source)},
                      {"target", target_json(g.target)},
                      {"files", files}});
  }
  return dump({{"format_version", task.format_version},
               {"index", task.index},
               {"hubs", hubs_json(task.hubs)},
               {"groups", groups}});
}

std::string result_to_json(const TaskResult& result) { return dump(result_value(result)); }

std::string results_to_json(const std::vector<TaskResult>& results) {
  json out = json::array();
  for (const TaskResult& r : results) {
    out.push_back(result_value(r));
  }
  return dump(out);
}

std::string commit_job_to_json(const CommitJob& job) {
  json mirrors = json::array();
  for (const CommitMirror& m : job.mirrors) {
    json steps = json::array();
    for (const plan::Step& s : m.steps) {
      steps.push_back(step_json(s));
    }
    json mirror{{"mirror", m.mirror},
                {"source", source_json(m.source)},
                {"target", target_json(m.target)},
                {"parent_commit", opt(m.parent_commit)},
                {"steps", steps}};
    if (m.ref) {
      mirror["ref"] = {{"kind", plan::to_string(m.ref->kind)},
                       {"name", m.ref->name},
                       {"op", plan::to_string(m.ref->op)},
                       {"start_point", opt(m.ref->start_point)}};
    }
    mirrors.push_back(std::move(mirror));
  }
  return dump({{"format_version", job.format_version},
               {"hubs", hubs_json(job.hubs)},
               {"mirrors", mirrors}});
}

std::string report_to_json(const CommitReport& report) {
  json mirrors = json::array();
  for (const MirrorReport& m : report.mirrors) {
    mirrors.push_back({{"mirror", m.mirror},
                       {"target", m.target},
                       {"outcome", to_string(m.outcome)},
                       {"commits", m.commits},
                       {"error", m.error},
                       {"ignored", m.ignored}});
    if (!m.not_deleted.empty()) {
      mirrors.back()["not_deleted"] = m.not_deleted;
    }
  }
  return dump({{"format_version", k_task_format_version}, {"ok", report.ok}, {"mirrors", mirrors}});
}

}  // namespace hf2ms::transfer
