// `hf2ms migrate SRC --to DST [--type T] [--target-type T] [--visibility V] [--revision R]
// [--include G]... [--exclude G]... [--print-manifest] [apply options]`: move one repo (or, with
// `org/*`, every repo of a namespace) once, without writing a manifest (DESIGN.md §1, §3).
// The arguments become a one-mirror manifest (manifest/one_mirror.hpp), which is parsed,
// planned, shown and applied exactly as `hf2ms apply -f` would (apply_flow.hpp): the same
// confirmation (or --auto-approve), executors, progress, summary and exit status. Endpoints
// and tokens come from the environment (HF_ENDPOINT, MODELSCOPE_ENDPOINT, HF_TOKEN,
// MODELSCOPE_TOKEN). --print-manifest prints the manifest and stops, to start a GitOps repo.
#include "cli/apply_flow.hpp"
#include "cli/commands_list.hpp"
#include "cli/output.hpp"
#include "manifest/one_mirror.hpp"
#include "manifest/parse.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace hf2ms::cli {
namespace {

struct MigrateArgs {
  ApplyArgs apply;
  manifest::OneMirrorSpec spec;
  bool print_manifest = false;
};

// "hf2ms migrate SRC --to DST [--type T]": how to plan the same mirror again.
std::string check_command(const manifest::OneMirrorSpec& spec) {
  std::string command = "hf2ms migrate " + spec.source + " --to " + spec.target;
  if (spec.type) {
    command += " --type " + *spec.type;
  }
  if (spec.target_type) {
    command += " --target-type " + *spec.target_type;
  }
  return command;
}

// The manifest key each argument becomes (one_mirror_manifest), and the argument's name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> k_flag_of_key{{
    {"source", "SRC"},
    {"target", "--to"},
    {"type", "--type"},
    {"target_type", "--target-type"},
    {"visibility", "--visibility"},
    {"revision", "--revision"},
    {"include", "--include"},
    {"exclude", "--exclude"},
    {"kind", "--executor"},
}};

// The argument line `line` (1-based) of the generated manifest came from; "" when unknown.
std::string flag_of_line(const std::string& text, std::uint32_t line) {
  std::size_t begin = 0;
  for (std::uint32_t i = 1; i < line && begin != std::string::npos; ++i) {
    begin = text.find('\n', begin);
    begin = begin == std::string::npos ? begin : begin + 1;
  }
  if (line == 0 || begin == std::string::npos) {
    return {};
  }
  std::string_view at = std::string_view(text).substr(begin);
  at.remove_prefix(std::min(at.find_first_not_of(" \t"), at.size()));
  const std::string_view key = at.substr(0, at.find_first_of(" =\n"));
  for (const auto& [k, flag] : k_flag_of_key) {
    if (k == key) {
      return std::string(flag);
    }
  }
  return {};
}

// `s` with the manifest's key names ('source', `type`) replaced by the arguments they came from.
std::string in_flag_words(std::string s) {
  for (const auto& [key, flag] : k_flag_of_key) {
    for (const char quote : {'\'', '`'}) {
      const std::string quoted = quote + std::string(key) + quote;
      for (auto at = s.find(quoted); at != std::string::npos; at = s.find(quoted, at)) {
        s.replace(at, quoted.size(), flag);
        at += flag.size();
      }
    }
  }
  return s;
}

// The diagnostics of the generated manifest, told in the words the user typed: the argument
// each one is about instead of a position in a file the user never saw.
std::string render_for_arguments(const Diagnostics& diagnostics, const std::string& text) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) {
    const std::string flag = d.location ? flag_of_line(text, d.location->line) : std::string();
    out += "hf2ms migrate: ";
    out += d.severity == Severity::error ? "error: " : "warning: ";
    out += (flag.empty() ? "" : flag + ": ") + in_flag_words(d.summary) + "\n";
    if (!d.detail.empty()) {
      out += "  hint: " + in_flag_words(d.detail) + "\n";
    }
  }
  return out;
}

int run_migrate(MigrateArgs args) {
  if (!args.apply.executor.empty()) {
    args.spec.executor = args.apply.executor;
  }
  std::string text = manifest::one_mirror_manifest(args.spec);
  // Checked exactly as `migrate` checks it, whether it is then printed or applied.
  manifest::ParseResult parsed = manifest::parse(text, "hf2ms migrate");
  std::fputs(render_for_arguments(parsed.diagnostics, text).c_str(), stderr);
  if (!parsed.manifest) {
    std::fprintf(stderr, "hf2ms: the migrate arguments are invalid; %s\n",
                 args.print_manifest ? "no manifest was printed" : "nothing was contacted");
    return k_exit_error;
  }
  if (args.print_manifest) {
    return write_stdout(text) ? k_exit_ok : k_exit_error;
  }
  InterruptWatcher interrupts;  // first: before any thread starts
  const LoadedManifest loaded{std::move(text), std::move(*parsed.manifest)};
  args.apply.manifest_name = "the migrate arguments";
  args.apply.check_command = check_command(args.spec);
  return apply_loaded(args.apply, loaded, interrupts);
}

// An optional string option: unset stays nullopt (the manifest's default). Values are checked
// by the manifest validator (with did-you-mean hints), not by CLI11; `kind` names the value in
// --help and keeps shell completion from offering file paths.
void add_word(CLI::App& sub, const std::string& name, std::optional<std::string>& into,
              const std::string& kind, const std::string& help) {
  sub.add_option_function<std::string>(
         name, [&into](const std::string& v) { into = v; }, help)
      ->type_name(kind);
}

}  // namespace

Action setup_migrate(CLI::App& sub) {
  auto args = std::make_shared<MigrateArgs>();
  manifest::OneMirrorSpec& spec = args->spec;
  sub.add_option("SRC", spec.source, "Source repo: hf:ORG/NAME or ms:ORG/NAME (ORG/* for all)")
      ->required()
      ->type_name("REPO");
  sub.add_option("--to", spec.target, "Target repo: ms:ORG/NAME or hf:ORG/NAME")
      ->required()
      ->type_name("REPO");
  add_word(sub, "--type", spec.type, "TYPE", "Source repo type: model (default), dataset or space");
  add_word(sub, "--target-type", spec.target_type, "TYPE",
           "Target repo type (default: --type; model stores a space in a model repo)");
  add_word(sub, "--visibility", spec.visibility, "VISIBILITY",
           "Visibility of a created target: preserve (default), public or private");
  add_word(sub, "--revision", spec.revision, "REV",
           "Source branch, tag or commit (default: the default branch)");
  sub.add_option("--include", spec.include, "Only mirror files matching this glob (repeatable)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  sub.add_option("--exclude", spec.exclude,
                 "Never mirror files matching this glob (repeatable; default: .gitattributes)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  sub.add_flag("--print-manifest", args->print_manifest,
               "Print the equivalent hf2ms.toml and exit; contacts no hub");
  add_apply_options(sub, args->apply);
  return [args] { return run_migrate(*args); };
}

}  // namespace hf2ms::cli
