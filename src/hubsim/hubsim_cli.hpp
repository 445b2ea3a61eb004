// Command line of the hf2ms-hubsim executable: parses argv into SimulatorOptions (the only
// CLI11 use, exceptions caught here) and runs the simulator until SIGINT/SIGTERM.
#pragma once

#include "hubsim/simulator.hpp"

#include <string>

namespace hf2ms::hubsim {

struct HubsimArgs {
  SimulatorOptions options;
  std::string ready_file;  // write the addresses JSON here once listening
};

// Exit code when parsing ends the program (--help, errors); nullopt to go on.
[[nodiscard]] std::optional<int> parse_hubsim_args(int argc, char** argv, HubsimArgs& out);
// Starts the simulator, prints its addresses, waits for a signal. Returns the exit code.
[[nodiscard]] int run_hubsim(const HubsimArgs& args);

}  // namespace hf2ms::hubsim
