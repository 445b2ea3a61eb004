#include "cli/command.hpp"
#include "cli/commands_list.hpp"
#include "util/log.hpp"
#include "util/version.hpp"

#include <CLI/CLI.hpp>

namespace hf2ms::cli {

std::span<const Command> commands() {
  static const Command table[] = {
      {"validate", "Parse and check the manifest; contacts no hub", &setup_validate},
      {"plan", "Observe both hubs and print what apply would change", &setup_plan},
      {"apply", "Apply a saved plan, or plan and apply after confirmation", &setup_apply},
      {"migrate", "Copy one repo (or ORG/*) to the other hub: plan, confirm, apply",
       &setup_migrate},
      {"show", "Render a saved plan", &setup_show},
      {"doctor", "Check hub tokens, endpoints and the Modal CLI; say what to fix", &setup_doctor},
      {"completion", "Print a bash or zsh completion script for hf2ms", &setup_completion},
      {"transfer", "Worker: run one transfer task or the commit step (JSON line out)",
       &setup_transfer},
  };
  return table;
}

int run(int argc, char** argv) {
  CLI::App app{"hf2ms: mirror repositories between the Hugging Face Hub and ModelScope"};
  app.set_version_flag("--version", std::string("hf2ms ") + k_version);
  app.require_subcommand(1);
  // -v: info, -vv: debug. HF2MS_LOG sets the level when -v is not given.
  int verbosity = 0;
  app.add_flag("-v,--verbose", verbosity, "More log output on stderr (-vv: debug)");
  Action action;
  for (const Command& c : commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    Action a = c.setup(*sub);
    sub->callback([&action, a] { action = a; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? k_exit_ok : k_exit_error;
  }
  log::init_from_env();
  if (verbosity > 0) {
    log::set_level(verbosity == 1 ? log::Level::info : log::Level::debug);
  }
  return action ? action() : k_exit_error;
}

}  // namespace hf2ms::cli
