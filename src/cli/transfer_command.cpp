// `hf2ms transfer`: the worker entry point that executors run (deploy/modal/hf2ms_modal.py).
//   hf2ms transfer --task FILE [--progress-lines] runs one task (transfer/engine.hpp); with
//                                                 --progress-lines it also writes progress
//                                                 lines on stderr (applier/remote_progress.hpp)
//   hf2ms transfer --commit FILE --results FILE   runs the commit step (applier/commit_step.hpp)
// stdout gets exactly one JSON line (a TaskResult or a CommitReport, task_json.hpp); logs go
// to stderr. Exit status: 0 done; 75 (EX_TEMPFAIL) a transient failure worth running the task
// again; 1 anything else. Tokens come from the environment variables the task names.
#include "applier/commit_step.hpp"
#include "applier/remote_progress.hpp"
#include "cli/commands_list.hpp"
#include "transfer/engine.hpp"
#include "transfer/task_json.hpp"
#include "util/file.hpp"
#include "util/hardening.hpp"
#include "util/log.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

namespace hf2ms::cli {
namespace {

inline constexpr int k_exit_retry = 75;

struct TransferArgs {
  std::string task;
  std::string commit;
  std::string results;
  std::size_t buffer_mib = 32;
  std::size_t max_files = 4;
  int attempts = 4;
  bool progress_lines = false;
};

// "peak_rss_kib=N write_bytes=M" from /proc/self (Linux): the proof that a transfer stayed in
// bounded memory and off the disk (tests and bench/transfer_bench read it from stderr).
std::string resource_usage() {
  auto field = [](const std::string& path, const std::string& key) -> std::string {
    auto text = read_own_proc_file(path);  // main() made the process non-dumpable
    if (!text) {
      return "?";
    }
    const std::size_t at = text->find(key);
    if (at == std::string::npos) {
      return "?";
    }
    const std::size_t start = text->find_first_of("0123456789", at + key.size());
    const std::size_t end = text->find_first_not_of("0123456789", start);
    return start == std::string::npos ? "?" : text->substr(start, end - start);
  };
  return "peak_rss_kib=" + field("/proc/self/status", "VmHWM:") +
         " write_bytes=" + field("/proc/self/io", "write_bytes:");
}

void print_line(const std::string& json) {
  std::fputs((json + "\n").c_str(), stdout);
  std::fflush(stdout);
}

// A failure before any work: still one JSON line, so the executor can read why.
int refuse(const std::string& why, int exit_code) {
  std::fprintf(stderr, "hf2ms: %s\n", why.c_str());
  transfer::TaskResult r;
  r.error = why;
  print_line(transfer::result_to_json(r));
  return exit_code;
}

// The pieces every mode needs: a control engine and the hub clients (main() holds curl).
struct Runtime {
  std::unique_ptr<http::Engine> engine;
  std::unique_ptr<hub::EnginePerformer> performer;
  std::unique_ptr<transfer::AccessHubClients> clients;
};

Result<std::unique_ptr<Runtime>> make_runtime(const std::vector<transfer::HubAccess>& hubs) {
  auto engine = http::Engine::create();
  if (!engine) {
    return unexpected(engine.error());
  }
  auto rt = std::make_unique<Runtime>(Runtime{std::move(*engine), {}, {}});
  rt->performer = std::make_unique<hub::EnginePerformer>(*rt->engine);
  rt->clients =
      std::make_unique<transfer::AccessHubClients>(hubs, *rt->performer, transfer::process_env());
  return rt;
}

int run_task_file(const TransferArgs& args) {
  auto text = read_file(args.task);
  if (!text) {
    return refuse(text.error().message, k_exit_error);
  }
  auto task = transfer::task_from_json(*text, args.task);
  if (!task) {
    std::fputs(render(task.error()).c_str(), stderr);
    return refuse("unreadable task file " + args.task, k_exit_error);
  }
  auto rt = make_runtime(task->hubs);
  if (!rt) {
    return refuse(describe(rt.error()), k_exit_retry);
  }
  transfer::TransferOptions options;
  options.buffer_bytes = args.buffer_mib << 20;
  options.max_files = args.max_files;
  options.max_attempts = args.attempts;
  options.engine.retry.max_attempts = std::min(options.engine.retry.max_attempts, args.attempts);
  // On Modal the workers' stderr reaches the local hf2ms, which shows the bytes moving
  // (applier/remote_progress.hpp).
  applier::ProgressLineWriter lines(*task, [](const std::string& line) {
    std::fputs((line + "\n").c_str(), stderr);
    std::fflush(stderr);
  });
  const transfer::TaskResult result =
      transfer::run_task(*task, *(*rt)->clients, options, args.progress_lines ? &lines : nullptr);
  log::info("hf2ms: transfer resources: " + resource_usage());
  print_line(transfer::result_to_json(result));
  if (result.ok) {
    return k_exit_ok;
  }
  return result.retryable ? k_exit_retry : k_exit_error;
}

int run_commit_file(const TransferArgs& args) {
  auto job_text = read_file(args.commit);
  auto results_text = read_file(args.results);
  if (!job_text || !results_text) {
    return refuse((job_text ? results_text.error() : job_text.error()).message, k_exit_error);
  }
  auto job = transfer::commit_job_from_json(*job_text, args.commit);
  auto results = transfer::results_from_json(*results_text, args.results);
  if (!job || !results) {
    std::fputs(render(job ? results.error() : job.error()).c_str(), stderr);
    return refuse("unreadable commit job or results file", k_exit_error);
  }
  auto rt = make_runtime(job->hubs);
  if (!rt) {
    return refuse(describe(rt.error()), k_exit_error);
  }
  const transfer::CommitReport report = applier::run_commit_job(*job, *results, *(*rt)->clients);
  print_line(transfer::report_to_json(report));
  return report.ok ? k_exit_ok : k_exit_error;
}

int run_transfer(const TransferArgs& args) {
  if (!args.task.empty() == !args.commit.empty() ||
      (!args.commit.empty() && args.results.empty())) {
    return refuse("use either --task FILE, or --commit FILE --results FILE", k_exit_error);
  }
  return args.task.empty() ? run_commit_file(args) : run_task_file(args);
}

}  // namespace

Action setup_transfer(CLI::App& sub) {
  auto args = std::make_shared<TransferArgs>();
  sub.add_option("--task", args->task, "Task file to run (JSON, written by hf2ms apply)");
  sub.add_option("--commit", args->commit, "Commit job file (JSON) to run after all tasks");
  sub.add_option("--results", args->results, "JSON array of the tasks' result lines");
  sub.add_option("--buffer-mib", args->buffer_mib, "Memory for file data in flight (MiB)")
      ->capture_default_str();
  sub.add_option("--max-files", args->max_files, "Files streaming at once")->capture_default_str();
  sub.add_option("--attempts", args->attempts, "Attempts per request and per part")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  sub.add_flag("--progress-lines", args->progress_lines,
               "Write progress lines on stderr for the local progress view (Modal)");
  return [args] { return run_transfer(*args); };
}

}  // namespace hf2ms::cli
