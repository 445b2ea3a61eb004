// Shell completion for `hf2ms completion bash|zsh`. The scripts are generated from the CLI11
// App that `hf2ms` really parses with, so a new subcommand or option is completed the moment it
// is registered and the scripts cannot drift from the CLI.
//
// Two steps: `describe_cli` is the only function here that walks CLI11 (it reads the App into
// the small `CliSpec` below); `bash_script` and `zsh_script` are pure text generators over
// that spec, tested without CLI11.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hf2ms::cli {

// What the shell should offer for an option's value or a positional argument.
enum class ValueKind {
  flag,     // the option takes no value
  file,     // a path: CLI11's default type name TEXT (a manifest, a plan, a task file)
  choices,  // one of `Value::choices` (CLI11 `IsMember` check)
  word,     // a number, or a value whose type name says what it is ("REPO"): nothing to offer
};

struct Value {
  ValueKind kind = ValueKind::flag;
  std::vector<std::string> choices;  // only for ValueKind::choices, in CLI11's order
  std::string name;                  // positionals: "PLAN"; options: empty
};

struct OptionSpec {
  std::vector<std::string> names;  // with dashes, short ones first: {"-f", "--file"}
  std::string description;
  Value value;
  bool repeatable = false;  // may be given more than once (`--target`, `-vv`)
};

struct CommandSpec {
  std::string name;
  std::string description;
  std::vector<OptionSpec> options;  // including -h/--help
  std::vector<Value> positionals;   // in the order they are filled
};

struct CliSpec {
  std::string program;                     // "hf2ms"
  std::vector<OptionSpec> global_options;  // the root App's, valid before the subcommand
  std::vector<CommandSpec> commands;       // in registration order
};

// Reads `root` and its direct subcommands. Value kinds come from the option's type name:
// CLI11's `IsMember` check adds "{a,b}" (choices); TEXT (any string), FILE and PATH are paths
// (file); anything else, numbers (INT, UINT, FLOAT) or a name set with `->type_name("REPO")`,
// is a word. So an option whose value is not a path opts out by naming its type. Does not
// throw.
[[nodiscard]] CliSpec describe_cli(const CLI::App& root);

// A bash script: `source` it, or install it as bash-completion's `completions/hf2ms`. It
// defines `_hf2ms` (reading COMP_WORDS/COMP_CWORD, filling COMPREPLY) and registers it with
// `complete -F`. Needs bash 4 (mapfile).
[[nodiscard]] std::string bash_script(const CliSpec& spec);

// A zsh script for a directory on `fpath`, named `_hf2ms` (`#compdef hf2ms`); sourcing it
// after `compinit` also works (it then calls `compdef`).
[[nodiscard]] std::string zsh_script(const CliSpec& spec);

}  // namespace hf2ms::cli
