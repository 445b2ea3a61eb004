// The pure half of the Modal executor: the job it submits, the command line and environment
// it runs `modal` with, and the reading of the result the app writes (modal_executor.hpp).
#include "applier/commit_step.hpp"
#include "applier/modal_executor.hpp"
#include "transfer/make_tasks.hpp"
#include "transfer/task_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <string_view>

namespace hf2ms::applier {
namespace {

using nlohmann::json;

bool has_work(const plan::MirrorPlan& m) {
  return m.action == plan::MirrorAction::create || m.action == plan::MirrorAction::update;
}

std::vector<FileToCopy> sized_files(const plan::Plan& plan) {
  std::vector<FileToCopy> out;
  for (std::size_t i = 0; i < plan.mirrors.size(); ++i) {
    for (const plan::Step& s :
         has_work(plan.mirrors[i]) ? plan.mirrors[i].steps : std::vector<plan::Step>{}) {
      if (transfer::is_copied_by_task(s)) {
        out.push_back({i, s.path, s.size});
      }
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& p : parts) {
    out += (out.empty() ? "" : std::string(separator)) + p;
  }
  return out;
}

Diagnostics problem(std::string_view name, const std::string& summary) {
  Diagnostics d;
  d.error(summary, "", SourceLocation{std::string(name), 0, 0});
  return d;
}

// Splits the parsed result into its parts, each handed to its own strict reader.
Expected<ModalOutcome, Diagnostics> read_outcome(const json& doc, std::string_view name) {
  ModalOutcome out;
  auto text = [&](const char* key) {
    return doc.contains(key) && doc[key].is_string() ? std::optional(doc[key].get<std::string>())
                                                     : std::nullopt;
  };
  out.status = text("status").value_or("");
  if (doc.value("detached", false)) {
    out.detached = true;
    out.function_call_id = text("function_call_id");
    out.app_file = text("app_file");
    return out;
  }
  if ((out.status == "running" || out.status == "unknown") && !doc.contains("tasks")) {
    return out;  // a fetched summary that is not there (yet)
  }
  if (!doc.contains("tasks") || !doc.contains("commit")) {
    return unexpected(problem(name, "the Modal result has no \"tasks\" or no \"commit\""));
  }
  auto results = transfer::results_from_json(doc["tasks"].dump(), name);
  if (!results) {
    return unexpected(results.error());
  }
  out.results = std::move(*results);
  const json& commit = doc["commit"];
  if (commit.is_object() && commit.contains("mirrors")) {
    auto report = transfer::report_from_json(commit.dump(), name);
    if (!report) {
      return unexpected(report.error());
    }
    out.commit = std::move(*report);
  } else {
    // The commit step refused before committing anything: its line is {"error": ...}.
    const bool has_error =
        commit.is_object() && commit.contains("error") && commit["error"].is_string();
    out.commit_error = has_error ? commit["error"].get<std::string>() : "no commit report";
  }
  return out;
}

}  // namespace

ModalJob make_modal_job(const plan::Plan& plan, const std::vector<transfer::HubAccess>& hubs,
                        const ShardOptions& options) {
  const std::vector<Shard> shards = make_shards(sized_files(plan), options);
  return ModalJob{make_tasks(plan, shards, hubs), transfer::make_commit_job(plan, hubs)};
}

std::string job_to_json(const ModalJob& job) {
  std::vector<std::string> tasks;
  tasks.reserve(job.tasks.size());
  for (const transfer::Task& t : job.tasks) {
    tasks.push_back(transfer::task_to_json(t));
  }
  return "{\"tasks\":[" + join(tasks, ",") +
         "],\"commit\":" + transfer::commit_job_to_json(job.commit) + "}\n";
}

std::vector<std::string> modal_argv(const ModalCommand& c) {
  std::vector<std::string> argv = {c.modal_program, "run"};  // no -q: it hides container logs
  if (c.detach == Detach::yes) {
    argv.emplace_back("-d");
  }
  for (const std::string& a : {std::string("-w"), c.result_file, c.app_file + "::main",
                               std::string("--job"), c.job_file}) {
    argv.push_back(a);
  }
  if (c.detach == Detach::yes) {
    argv.emplace_back("--detach");
  }
  return argv;
}

std::vector<std::string> status_argv(const std::string& modal_program, const std::string& app_file,
                                     const std::string& result_file, const std::string& app_id) {
  return {modal_program, "run", "-w", result_file, app_file + "::status", "--app-id", app_id};
}

std::vector<std::string> token_variables(const std::vector<transfer::HubAccess>& hubs,
                                         const std::vector<std::string>& env) {
  std::vector<std::string> names;
  for (const transfer::HubAccess& h : hubs) {
    const auto value = h.token_env.empty() ? std::nullopt : find_variable(env, h.token_env);
    if (value && !value->empty() &&
        std::find(names.begin(), names.end(), h.token_env) == names.end()) {
      names.push_back(h.token_env);
    }
  }
  return names;
}

namespace {

// What the `modal` CLI and deploy/modal/hf2ms_modal.py read: the system basics, Python's own
// settings, proxies and CA bundles, Modal's configuration, and hf2ms's (HF2MS_SRC,
// HF2MS_PREBUILT, HF2MS_BIN, ...). A trailing '*' is a prefix.
constexpr std::array<std::string_view, 27> k_modal_child_variables{
    "PATH",           "HOME",         "USER",
    "LOGNAME",        "SHELL",        "LANG",
    "LC_*",           "TZ",           "TERM",
    "NO_COLOR",       "TMPDIR",       "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME", "PYTHON*",      "VIRTUAL_ENV",
    "SSL_CERT_FILE",  "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE", "HTTP_PROXY",   "HTTPS_PROXY",
    "NO_PROXY",       "http_proxy",   "https_proxy",
    "no_proxy",       "MODAL_*",      "HF2MS_*"};

bool matches(std::string_view pattern, std::string_view name) {
  if (pattern.ends_with('*')) {
    return name.starts_with(pattern.substr(0, pattern.size() - 1));
  }
  return name == pattern;
}

// HF2MS_MODAL_ENV: extra names (or NAME* prefixes) the operator passes on, comma-separated.
std::vector<std::string> extra_variables(const std::vector<std::string>& env) {
  std::vector<std::string> out;
  const std::string list = find_variable(env, "HF2MS_MODAL_ENV").value_or("");
  std::size_t at = 0;
  while (at <= list.size()) {
    const std::size_t end = std::min(list.find(',', at), list.size());
    if (end > at) {
      out.push_back(list.substr(at, end - at));
    }
    at = end + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> modal_child_environment(const std::vector<std::string>& env,
                                                 const std::vector<std::string>& names) {
  const std::vector<std::string> extra = extra_variables(env);
  std::vector<std::string> out;
  for (const std::string& entry : env) {
    const std::string_view name = std::string_view(entry).substr(0, entry.find('='));
    const auto hit = [name](std::string_view p) { return matches(p, name); };
    if (std::any_of(k_modal_child_variables.begin(), k_modal_child_variables.end(), hit) ||
        std::any_of(extra.begin(), extra.end(), hit) ||
        std::find(names.begin(), names.end(), name) != names.end()) {
      out.push_back(entry);
    }
  }
  return out;
}

std::vector<std::string> modal_environment(std::vector<std::string> env,
                                           const std::vector<std::string>& names) {
  return with_variable(modal_child_environment(env, names), "HF2MS_SECRET_VARS", join(names, ","));
}

Expected<ModalOutcome, Diagnostics> parse_modal_result(std::string_view text,
                                                       std::string_view name) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    return unexpected(problem(name, std::string("the Modal result is not JSON: ") + e.what()));
  }
  if (!doc.is_object()) {
    return unexpected(problem(name, "the Modal result is not a JSON object"));
  }
  return read_outcome(doc, name);
}

std::optional<std::string> app_id_from_line(std::string_view line) {
  constexpr std::string_view k_prefix = "HF2MS_APP_ID=";
  if (!line.starts_with(k_prefix) || line.size() == k_prefix.size()) {
    return std::nullopt;
  }
  return std::string(line.substr(k_prefix.size()));
}

std::string follow_up_text(const std::optional<std::string>& app_id, const ModalOutcome& outcome,
                           const std::string& check_command) {
  const std::string id = app_id.value_or("<app-id from `modal app list`>");
  std::string text = "The transfer goes on in Modal after this command returns (app " + id;
  text += outcome.function_call_id ? ", call " + *outcome.function_call_id + ")." : ").";
  text += "\n  follow its logs:  modal app logs " + id + " -f";
  text += "\n  stop it:          modal app stop " + id + " -y";
  if (outcome.app_file) {
    text += "\n  fetch summary:    modal run " + *outcome.app_file + "::status --app-id " + id +
            " -w summary.json";
  }
  text +=
      "\n  see convergence:  " + check_command + "   (no changes left = the mirrors are in sync)\n";
  return text;
}

}  // namespace hf2ms::applier
