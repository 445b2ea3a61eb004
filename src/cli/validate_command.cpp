// `hf2ms validate [-f FILE]`: parse and check the manifest; no network. Diagnostics go to
// stderr; a one-line verdict goes to stdout. Exit 0 when valid (warnings allowed), 1 when not.
#include "cli/commands_list.hpp"
#include "manifest/parse.hpp"
#include "util/file.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

namespace hf2ms::cli {
namespace {

struct ValidateArgs {
  std::string file = "hf2ms.toml";
};

int run_validate(const ValidateArgs& args) {
  auto text = read_file(args.file);
  if (!text) {
    std::fprintf(stderr, "hf2ms: %s\n", text.error().message.c_str());
    return k_exit_error;
  }
  manifest::ParseResult result = manifest::parse(*text, args.file);
  std::fputs(render(result.diagnostics).c_str(), stderr);
  if (!result.manifest) {
    std::fprintf(stderr, "%s: %zu error(s), %zu warning(s)\n", args.file.c_str(),
                 result.diagnostics.error_count(), result.diagnostics.warning_count());
    return k_exit_error;
  }
  std::printf("%s: valid, %zu mirror(s)\n", args.file.c_str(), result.manifest->mirrors.size());
  return k_exit_ok;
}

}  // namespace

Action setup_validate(CLI::App& sub) {
  auto args = std::make_shared<ValidateArgs>();
  sub.add_option("-f,--file", args->file, "Manifest to check")->capture_default_str();
  return [args] { return run_validate(*args); };
}

}  // namespace hf2ms::cli
