// `hf2ms completion bash|zsh`: prints a completion script generated from the App this very
// process parsed (completion.hpp), so it always matches the installed hf2ms. Install with
// `hf2ms completion bash > ~/.local/share/bash-completion/completions/hf2ms` or
// `hf2ms completion zsh > <dir on fpath>/_hf2ms` (docs/cli.md).
#include "cli/commands_list.hpp"
#include "cli/completion.hpp"
#include "cli/output.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace hf2ms::cli {

Action setup_completion(CLI::App& sub) {
  auto shell = std::make_shared<std::string>();
  sub.add_option("SHELL", *shell, "Shell to complete for: bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  // Read the tree when the action runs: by then every subcommand has been registered.
  const CLI::App* root = sub.get_parent();
  return [shell, root] {
    const CliSpec spec = describe_cli(*root);
    const std::string script = *shell == "zsh" ? zsh_script(spec) : bash_script(spec);
    if (!write_stdout(script)) {
      std::fputs("hf2ms: cannot write to stdout\n", stderr);
      return k_exit_error;
    }
    return k_exit_ok;
  };
}

}  // namespace hf2ms::cli
