// Simulator: the in-process hf2ms-hubsim. start() opens the store under `data_dir`, loads the
// users and seed specs, and serves three listeners: the Hugging Face API, the ModelScope API
// and the CDN / object store (redirect targets and presigned uploads), each on its own
// address so tests can prove where a token went. The hf2ms-hubsim executable is a thin
// main() around it; GoogleTest integration tests run it in-process
// (tests/support/hubsim_fixture.hpp).
#pragma once

#include "hubsim/faults.hpp"
#include "hubsim/request_log.hpp"
#include "hubsim/sim_context.hpp"
#include "hubsim/store.hpp"
#include "hubsim/users.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hf2ms::hubsim {

struct SimulatorOptions {
  std::string data_dir;                    // required; created when missing
  std::string listen = "127.0.0.1:0";      // HF API; port 0 = ephemeral
  std::string ms_listen = "127.0.0.1:0";   // ModelScope API
  std::string cdn_listen = "127.0.0.1:0";  // CDN / object store
  std::string users_file;                  // "" → Users::defaults()
  std::vector<std::string> seed_files;     // seed specs (JSON, seed.hpp), applied in order
  std::vector<FaultRule> faults;
  std::uint64_t fault_seed = 0;
  FaultDraw fault_draw = FaultDraw::sequence;  // --fault-draw
  std::string log_file;                        // "" → in-memory log only
  std::size_t threads = 32;                    // worker threads per listener
  SimOptions sim;
};

// Base URLs ("http://127.0.0.1:PORT") of the three listeners.
struct SimulatorAddresses {
  std::string hf_url;
  std::string ms_url;
  std::string cdn_url;
};

class Simulator {
 public:
  Simulator();
  ~Simulator();  // stops
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Starts serving; returns when all three listeners accept connections.
  [[nodiscard]] Result<SimulatorAddresses> start(const SimulatorOptions& options);
  // Stops the listeners and joins their threads. Idempotent.
  void stop();

  // Valid between start() and stop().
  [[nodiscard]] const SimulatorAddresses& addresses() const;
  [[nodiscard]] Store& store();
  [[nodiscard]] RequestLog& log();
  [[nodiscard]] FaultInjector& faults();
  [[nodiscard]] const Users& users() const;
  // Answers sent on `listener` with HTTP `status` since start(): how quota tests and
  // benchmarks count the 429s a client collected.
  [[nodiscard]] std::uint64_t answers_with_status(Listener listener, int status) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// {"hf":"http://…","ms":"http://…","cdn":"http://…"} — what --ready-file receives.
[[nodiscard]] std::string addresses_to_json(const SimulatorAddresses& addresses);

}  // namespace hf2ms::hubsim
