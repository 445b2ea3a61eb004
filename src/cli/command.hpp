// The subcommand table (ninja's kTools shape): each command registers its options on a CLI11
// subcommand and returns the action that runs after parsing. Commands share no mutable state;
// each parses into its own plain args struct.
#pragma once

#include <functional>
#include <span>

namespace CLI {
class App;
}

namespace hf2ms::cli {

// Exit codes (STYLE.md §4): 0 success, 1 error, 2 "changes present" for
// `plan --detailed-exitcode`, 70 internal error.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_error = 1;
inline constexpr int k_exit_changes = 2;
inline constexpr int k_exit_internal = 70;

using Action = std::function<int()>;

struct Command {
  const char* name;
  const char* help;
  Action (*setup)(CLI::App& sub);
};

// Every subcommand, in the order `hf2ms --help` lists them.
[[nodiscard]] std::span<const Command> commands();

// Parses argv and runs the chosen subcommand; returns the process exit code. Catches CLI11's
// exceptions (its only adapter) and turns them into usage errors.
[[nodiscard]] int run(int argc, char** argv);

}  // namespace hf2ms::cli
