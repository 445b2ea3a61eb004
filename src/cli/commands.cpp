#include "cli/command.hpp"
#include "cli/commands_list.hpp"
#include "util/version.hpp"

#include <CLI/CLI.hpp>

namespace hf2ms::cli {

std::span<const Command> commands() {
  static const Command table[] = {
      {"validate", "Parse and check the manifest; contacts no hub", &setup_validate},
  };
  return table;
}

int run(int argc, char** argv) {
  CLI::App app{"hf2ms: mirror repositories between the Hugging Face Hub and ModelScope"};
  app.set_version_flag("--version", std::string("hf2ms ") + k_version);
  app.require_subcommand(1);
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
  return action ? action() : k_exit_error;
}

}  // namespace hf2ms::cli
