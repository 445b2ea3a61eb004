// hf2ms-hubsim entry point: parse the flags, run the simulator until a signal, with the one
// final catch STYLE.md §4 allows (exit 70 on an escaped exception).
#include "hubsim/hubsim_cli.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  try {
    hf2ms::hubsim::HubsimArgs args;
    if (const auto code = hf2ms::hubsim::parse_hubsim_args(argc, argv, args)) {
      return *code;
    }
    return hf2ms::hubsim::run_hubsim(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hf2ms-hubsim: internal error: %s\n", e.what());
    return 70;
  }
}
