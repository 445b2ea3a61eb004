// hf2ms entry point: dispatch to the subcommand table, with the one final catch STYLE.md §4
// allows, so an escaped exception is reported as an internal error (exit 70), not a crash.
// Core dumps are off from the first line (util/hardening.hpp).
#include "cli/command.hpp"
#include "http/curl_global.hpp"
#include "util/hardening.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  try {
    // Before any token is read: no core file or same-user ptrace can show one (util/hardening).
    if (auto hardened = hf2ms::disable_core_dumps(); !hardened) {
      std::fprintf(stderr, "hf2ms: warning: %s\n", hardened.error().message.c_str());
    }
    // libcurl's global state, set up once before any thread starts (http/curl_global.hpp).
    auto curl = hf2ms::http::CurlGlobal::create();
    if (!curl) {
      std::fprintf(stderr, "hf2ms: %s\n", curl.error().message.c_str());
      return hf2ms::cli::k_exit_error;
    }
    return hf2ms::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hf2ms: internal error: %s\n", e.what());
    return hf2ms::cli::k_exit_internal;
  }
}
