// The App `hf2ms` parses with, for tests that walk it: every subcommand of the command table
// set up exactly as cli::run() does, so a test over it covers whatever the table holds.
// The root's own flags (-v, --version) are run()'s and not repeated here.
#pragma once

#include "cli/command.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace hf2ms::cli::testing {

// Each subcommand's callback keeps its Action, as run() does: the Action owns the args struct
// that the options write into.
inline std::unique_ptr<CLI::App> make_real_app() {
  auto app = std::make_unique<CLI::App>("hf2ms");
  for (const Command& c : commands()) {
    CLI::App* sub = app->add_subcommand(c.name, c.help);
    Action action = c.setup(*sub);
    sub->callback([action] { (void)action; });
  }
  return app;
}

inline std::vector<const CLI::App*> subcommands_of(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

// The option's long names with their dashes: {"--file"}.
inline std::vector<std::string> long_names(const CLI::Option& opt) {
  std::vector<std::string> out;
  for (const std::string& l : opt.get_lnames()) {
    out.push_back("--" + l);
  }
  return out;
}

}  // namespace hf2ms::cli::testing
