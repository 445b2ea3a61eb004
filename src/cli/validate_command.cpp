// `hf2ms validate [-f FILE]`: parse and check the manifest; no network. Diagnostics go to
// stderr, sorted by position, followed by a verdict line: on stdout when the manifest is valid
// ("hf2ms.toml: valid, 3 mirrors, 1 warning"), on stderr when not ("hf2ms.toml: invalid,
// 2 errors"). Exit 0 when valid (warnings allowed), 1 when not.
#include "cli/commands_list.hpp"
#include "manifest/parse.hpp"
#include "util/file.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace hf2ms::cli {
namespace {

struct ValidateArgs {
  std::string file = "hf2ms.toml";
};

std::string count(std::size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string verdict(const std::string& file, const manifest::ParseResult& result) {
  const Diagnostics& d = result.diagnostics;
  std::string line =
      file + (result.manifest ? ": valid, " + count(result.manifest->mirrors.size(), "mirror")
                              : ": invalid, " + count(d.error_count(), "error"));
  if (d.warning_count() > 0) {
    line += ", " + count(d.warning_count(), "warning");
  }
  return line + "\n";
}

int run_validate(const ValidateArgs& args) {
  auto text = read_file(args.file);
  if (!text) {
    std::fprintf(stderr, "hf2ms: %s\n", text.error().message.c_str());
    return k_exit_error;
  }
  manifest::ParseResult result = manifest::parse(*text, args.file);
  std::fputs(render(result.diagnostics).c_str(), stderr);
  std::fputs(verdict(args.file, result).c_str(), result.manifest ? stdout : stderr);
  return result.manifest ? k_exit_ok : k_exit_error;
}

}  // namespace

Action setup_validate(CLI::App& sub) {
  auto args = std::make_shared<ValidateArgs>();
  sub.add_option("-f,--file", args->file, "Manifest to check")->capture_default_str();
  return [args] { return run_validate(*args); };
}

}  // namespace hf2ms::cli
