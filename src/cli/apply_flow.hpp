// The body of `hf2ms apply`, shared with `hf2ms migrate` (a one-entry manifest run end to end):
// plan now (show the plan, ask, or --auto-approve) or read a saved plan, then apply it through
// the local or the Modal executor with progress on stderr and the summary on stdout
// (DESIGN.md §3, §6, docs/apply.md). The commands differ only in where the manifest comes from.
#pragma once

#include "cli/interrupt_watcher.hpp"
#include "cli/plan_pipeline.hpp"

#include <cstddef>
#include <string>

namespace CLI {
class App;
}

namespace hf2ms::cli {

struct ApplyArgs {
  std::string plan_file;      // "" = plan now from the manifest
  std::string manifest_name;  // for messages ("hf2ms.toml")
  // A command that plans again, printed after a detached run to check it converged.
  std::string check_command;
  std::string executor;  // "" = the manifest's [executor] kind
  bool auto_approve = false;
  std::size_t parallelism = 4;
  bool json = false;
  bool detach = false;
};

// Registers the options apply and migrate share: --executor, --auto-approve, --parallelism,
// --json, --detach.
void add_apply_options(CLI::App& sub, ApplyArgs& args);

// Plans from `loaded` (or reads args.plan_file), asks unless approved, applies, and returns the
// exit status: 0 applied (or nothing to do), 1 refused or failed, 128+signal when interrupted.
// `interrupts` must have been constructed before any thread started.
[[nodiscard]] int apply_loaded(const ApplyArgs& args, const LoadedManifest& loaded,
                               InterruptWatcher& interrupts);

}  // namespace hf2ms::cli
