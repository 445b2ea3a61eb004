// The Modal executor (DESIGN.md §7, protocols/modal.md §10): runs a whole apply job — every
// transfer task and then the commit step — in Modal containers through the `modal` CLI and
// the app in deploy/modal/hf2ms_modal.py, so that no file byte passes through this machine.
//
// Unlike the local executor it cannot take tasks one at a time: a Modal run submits ALL tasks
// plus the commit job at once (the orchestrator function fans them out with .map() and then
// commits), and with --detach the commits happen remotely after this process has gone. So it
// is a whole-job executor: ModalJob in, ModalOutcome (task results + commit report) out.
//
// What happens in run_modal_job():
//   1. the job is written as JSON to job.json in a private temporary folder (0700, file 0600,
//      both removed afterwards); it holds no token, only the names of token variables;
//   2. `modal run [-d] -w RESULT APP::main --job JOB [--detach]` runs without a shell, its
//      stdout (where `modal run` streams the containers' output; never -q, which turns that
//      stream off) passed on to our stderr line by line (the app's HF2MS_APP_ID=... line is
//      picked up), its stderr inherited, Ctrl-C forwarded once;
//   3. the tokens reach the child only through its environment, under their own names, with
//      HF2MS_SECRET_VARS naming them (the app turns them into an app-owned Modal Secret); the
//      child gets only the variables it needs (modal_child_environment);
//   4. the -w result ({"status": ..., "tasks": [...], "commit": ...}, or {"detached": true,
//      ...}) is read. A detached run's summary stays in Modal (the app's hf2ms-runs Dict, by
//      app id); fetch_modal_summary() reads it later through the app's `status` entrypoint.
// The pure pieces (job JSON, argv, environment, result parsing, follow-up text) are separate
// functions so tests can check them without a process.
#pragma once

#include "applier/executor.hpp"
#include "applier/remote_progress.hpp"
#include "applier/sharding.hpp"
#include "plan/plan.hpp"
#include "transfer/task.hpp"
#include "util/diagnostics.hpp"
#include "util/error.hpp"
#include "util/expected.hpp"
#include "util/process.hpp"

#include <csignal>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::applier {

enum class Detach { no, yes };

// Everything one Modal run carries.
struct ModalJob {
  std::vector<transfer::Task> tasks;
  transfer::CommitJob commit;
};

// The job for `plan`: the files tasks copy, sharded by `options` (make_shards; sizes from the
// plan), one task per shard, and the commit job of every mirror with changes.
[[nodiscard]] ModalJob make_modal_job(const plan::Plan& plan,
                                      const std::vector<transfer::HubAccess>& hubs,
                                      const ShardOptions& options);

// {"tasks":[<task>...],"commit":<commit job>}: what the app's `main --job FILE` reads.
[[nodiscard]] std::string job_to_json(const ModalJob& job);

struct ModalCommand {
  std::string modal_program = "modal";
  std::string app_file;
  std::string job_file;
  std::string result_file;
  Detach detach = Detach::no;
};

// modal run [-d] -w RESULT APP::main --job JOB [--detach]
[[nodiscard]] std::vector<std::string> modal_argv(const ModalCommand& command);

// modal run -w RESULT APP::status --app-id APP_ID (the summary a run left in Modal).
[[nodiscard]] std::vector<std::string> status_argv(const std::string& modal_program,
                                                   const std::string& app_file,
                                                   const std::string& result_file,
                                                   const std::string& app_id);

// The variables of `hubs` that name a token and are set (non-empty) in `env`, deduplicated.
[[nodiscard]] std::vector<std::string> token_variables(const std::vector<transfer::HubAccess>& hubs,
                                                       const std::vector<std::string>& env);

// The part of `env` the `modal` child may see: the variables the Modal CLI and the app need
// (PATH, HOME, locale, TMPDIR, PYTHON*, proxies and CA bundles, MODAL_*, HF2MS_*), the token
// variables `names`, and the names or NAME* prefixes listed in HF2MS_MODAL_ENV (comma-
// separated, set by the operator). Everything else (CI job tokens, cloud keys, other
// secrets) stays behind.
[[nodiscard]] std::vector<std::string> modal_child_environment(
    const std::vector<std::string>& env, const std::vector<std::string>& names);

// modal_child_environment(env, names) plus HF2MS_SECRET_VARS=<names, comma-separated>. The
// token values stay in the child's environment under their own names.
[[nodiscard]] std::vector<std::string> modal_environment(std::vector<std::string> env,
                                                         const std::vector<std::string>& names);

// What the -w result file said.
struct ModalOutcome {
  bool detached = false;
  std::optional<std::string> function_call_id;  // detached runs
  std::optional<std::string> app_file;          // detached runs: the app, for `::status`
  // "finished", "timed_out" (the run's deadline cut a task or the commit short: their errors
  // begin "timed out: "), "running" or "unknown" (a summary fetched before it finished, or
  // never kept); "" from an app that does not say.
  std::string status;
  std::vector<transfer::TaskResult> results;     // attached runs, in task order
  std::optional<transfer::CommitReport> commit;  // the commit step's report
  std::string commit_error;                      // when the commit step gave no report
};

// Reads the -w result; Diagnostics name what is wrong with it.
[[nodiscard]] Expected<ModalOutcome, Diagnostics> parse_modal_result(std::string_view text,
                                                                     std::string_view name);

// The value of an "HF2MS_APP_ID=ap-..." line, if `line` is one.
[[nodiscard]] std::optional<std::string> app_id_from_line(std::string_view line);

