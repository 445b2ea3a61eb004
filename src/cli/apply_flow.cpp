#include "cli/apply_flow.hpp"

#include "applier/applier.hpp"
#include "applier/local_executor.hpp"
#include "applier/modal_executor.hpp"
#include "cli/apply_support.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/plan_pipeline.hpp"
#include "cli/quota_watch.hpp"
#include "cli/views/progress_view.hpp"
#include "hashing/hashing.hpp"
#include "observe/pooled_performer.hpp"
#include "plan/plan_json.hpp"
#include "planner/plan_check.hpp"
#include "transfer/make_tasks.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/process.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

namespace hf2ms::cli {
namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "hf2ms: %s\n", message.c_str());
  return k_exit_error;
}

// The plan to apply, or the exit status when there is none to apply.
struct PlanOrExit {
  std::optional<plan::Plan> plan;
  int exit_code = k_exit_ok;
};

PlanOrExit read_saved_plan(const ApplyArgs& args, const LoadedManifest& loaded) {
  auto text = read_file(args.plan_file);
  if (!text) {
    return {std::nullopt, fail(text.error().message)};
  }
  auto p = plan::from_json(*text, args.plan_file);
  if (!p) {
    std::fputs(render(p.error()).c_str(), stderr);
    return {std::nullopt, fail(args.plan_file + " is not a plan this version of hf2ms can read")};
  }
  // The plan may come from people who must not hold the tokens: it is applied only as far as
  // the manifest allows, against the endpoints the policy allows (planner/plan_check.hpp).
  auto endpoints = checked_endpoints(loaded.manifest, process_env());
  if (!endpoints) {
    return {std::nullopt, fail(describe(endpoints.error()))};
  }
  planner::PlanCheckOptions options;
  options.manifest_digest = hashing::xxh3_128_hex(loaded.text);
  options.endpoints = *endpoints;
  options.sha256 = [](std::string_view b) { return state::Sha256{hashing::sha256_hex(b)}; };
  const Diagnostics refused = planner::check_plan(*p, loaded.manifest, options);
  if (refused.has_errors()) {
    std::fputs(render(refused).c_str(), stderr);
    return {std::nullopt, fail("refusing to apply " + args.plan_file + ": it does not match " +
                               args.manifest_name + " (see above); nothing was changed")};
  }
  return {std::move(*p), k_exit_ok};
}

bool confirm() {
  std::fputs(
      "\nDo you want to perform these actions?\n  hf2ms will perform the actions described "
      "above.\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ",
      stderr);
  std::string answer;
  if (!std::getline(std::cin, answer)) {
    return false;
  }
  return answer == "yes";
}

PlanOrExit plan_now(const ApplyArgs& args, const LoadedManifest& loaded) {
  auto hubs = open_hubs(loaded.manifest, process_env());
  if (!hubs) {
    return {std::nullopt, fail(describe(hubs.error()))};
  }
  planner::PlanResult result = make_plan_from_hubs({}, loaded, *hubs);
  std::fputs(render(result.diagnostics).c_str(), stderr);
  if (!args.json) {
    (void)write_stdout(views::render_plan(result.plan, view_options({})));
  }
  if (result.plan.totals.mirrors_failed > 0) {
    return {std::nullopt, fail(std::to_string(result.plan.totals.mirrors_failed) +
                               " mirror(s) could not be planned (see above); nothing was applied")};
  }
  if (!plan::has_changes(result.plan)) {
    std::fputs("No changes. The targets match the manifest.\n", stderr);
    return {std::nullopt, k_exit_ok};
  }
  if (!args.auto_approve) {
    if (::isatty(STDIN_FILENO) == 0 || args.json) {
      return {std::nullopt, fail("refusing to apply without confirmation: stdin is not a "
                                 "terminal (or --json is on); pass --auto-approve")};
    }
    if (!confirm()) {
      return {std::nullopt, fail("apply cancelled; nothing was changed")};
    }
  }
  return {std::move(result.plan), k_exit_ok};
}

// Interrupted wins over failed: the summary already says what was left undone.
// Issue #17 item 1: the pairs the transfer computed go to the oid cache, so the next plan
// on this machine (or on a CI runner that restores the cache, docs/adr/0003) compares the
// files just written without downloading them.
void remember_hash_pairs(const applier::ApplyReport& report) {
  if (report.hash_pairs.empty()) {
    return;
  }
  auto cache = open_oid_cache(process_env());
  for (const applier::HashPair& p : report.hash_pairs) {
    if (auto added = cache->add({p.git_oid}, {p.sha256}); !added) {
      log::warn("git oid cache: ", added.error().message);
      return;
    }
  }
  log::info("remembered ", report.hash_pairs.size(), " git oid / SHA-256 pairs");
}

int exit_status(const applier::ApplyReport& report, const InterruptWatcher& interrupts) {
  if (interrupts.interrupted()) {
    return interrupts.exit_status();
  }
  return report.ok() ? k_exit_ok : k_exit_error;
}

views::ProgressMode progress_mode(const ApplyArgs& args) {
  if (args.json) {
    return views::ProgressMode::json;
  }
  const char* term = std::getenv("TERM");
  const bool dumb = term == nullptr || std::string(term) == "dumb";
  return ::isatty(STDERR_FILENO) != 0 && !dumb ? views::ProgressMode::live
                                               : views::ProgressMode::lines;
}

