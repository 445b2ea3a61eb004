// Readers of the task.hpp values (task_json.hpp), over JsonReader.
#include "hub/base64.hpp"
#include "manifest/repo_path.hpp"
#include "transfer/json_reader.hpp"
#include "transfer/task_json.hpp"

namespace hf2ms::transfer {

namespace {

using nlohmann::json;
using Path = const std::string&;

manifest::Hub hub_of(JsonReader& r, const json& j, Path path) {
  return r.one_of<manifest::Hub>(j, "hub", path,
                                 {{"hf", manifest::Hub::hf}, {"ms", manifest::Hub::ms}});
}

manifest::RepoType type_of(JsonReader& r, const json& j, Path path) {
  return r.one_of<manifest::RepoType>(j, "type", path,
                                      {{"model", manifest::RepoType::model},
                                       {"dataset", manifest::RepoType::dataset},
                                       {"space", manifest::RepoType::space}});
}

void check_version(JsonReader& r, const json& doc) {
  const std::int64_t v = r.i64(doc, "format_version", "");
  if (doc.contains("format_version") && v != k_task_format_version) {
    r.fail("format_version", "version " + std::to_string(v) +
                                 " is not supported (this hf2ms reads " +
                                 std::to_string(k_task_format_version) + ")");
  }
}

std::vector<HubAccess> read_hubs(JsonReader& r, const json& doc) {
  std::vector<HubAccess> out;
  const json* hubs = r.array(doc, "hubs", "");
  for (std::size_t i = 0; hubs != nullptr && i < hubs->size(); ++i) {
    const std::string p = JsonReader::index("hubs", i);
    const json& h = (*hubs)[i];
    if (!r.object(h, p, {"hub", "endpoint", "token_env"})) {
      continue;
    }
    out.push_back({hub_of(r, h, p), r.str(h, "endpoint", p), r.str(h, "token_env", p)});
  }
  return out;
}

// obj[key] when it is an object with only the `allowed` members; otherwise the problem is
// recorded at `path` and nullptr returned.
const json* member_object(JsonReader& r, const json& obj, const std::string& path, const char* key,
                          std::initializer_list<std::string_view> allowed) {
  auto it = obj.find(key);
  if (it == obj.end() || !r.object(*it, path, allowed)) {
    r.fail(path, "missing or not an object");
    return nullptr;
  }
  return &*it;
}

SourceRepo read_source(JsonReader& r, const json& obj, Path parent) {
  const std::string p = JsonReader::join(parent, "source");
  const json* s = member_object(r, obj, p, "source", {"hub", "type", "id", "commit", "revision"});
  if (s == nullptr) {
    return {};
  }
  return {hub_of(r, *s, p), type_of(r, *s, p), r.str(*s, "id", p), r.str(*s, "commit", p),
          r.opt_str(*s, "revision", p).value_or("")};
}

TargetRepo read_target(JsonReader& r, const json& obj, Path parent) {
  const std::string p = JsonReader::join(parent, "target");
  const json* t = member_object(r, obj, p, "target", {"hub", "type", "id", "branch"});
  if (t == nullptr) {
    return {};
  }
  return {hub_of(r, *t, p), type_of(r, *t, p), r.str(*t, "id", p), r.str(*t, "branch", p)};
}

TaskFile read_file(JsonReader& r, const json& f, Path p) {
  TaskFile out;
  if (!r.object(f, p, {"path", "size", "sha256", "source_git_oid", "source_lfs"})) {
    return out;
  }
  out.path = r.str(f, "path", p);
  out.size = r.u64(f, "size", p);
  out.sha256 = r.opt_str(f, "sha256", p);
  out.source_git_oid = r.opt_str(f, "source_git_oid", p);
  out.source_lfs = r.boolean(f, "source_lfs", p);
  return out;
}

MirrorGroup read_group(JsonReader& r, const json& g, Path p) {
  MirrorGroup out;
  if (!r.object(g, p, {"mirror", "source", "target", "files"})) {
    return out;
  }
  out.mirror = r.u64(g, "mirror", p);
  out.source = read_source(r, g, p);
  out.target = read_target(r, g, p);
  const json* files = r.array(g, "files", p);
  for (std::size_t i = 0; files != nullptr && i < files->size(); ++i) {
    out.files.push_back(read_file(r, (*files)[i], JsonReader::index(p + ".files", i)));
  }
  return out;
}

plan::Step read_step(JsonReader& r, const json& s, Path p) {
  plan::Step out;
  if (!r.object(s, p,
                {"path", "action", "size", "sha256", "source_git_oid", "source_lfs", "transport",
                 "content"})) {
    return out;
  }
  out.path = r.str(s, "path", p);
  out.action = r.one_of<plan::Action>(s, "action", p,
                                      {{"create", plan::Action::create},
                                       {"update", plan::Action::update},
                                       {"remove", plan::Action::remove},
                                       {"keep", plan::Action::keep}});
  out.size = r.u64(s, "size", p);
  out.sha256 = r.opt_str(s, "sha256", p);
  out.source_git_oid = r.opt_str(s, "source_git_oid", p);
  out.source_lfs = r.boolean(s, "source_lfs", p);
  out.transport = r.one_of<plan::Transport>(s, "transport", p,
                                            {{"stream", plan::Transport::stream},
                                             {"lfs", plan::Transport::lfs},
                                             {"embedded", plan::Transport::embedded}});
  out.content = r.opt_str(s, "content", p);
  return out;
}

// A ref's name reaches hub URLs: it passes the shared ref check.
plan::RefPlan read_ref(JsonReader& r, const json& j, const std::string& p) {
  plan::RefPlan out;
  if (!r.object(j, p, {"kind", "name", "op", "start_point"})) {
    return out;
  }
  out.kind = r.one_of<plan::RefKind>(
      j, "kind", p, {{"branch", plan::RefKind::branch}, {"tag", plan::RefKind::tag}});
  out.name = r.str(j, "name", p);
  out.op = r.one_of<plan::RefOp>(j, "op", p,
                                 {{"keep", plan::RefOp::keep},
                                  {"create", plan::RefOp::create},
                                  {"replace", plan::RefOp::replace},
                                  {"update", plan::RefOp::update},
                                  {"restore", plan::RefOp::restore}});
  out.start_point = r.opt_str(j, "start_point", p);
  for (const std::string* name : {&out.name, out.start_point ? &*out.start_point : nullptr}) {
    if (name != nullptr && manifest::check_ref(*name)) {
      r.fail(JsonReader::join(p, "name"), "not a valid branch or tag name");
    }
  }
  return out;
}

CommitMirror read_commit_mirror(JsonReader& r, const json& m, Path p) {
  CommitMirror out;
  if (!r.object(m, p, {"mirror", "source", "target", "parent_commit", "steps", "ref"})) {
    return out;
  }
  out.mirror = r.u64(m, "mirror", p);
  out.source = read_source(r, m, p);
  out.target = read_target(r, m, p);
  out.parent_commit = r.opt_str(m, "parent_commit", p);
  const json* steps = r.array(m, "steps", p);
  for (std::size_t i = 0; steps != nullptr && i < steps->size(); ++i) {
    out.steps.push_back(read_step(r, (*steps)[i], JsonReader::index(p + ".steps", i)));
  }
  if (auto ref = m.find("ref"); ref != m.end()) {
    out.ref = read_ref(r, *ref, JsonReader::join(p, "ref"));
  }
  return out;
}

FileResult read_file_result(JsonReader& r, const json& f, Path p) {
  FileResult out;
  if (!r.object(f, p,
                {"mirror", "path", "size", "sha256", "git_oid", "content", "storage", "status",
                 "error"})) {
    return out;
  }
  out.mirror = r.u64(f, "mirror", p);
  out.path = r.str(f, "path", p);
  out.size = r.u64(f, "size", p);
  out.sha256 = r.opt_str(f, "sha256", p);
  out.git_oid = r.opt_str(f, "git_oid", p);
  if (auto text = r.opt_str(f, "content", p)) {
    out.content = hub::decode_base64(*text);
    if (!out.content) {
      r.fail(JsonReader::join(p, "content"), "expected base64");
    }
  }
  out.storage = r.one_of<hub::Storage>(
      f, "storage", p, {{"lfs", hub::Storage::lfs}, {"inline", hub::Storage::inline_}});
  out.status = r.one_of<FileStatus>(f, "status", p,
                                    {{"failed", FileStatus::failed},
                                     {"uploaded", FileStatus::uploaded},
                                     {"already_present", FileStatus::already_present},
                                     {"inline_deferred", FileStatus::inline_deferred},
                                     {"ignored", FileStatus::ignored}});
  out.error = r.str(f, "error", p);
  return out;
}

// Only "task" and "ok" are required: the orchestrator writes {"task","ok","error"} for a task
// whose container died before printing its result.
TaskResult read_result(JsonReader& r, const json& j, Path p) {
  TaskResult out;
  if (!r.object(j, p,
                {"task", "ok", "error", "retryable", "files", "bytes", "seconds", "exit_status"})) {
    return out;
  }
  out.task = r.u64(j, "task", p);
  out.ok = r.boolean(j, "ok", p);
  out.error = r.opt_str(j, "error", p).value_or("");
  out.retryable = j.contains("retryable") && r.boolean(j, "retryable", p);
  out.bytes = j.contains("bytes") ? r.u64(j, "bytes", p) : 0;
  out.seconds = j.contains("seconds") ? r.number(j, "seconds", p) : 0;
  const json* files = j.contains("files") ? r.array(j, "files", p) : nullptr;
  for (std::size_t i = 0; files != nullptr && i < files->size(); ++i) {
    out.files.push_back(read_file_result(r, (*files)[i], JsonReader::index(p + ".files", i)));
  }
  return out;
}

// The array of strings under `key`.
std::vector<std::string> read_strings(JsonReader& r, const json& m, const char* key, Path p) {
  std::vector<std::string> out;
  const json* items = r.array(m, key, p);
  for (std::size_t i = 0; items != nullptr && i < items->size(); ++i) {
    if ((*items)[i].is_string()) {
      out.push_back((*items)[i].get<std::string>());
    } else {
      r.fail(JsonReader::index(p + "." + key, i), "expected a string");
    }
  }
  return out;
}

MirrorReport read_mirror_report(JsonReader& r, const json& m, Path p) {
  MirrorReport out;
  if (!r.object(m, p,
                {"mirror", "target", "outcome", "commits", "error", "not_deleted", "ignored"})) {
    return out;
  }
  out.mirror = r.u64(m, "mirror", p);
  out.target = r.str(m, "target", p);
  out.outcome = r.one_of<MirrorOutcome>(m, "outcome", p,
                                        {{"skipped", MirrorOutcome::skipped},
                                         {"applied", MirrorOutcome::applied},
                                         {"failed", MirrorOutcome::failed}});
  out.commits = read_strings(r, m, "commits", p);
  out.error = r.str(m, "error", p);
  if (m.contains("not_deleted")) {
    out.not_deleted = read_strings(r, m, "not_deleted", p);
  }
  // Optional: reports written before hf2ms knew ignored paths have none.
  if (m.contains("ignored")) {
    out.ignored = read_strings(r, m, "ignored", p);
  }
  return out;
}

template <class T>
Expected<T, Diagnostics> finish(Diagnostics& diags, T value) {
  if (diags.has_errors()) {
    return unexpected(std::move(diags));
  }
  return value;
}

}  // namespace

Expected<Task, Diagnostics> task_from_json(std::string_view text, std::string_view display_name) {
  Diagnostics diags;
  JsonReader r(diags, display_name, "task");
  auto doc = r.parse(text);
  Task task;
  if (doc && r.object(*doc, "", {"format_version", "index", "hubs", "groups"})) {
    check_version(r, *doc);
    task.index = r.u64(*doc, "index", "");
    task.hubs = read_hubs(r, *doc);
    const json* groups = r.array(*doc, "groups", "");
    for (std::size_t i = 0; groups != nullptr && i < groups->size(); ++i) {
      task.groups.push_back(read_group(r, (*groups)[i], JsonReader::index("groups", i)));
    }
  }
  return finish(diags, std::move(task));
}

Expected<std::vector<TaskResult>, Diagnostics> results_from_json(std::string_view text,
                                                                 std::string_view display_name) {
  Diagnostics diags;
  JsonReader r(diags, display_name, "results");
  auto doc = r.parse(text);
  std::vector<TaskResult> out;
  if (doc && !doc->is_array()) {
    r.fail("", "expected an array of task results");
  } else if (doc) {
    for (std::size_t i = 0; i < doc->size(); ++i) {
      out.push_back(read_result(r, (*doc)[i], JsonReader::index("", i)));
    }
  }
  return finish(diags, std::move(out));
}

Expected<CommitJob, Diagnostics> commit_job_from_json(std::string_view text,
                                                      std::string_view display_name) {
  Diagnostics diags;
  JsonReader r(diags, display_name, "commit job");
  auto doc = r.parse(text);
  CommitJob job;
  if (doc && r.object(*doc, "", {"format_version", "hubs", "mirrors"})) {
    check_version(r, *doc);
    job.hubs = read_hubs(r, *doc);
    const json* mirrors = r.array(*doc, "mirrors", "");
    for (std::size_t i = 0; mirrors != nullptr && i < mirrors->size(); ++i) {
      job.mirrors.push_back(read_commit_mirror(r, (*mirrors)[i], JsonReader::index("mirrors", i)));
    }
  }
  return finish(diags, std::move(job));
}

Expected<CommitReport, Diagnostics> report_from_json(std::string_view text,
                                                     std::string_view display_name) {
  Diagnostics diags;
  JsonReader r(diags, display_name, "commit report");
  auto doc = r.parse(text);
  CommitReport report;
  if (doc && r.object(*doc, "", {"format_version", "ok", "mirrors"})) {
    check_version(r, *doc);
    report.ok = r.boolean(*doc, "ok", "");
    const json* mirrors = r.array(*doc, "mirrors", "");
    for (std::size_t i = 0; mirrors != nullptr && i < mirrors->size(); ++i) {
      report.mirrors.push_back(
          read_mirror_report(r, (*mirrors)[i], JsonReader::index("mirrors", i)));
    }
  }
  return finish(diags, std::move(report));
}

}  // namespace hf2ms::transfer
