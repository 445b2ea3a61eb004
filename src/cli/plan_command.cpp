// `hf2ms plan [-f FILE] [-o PLAN] [--json|--markdown] [--detailed-exitcode] [--target M]...
// [--exclude M]... [--parallelism N]`: read the manifest, observe both hubs, print what apply
// would change (DESIGN.md §3–§5). Nothing is contacted before the manifest is valid. The plan
// goes to stdout; diagnostics, progress and logs to stderr. `-o` saves the JSON atomically,
// only when every selected mirror could be planned.
//
// Exit codes: 0 success; 1 error (an invalid manifest, a hub that cannot be reached, a
// selector that matched no mirror or names no hub, an -o path that cannot be written, or any
// mirror that failed: its reason is printed); with --detailed-exitcode, 2 when the plan has
// changes and 0 when it has none (Terraform's convention).
#include "cli/commands_list.hpp"
#include "cli/hub_session.hpp"
#include "cli/output.hpp"
#include "cli/plan_pipeline.hpp"
#include "observe/oid_cache.hpp"
#include "plan/plan_json.hpp"
#include "util/file.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace hf2ms::cli {
namespace {

struct PlanArgs {
  std::string file = "hf2ms.toml";
  std::string out;
  ViewFlags view;
  bool detailed_exitcode = false;
  std::vector<std::string> targets;
  std::vector<std::string> excludes;
  std::size_t parallelism = observe::k_default_parallelism;
};

void print_error(const std::string& message) {
  std::fprintf(stderr, "hf2ms: %s\n", message.c_str());
}

// Why `-o FILE` could not be written, checked before any hub is read so a typo in the path
// costs nothing; nullopt when it looks writable (the write itself still reports failures).
std::optional<std::string> unwritable(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return "cannot save the plan to " + path + ": it is a folder";
  }
  const fs::path parent = fs::path(path).parent_path();
  const std::string dir = parent.empty() ? "." : parent.string();
  if (!fs::is_directory(dir, ec)) {
    return "cannot save the plan to " + path + ": the folder " + dir + " does not exist";
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    return "cannot save the plan to " + path + ": the folder " + dir + " is not writable";
  }
  return std::nullopt;
}

int finish(const PlanArgs& args, const planner::PlanResult& result) {
  const plan::Plan& p = result.plan;
  const bool failed = p.totals.mirrors_failed > 0;
  // A selector that matched nothing is an error, whatever --detailed-exitcode says: a drift
  // check over no mirrors proves nothing.
  const std::vector<std::string> unmatched =
      planner::unmatched_selectors(p, {args.targets, args.excludes});
  for (const std::string& message : unmatched) {
    print_error(message);
  }
  if (!unmatched.empty()) {
    return k_exit_error;
  }
  if (failed) {
    print_error(std::to_string(p.totals.mirrors_failed) +
                " mirror(s) could not be planned (see above)" +
                (args.out.empty() ? "" : "; the plan was not saved"));
    return k_exit_error;
  }
  if (!args.out.empty()) {
    if (auto saved = write_file_atomic(args.out, plan::to_json(p)); !saved) {
      print_error("cannot save the plan: " + saved.error().message);
      return k_exit_error;
    }
    std::fprintf(stderr, "Saved the plan to %s; run `hf2ms apply %s` to apply it.\n",
                 args.out.c_str(), args.out.c_str());
  }
  if (args.detailed_exitcode && plan::has_changes(p)) {
    return k_exit_changes;
  }
  return k_exit_ok;
}

int run_plan(const PlanArgs& args) {
  const std::optional<LoadedManifest> loaded = load_manifest(args.file);
  if (!loaded) {
    return k_exit_error;
  }
  std::vector<std::string> problems =
      planner::selection_problems(loaded->manifest, {args.targets, args.excludes});
  if (auto why = args.out.empty() ? std::nullopt : unwritable(args.out)) {
    problems.push_back(*why);
  }
  for (const std::string& message : problems) {
    print_error(message);
  }
  if (!problems.empty()) {
    std::fputs("hf2ms: nothing was contacted\n", stderr);
    return k_exit_error;
  }
  auto hubs = open_hubs(loaded->manifest, process_env());
  if (!hubs) {
    print_error(describe(hubs.error()));
    return k_exit_error;
  }
  const planner::PlanResult result =
      make_plan_from_hubs({args.targets, args.excludes, args.parallelism}, *loaded, *hubs);
  std::fputs(render(result.diagnostics).c_str(), stderr);
  if (!print_plan(result.plan, view_options(args.view))) {
    print_error("cannot write to stdout");
    return k_exit_error;
  }
  return finish(args, result);
}

}  // namespace

Action setup_plan(CLI::App& sub) {
  auto args = std::make_shared<PlanArgs>();
  sub.add_option("-f,--file", args->file, "Manifest to plan")->capture_default_str();
  sub.add_option("-o,--out", args->out, "Save the plan (JSON) to this file, for `hf2ms apply`");
  add_view_flags(sub, args->view);
  sub.add_flag("--detailed-exitcode", args->detailed_exitcode,
               "Exit 0 when there are no changes, 2 when there are, 1 on error");
  sub.add_option("--target", args->targets,
                 "Plan only mirrors whose target matches this glob (repeatable)")
      ->expected(1)
      ->take_all();
  sub.add_option("--exclude", args->excludes,
                 "Skip mirrors whose target matches this glob (repeatable)")
      ->expected(1)
      ->take_all();
  sub.add_option("--parallelism", args->parallelism, "Hub requests in flight at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  return [args] { return run_plan(*args); };
}

}  // namespace hf2ms::cli
