// hf2ms entry point: dispatch to the subcommand table, with the one final catch STYLE.md §4
// allows, so an escaped exception is reported as an internal error (exit 70), not a crash.
#include "cli/command.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  try {
    return hf2ms::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hf2ms: internal error: %s\n", e.what());
    return hf2ms::cli::k_exit_internal;
  }
}