// How to follow a detached run: logs, stop, fetching its summary (when the app named its
// file), and `check_command` (a command line that plans again, e.g. "hf2ms plan -f
// hf2ms.toml") to see it converge.
[[nodiscard]] std::string follow_up_text(const std::optional<std::string>& app_id,
                                         const ModalOutcome& outcome,
                                         const std::string& check_command);

// Where the app file is, first that exists: $HF2MS_MODAL_APP (an explicit choice wins);
// <prefix>/share/hf2ms/modal/hf2ms_modal.py next to the running binary (`self_exe` is
// <prefix>/bin/hf2ms); `source_dir`/deploy/modal/hf2ms_modal.py (the checkout hf2ms was
// built from). not_found, listing the places tried, when none does.
[[nodiscard]] Result<std::string> locate_modal_app(const std::vector<std::string>& env,
                                                   const std::string& self_exe,
                                                   const std::string& source_dir);

// The path of the running binary (/proc/self/exe); "" when unknown.
[[nodiscard]] std::string self_executable();

// The checkout this binary was built from (compile-time); may no longer exist.
[[nodiscard]] std::string build_source_dir();

struct ModalRunOptions {
  Detach detach = Detach::no;
  std::string app_file;
  std::vector<std::string> env;  // the child's base environment (usually current_environment())
  std::string modal_program = "modal";
  // Each line the `modal` CLI prints on stdout; default: written to stderr.
  LineSink on_output;
  // Optional: sees each line first (after the app id is picked up); a line it returns true
  // for is consumed and not passed to on_output (the workers' progress lines, remote_progress.hpp).
  std::function<bool(std::string_view)> take_line;
  // Optional: lets another thread interrupt `modal run` (Ctrl-C while apply waits).
  ChildHandle* handle = nullptr;
};

struct ModalRun {
  ProcessExit exit;                     // the `modal` CLI's status
  std::optional<std::string> app_id;    // from the app's HF2MS_APP_ID= line
  std::optional<ModalOutcome> outcome;  // absent when there was no readable result
  std::string problem;                  // why there is no outcome
};

// Runs the job on Modal and waits for `modal run` to return (for a detached run: until the
// orchestrator has been spawned). Errors: not_found when `modal` is not installed, io when a
// temporary file cannot be written or the CLI cannot be started, invalid_input when the app
// cannot build its image (installed app without HF2MS_SRC or HF2MS_PREBUILT).
[[nodiscard]] Result<ModalRun> run_modal_job(const ModalJob& job, const ModalRunOptions& options);

// The summary a run with `app_id` left in Modal (attached or detached): runs the app's
// `status` entrypoint (options.app_file; detach is ignored). The outcome's status says
// "running" or "unknown" when there is no summary yet, else it reads as an attached result.
[[nodiscard]] Result<ModalRun> fetch_modal_summary(const std::string& app_id,
                                                   const ModalRunOptions& options);

struct ModalExecutorOptions {
  ModalRunOptions run;
  // The whole commit job (transfer::make_commit_job over the plan): Modal runs it right after
  // the tasks, in the same submission, so it must be known before the first task runs.
  transfer::CommitJob commit;
  // Ctrl-C: interrupts `modal run` whenever it runs (also when apply() starts it from
  // commit(), outside the scheduler that calls cancel()).
  std::stop_token stop;
};

// The Modal run behind applier::apply()'s Executor interface (executor.hpp). apply() keeps
// doing what must happen here — the stale check and the creation of target repos — and hands
// the tasks over through start(); because one `modal run` takes every task and the commit job
// at once, the tasks are only collected until the first wait_for_completion(), which runs the
// whole job and then hands the results back one per call. commit() returns what the remote
// commit step reported for the mirrors apply asks about (the same rule decides there which
// mirrors are complete). A task apply starts again after the run gets its first result back:
// Modal already retried it (`retries=` in the app); run apply with task_attempts = 1.
// Detached: the run returns as soon as the orchestrator is spawned, so there are no results;
// the tasks come back failed ("running detached in Modal") and the caller prints
// follow_up() instead of the apply report (the commits happen remotely, later).
// cancel() sends SIGINT to `modal run`, which stops the app (attached) or lets it go on
// (detached), and returns; the unfinished tasks then come back failed.
// Progress: while the run lasts, the workers' progress lines (remote_progress.hpp) become
// on_file_started / on_bytes calls on the observer wait_for_completion() was given, on its
// thread; each result then tops up the bytes no line reported before its files finish.
class ModalExecutor final : public Executor {
 public:
  explicit ModalExecutor(ModalExecutorOptions options);

  [[nodiscard]] bool can_start_more() const override;
  void start(const transfer::Task& task) override;
  [[nodiscard]] std::optional<transfer::TaskResult> wait_for_completion(
      transfer::TransferObserver& progress) override;
  void cancel() override { handle_.interrupt(SIGINT); }
  [[nodiscard]] transfer::CommitReport commit(
      const transfer::CommitJob& job, std::span<const transfer::TaskResult> results) override;

  // After the run: what `modal run` did; nullopt before, or when it could not be started.
  [[nodiscard]] const std::optional<ModalRun>& modal_run() const { return run_; }
  // Why the run gave no usable result ("" when it did).
  [[nodiscard]] const std::string& failure() const { return failure_; }
  [[nodiscard]] bool detached() const;

 private:
  void run_job(transfer::TransferObserver* progress);

  ModalExecutorOptions options_;
  ChildHandle handle_;
  std::vector<transfer::Task> tasks_;
  bool ran_ = false;
  std::optional<ModalRun> run_;
  std::string failure_;
  std::vector<transfer::TaskResult> results_;  // one per task, task order
  std::deque<transfer::TaskResult> ready_;     // still to hand back
  std::optional<RemoteProgress> remote_;       // while and after a run with an observer
};

}  // namespace hf2ms::applier
