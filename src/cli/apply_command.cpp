// `hf2ms apply [PLAN] [-f FILE] [--executor local|modal] [--auto-approve] [--parallelism N]
// [--json] [--detach]`: make a plan true (DESIGN.md §3, §6, docs/apply.md).
// - With PLAN: apply the saved plan (read strictly by plan::from_json; a saved plan is its own
//   approval). The manifest it was made from is required (-f, or ./hf2ms.toml): apply refuses a
//   plan whose digest, endpoints or steps the manifest does not allow (planner/plan_check.hpp,
//   docs/security.md). Endpoints and token variables come from that manifest.
// - Without PLAN: plan from the manifest (plan_pipeline.hpp), show the plan, and ask for
//   confirmation on a terminal; without one, refuse unless --auto-approve.
// The flow is apply_flow.hpp, shared with `hf2ms migrate`: applier::apply over the local or
// the Modal executor (--executor modal runs every task and the commit step in Modal containers;
// --detach returns once the run is submitted and prints how to follow it); progress goes to
// stderr (a live block on a terminal, plain lines otherwise) or as NDJSON events to stdout with
// --json; the summary goes to stdout. Exit status: 0 when every mirror applied (or had nothing
// to do); 1 when the plan was stale or anything failed; 130 (143 for SIGTERM) when interrupted.
#include "cli/apply_flow.hpp"
#include "cli/commands_list.hpp"
#include "util/file.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace hf2ms::cli {
namespace {

struct ApplyCommandArgs {
  ApplyArgs apply;
  std::string file = "hf2ms.toml";
  bool file_given = false;
};

// The manifest a saved plan is checked against: -f if given, else ./hf2ms.toml. Required: a
// plan alone is not trusted (docs/security.md).
std::optional<LoadedManifest> manifest_for_saved_plan(const ApplyCommandArgs& args) {
  if (!args.file_given && !std::filesystem::exists(args.file)) {
    std::fprintf(stderr,
                 "hf2ms: applying %s needs the manifest it was made from: pass -f FILE (there is "
                 "no ./hf2ms.toml); nothing was changed\n",
                 args.apply.plan_file.c_str());
    return std::nullopt;
  }
  return load_manifest(args.file);
}

// `hf2ms apply hf2ms.toml`: the manifest given where a saved plan goes. A plan is JSON, so a
// file whose first character is not '{' and that reads as TOML with [[mirror]] tables is
// named for what it is instead of being reported as a malformed plan.
bool is_manifest_not_plan(const std::string& path) {
  auto text = read_file(path);
  if (!text) {
    return false;
  }
  const auto first = text->find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (*text)[first] == '{') {
    return false;
  }
  return path.ends_with(".toml") || text->find("[[mirror]]") != std::string::npos;
}

int run_apply(ApplyCommandArgs args) {
  if (!args.apply.plan_file.empty() && is_manifest_not_plan(args.apply.plan_file)) {
    std::fprintf(stderr,
                 "hf2ms: %s is a manifest, not a saved plan; did you mean `hf2ms apply -f %s`?\n",
                 args.apply.plan_file.c_str(), args.apply.plan_file.c_str());
    return k_exit_error;
  }
  InterruptWatcher interrupts;  // first: before any thread starts
  const std::optional<LoadedManifest> loaded =
      args.apply.plan_file.empty() ? load_manifest(args.file) : manifest_for_saved_plan(args);
  if (!loaded) {
    return k_exit_error;
  }
  args.apply.manifest_name = args.file;
  args.apply.check_command = "hf2ms plan -f " + args.file;
  return apply_loaded(args.apply, *loaded, interrupts);
}

}  // namespace

Action setup_apply(CLI::App& sub) {
  auto args = std::make_shared<ApplyCommandArgs>();
  sub.add_option("PLAN", args->apply.plan_file,
                 "Saved plan (`hf2ms plan -o`); without it, plan now");
  sub.add_option("-f,--file", args->file, "Manifest (hubs and executor settings; what to plan)")
      ->capture_default_str()
      ->each([args](const std::string&) { args->file_given = true; });
  add_apply_options(sub, args->apply);
  return [args] { return run_apply(*args); };
}

}  // namespace hf2ms::cli
