// hf2ms entry point: dispatch to the subcommand table, with the one final catch STYLE.md §4
// allows, so an escaped exception is reported as an internal error (exit 70), not a crash.
#include "cli/command.hpp"
#include "http/curl_global.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  try {
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
