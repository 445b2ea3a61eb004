// `hf2ms show PLAN [--json|--markdown]`: render a saved plan. The file is read strictly
// (plan::from_json): an unknown format_version, a malformed or tampered file is reported
// with the JSON path of every problem, and exits 1. Contacts no hub.
#include "cli/commands_list.hpp"
#include "cli/output.hpp"
#include "plan/plan_json.hpp"
#include "util/file.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace hf2ms::cli {
namespace {

struct ShowArgs {
  std::string plan_file;
  ViewFlags view;
};

int run_show(const ShowArgs& args) {
  auto text = read_file(args.plan_file);
  if (!text) {
    std::fprintf(stderr, "hf2ms: %s\n", text.error().message.c_str());
    return k_exit_error;
  }
  auto plan = plan::from_json(*text, args.plan_file);
  if (!plan) {
    std::fputs(render(plan.error()).c_str(), stderr);
    std::fprintf(stderr, "hf2ms: %s is not a plan this version of hf2ms can read\n",
                 args.plan_file.c_str());
    return k_exit_error;
  }
  return print_plan(*plan, view_options(args.view)) ? k_exit_ok : k_exit_error;
}

}  // namespace

Action setup_show(CLI::App& sub) {
  auto args = std::make_shared<ShowArgs>();
  sub.add_option("PLAN", args->plan_file, "Plan file written by `hf2ms plan -o`")->required();
  add_view_flags(sub, args->view);
  return [args] { return run_show(*args); };
}

}  // namespace hf2ms::cli