int run_local(const ApplyArgs& args, const plan::Plan& p, const manifest::Manifest& m,
              InterruptWatcher& interrupts) {
  applier::ApplyOptions options;
  options.hubs = hub_access(m, p.endpoints, process_env());
  options.shards = local_shards(p, m.executor, args.parallelism);
  options.stop = interrupts.token();
  // Ctrl-C cancels the hub calls in flight too (stale check, uploads' set-up, ...) and lets
  // no commit start (observe/pooled_performer.hpp).
  observe::PooledEnginePerformer performer({}, interrupts.token());
  transfer::AccessHubClients clients(options.hubs, performer, transfer::process_env());
  applier::LocalExecutor executor(clients, {args.parallelism, {}});
  views::ProgressOptions po;
  po.mode = progress_mode(args);
  views::ProgressView progress(po);
  const QuotaWatch quota(http::process_rate_limits(), p.endpoints,
                         [&progress](const auto& waits) { progress.on_quota_waits(waits); });
  interrupts.arm();
  const applier::ApplyReport report = applier::apply(p, options, clients, executor, progress);
  remember_hash_pairs(report);
  if (!args.json && !write_stdout("\n" + views::render_apply_summary(report))) {
    return fail("cannot write to stdout");
  }
  return exit_status(report, interrupts);
}

// Modal: the same apply(), with every task and the commit step in one `modal run`. Tokens reach
// the `modal` child only through its environment (applier/modal_executor.hpp).
int run_modal(const ApplyArgs& args, const plan::Plan& p, const manifest::Manifest& m,
              InterruptWatcher& interrupts) {
  const std::vector<std::string> env = current_environment();
  auto app =
      applier::locate_modal_app(env, applier::self_executable(), applier::build_source_dir());
  if (!app) {
    return fail(app.error().message);
  }
  if (!find_program("modal", find_variable(env, "PATH").value_or(""))) {  // before any write
    return fail(
        "the Modal CLI (`modal`) is not on PATH: `pip install modal` and `modal token new` "
        "(docs/modal.md), or use --executor local");
  }
  applier::ApplyOptions options;
  options.hubs = hub_access(m, p.endpoints, process_env());
  options.shards = {m.executor.shard_size, m.executor.max_containers};
  options.task_attempts = 1;  // the app's `retries=` already ran transient failures again
  options.stop = interrupts.token();
  applier::ModalRunOptions run;
  run.detach = args.detach ? applier::Detach::yes : applier::Detach::no;
  run.app_file = *app;
  run.env = env;
  applier::ModalExecutor executor(
      {run, transfer::make_commit_job(p, options.hubs), interrupts.token()});
  // Ctrl-C cancels the hub calls in flight too (stale check, uploads' set-up, ...) and lets
  // no commit start (observe/pooled_performer.hpp).
  observe::PooledEnginePerformer performer({}, interrupts.token());
  transfer::AccessHubClients clients(options.hubs, performer, transfer::process_env());
  views::ProgressOptions po;
  po.mode = progress_mode(args);
  views::ProgressView progress(po);
  applier::ApplyObserver quiet;  // detached: the mirrors finish later, in Modal
  const QuotaWatch quota(http::process_rate_limits(), p.endpoints,
                         [&progress](const auto& waits) { progress.on_quota_waits(waits); });
  interrupts.arm();
  const applier::ApplyReport report =
      applier::apply(p, options, clients, executor, args.detach ? quiet : progress);
  remember_hash_pairs(report);
  if (executor.detached()) {
    const applier::ModalRun& r = *executor.modal_run();
    return write_stdout(applier::follow_up_text(r.app_id, *r.outcome, args.check_command))
               ? k_exit_ok
               : fail("cannot write to stdout");
  }
  if (!args.json && !write_stdout("\n" + views::render_apply_summary(report))) {
    return fail("cannot write to stdout");
  }
  if (!executor.failure().empty() && !interrupts.interrupted()) {
    return fail("the Modal run failed: " + executor.failure());
  }
  return exit_status(report, interrupts);
}

// Which executor runs the tasks; an exit status when it cannot be used.
std::optional<int> check_executor(const ApplyArgs& args, const std::string& kind) {
  if (args.detach && kind != "modal") {
    return fail("--detach needs --executor modal: the local executor runs in this process");
  }
  return std::nullopt;
}

}  // namespace

void add_apply_options(CLI::App& sub, ApplyArgs& args) {
  sub.add_option("--executor", args.executor, "Where transfers run (default: the manifest's)")
      ->check(CLI::IsMember({"local", "modal"}));
  sub.add_flag("--auto-approve", args.auto_approve, "Apply without asking for confirmation");
  sub.add_option("--parallelism", args.parallelism, "Transfer tasks at once (local executor)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  sub.add_flag("--json", args.json, "Progress and result as NDJSON events on stdout");
  sub.add_flag("--detach", args.detach, "Modal: keep running after this process exits");
}

int apply_loaded(const ApplyArgs& args, const LoadedManifest& loaded,
                 InterruptWatcher& interrupts) {
  const std::string kind =
      args.executor.empty() ? manifest::to_string(loaded.manifest.executor.kind) : args.executor;
  if (auto refused = check_executor(args, kind)) {
    return *refused;
  }
  PlanOrExit p = args.plan_file.empty() ? plan_now(args, loaded) : read_saved_plan(args, loaded);
  if (!p.plan) {
    return p.exit_code;
  }
  return kind == "modal" ? run_modal(args, *p.plan, loaded.manifest, interrupts)
                         : run_local(args, *p.plan, loaded.manifest, interrupts);
}

}  // namespace hf2ms::cli
