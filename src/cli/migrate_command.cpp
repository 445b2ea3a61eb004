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

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

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

int run_migrate(MigrateArgs args) {
  if (!args.apply.executor.empty()) {
    args.spec.executor = args.apply.executor;
  }
  std::string text = manifest::one_mirror_manifest(args.spec);
  if (args.print_manifest) {
    return write_stdout(text) ? k_exit_ok : k_exit_error;
  }
  InterruptWatcher interrupts;  // first: before any thread starts
  const std::optional<LoadedManifest> loaded =
      parse_manifest_text(std::move(text), "hf2ms migrate", "the migrate arguments are invalid");
  if (!loaded) {
    return k_exit_error;
  }
  args.apply.manifest_name = "the migrate arguments";
  args.apply.check_command = check_command(args.spec);
  return apply_loaded(args.apply, *loaded, interrupts);
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
