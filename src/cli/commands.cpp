#include "cli/command.hpp"
#include "cli/commands_list.hpp"
#include "manifest/suggest.hpp"
#include "util/log.hpp"
#include "util/version.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

namespace {

bool is_verbose_flag(std::string_view arg) {
  return arg == "--verbose" || (arg.size() >= 2 && arg[0] == '-' && arg[1] == 'v' &&
                                arg.find_first_not_of('v', 1) == std::string_view::npos);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& names) {
  std::vector<std::string_view> candidates(names.begin(), names.end());
  auto close = manifest::suggest(word, candidates);
  return close ? "; did you mean '" + *close + "'?" : "";
}

// Parse errors CLI11 words for programmers ("A subcommand is required", "The following
// arguments were not expected"), said the way a user typed them, with a did-you-mean.
// nullopt: CLI11's own message is fine.
std::optional<std::string> explain_parse_error(CLI::App& app, const std::vector<CLI::App*>& subs,
                                               int argc, char** argv) {
  std::vector<std::string> names;
  for (const CLI::App* sub : subs) {
    names.push_back(sub->get_name());
  }
  int i = 1;
  while (i < argc && is_verbose_flag(argv[i])) {
    ++i;
  }
  if (i >= argc || argv[i][0] == '-') {
    return std::nullopt;  // --help, --version, an unknown global option: CLI11 says it well
  }
  const std::string_view command = argv[i];
  CLI::App* sub = nullptr;
  for (CLI::App* candidate : subs) {
    sub = candidate->get_name() == command ? candidate : sub;
  }
  if (sub == nullptr) {
    return "hf2ms: unknown command '" + std::string(command) + "'" + did_you_mean(command, names) +
           "\nRun `hf2ms --help` to see the commands.\n";
  }
  for (int k = i + 1; k < argc; ++k) {
    const std::string_view arg = argv[k];
    if (arg == "--") {
      break;
    }
    if (arg.size() < 3 || arg.substr(0, 2) != "--") {
      continue;
    }
    const std::string name(arg.substr(0, arg.find('=')));
    if (sub->get_option_no_throw(name) != nullptr || app.get_option_no_throw(name) != nullptr) {
      continue;
    }
    std::vector<std::string> options;
    for (const CLI::Option* o : sub->get_options()) {
      for (const std::string& l : o->get_lnames()) {
        options.push_back("--" + l);
      }
    }
    return "hf2ms " + std::string(command) + ": unknown option '" + name + "'" +
           did_you_mean(name, options) + "\nRun `hf2ms " + std::string(command) +
           " --help` to see its options.\n";
  }
  return std::nullopt;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"hf2ms: mirror repositories between the Hugging Face Hub and ModelScope"};
  app.set_version_flag("--version", std::string("hf2ms ") + k_version);
  app.require_subcommand(1);
  // Options the subcommand does not know fall through to this one, so `-v` works after the
  // subcommand too (`hf2ms plan -v`), not only before it.
  app.fallthrough();
  // -v: info, -vv: debug. HF2MS_LOG sets the level when -v is not given.
  int verbosity = 0;
  app.add_flag("-v,--verbose", verbosity, "More log output on stderr (-vv: debug)");
  Action action;
  std::vector<CLI::App*> subs;
  for (const Command& c : commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    subs.push_back(sub);
    Action a = c.setup(*sub);
    sub->callback([&action, a] { action = a; });
  }
  if (argc <= 1) {      // bare `hf2ms`: say what it can do
    app.name("hf2ms");  // parse() would take it from argv[0]; there is nothing to parse
    std::fputs(app.help().c_str(), stderr);
    return k_exit_error;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const bool failed = e.get_exit_code() != 0;
    if (auto friendly = failed ? explain_parse_error(app, subs, argc, argv) : std::nullopt) {
      std::fputs(friendly->c_str(), stderr);
      return k_exit_error;
    }
    return app.exit(e) == 0 ? k_exit_ok : k_exit_error;
  }
  log::init_from_env();
  if (verbosity > 0) {
    log::set_level(verbosity == 1 ? log::Level::info : log::Level::debug);
  }
  return action ? action() : k_exit_error;
}

}  // namespace hf2ms::cli
