// Process: run another program without a shell, the one place hf2ms starts child processes
// (the `modal` CLI for the Modal executor, `modal --version` for doctor). An I/O edge.
//
// The caller gives the exact argv and the exact environment: nothing is inherited by
// accident and no word is ever re-split or expanded, so a value can never become an option
// or a command. argv[0] without a '/' is looked up in the PATH of the given environment (not
// of this process). Standard output and error are each inherited, captured line by line
// (both captured streams share one pipe, in order of arrival), or discarded. With
// ForwardSignals::yes the child gets its own process group, so a terminal Ctrl-C reaches
// only hf2ms, which forwards exactly one SIGINT (or SIGTERM) to the child and keeps waiting
// for it to finish: the child decides how to wind down (`modal run` stops its app).
// Not thread-safe with respect to other forwarding runs: at most one at a time.
#pragma once

#include "util/error.hpp"

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hf2ms {

enum class Output { inherit, capture, discard };

// Lets another thread signal a running child, e.g. a Ctrl-C watcher that cannot rely on a
// signal handler because it blocks the signals itself. Thread-safe. Only the first
// interrupt() sends anything. A signal sent before the child starts is delivered when it
// starts; after it has ended, nothing is sent (its pid is released only after that, so a
// reused pid is never hit). One handle per run.
class ChildHandle {
 public:
  void interrupt(int sig);

  // For run_process.
  void attach(int pid);
  void detach();

 private:
  std::mutex mutex_;
  int pid_ = 0;
  int pending_ = 0;
  bool ended_ = false;
  bool interrupted_ = false;
};
enum class ForwardSignals { no, yes };

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is the program; must not be empty
  std::vector<std::string> env;   // the child's whole environment, "NAME=value" entries
  Output out = Output::inherit;
  Output err = Output::inherit;
  ForwardSignals forward = ForwardSignals::no;
  ChildHandle* handle = nullptr;  // optional: lets another thread signal the child
};

struct ProcessExit {
  int code = -1;                 // exit status when the child exited; -1 when signalled
  std::optional<int> signal;     // the signal that ended it, if one did
  std::optional<int> forwarded;  // a signal hf2ms forwarded to it while it ran
  [[nodiscard]] bool ok() const { return code == 0; }
};

// Called once per captured line, without its '\n' (a last line without one is still passed).
using LineSink = std::function<void(std::string_view line)>;

// Starts the program, feeds captured lines to `on_line` (may be empty), waits for it.
// not_found when the program is not found; io when it cannot be started or waited for. A
// child that runs and fails is not an error: look at ProcessExit.
[[nodiscard]] Result<ProcessExit> run_process(const ProcessSpec& spec, const LineSink& on_line);

// The absolute path of `program` found in `path_value` (a PATH-style list); nullopt when no
// entry holds an executable file of that name. A name with a '/' is returned as is if it is
// executable.
[[nodiscard]] std::optional<std::string> find_program(const std::string& program,
                                                      std::string_view path_value);

// This process's environment as "NAME=value" entries, in order.
[[nodiscard]] std::vector<std::string> current_environment();

// `env` with NAME set to `value` (replacing every existing NAME= entry).
[[nodiscard]] std::vector<std::string> with_variable(std::vector<std::string> env,
                                                     std::string_view name, std::string_view value);

// The value of NAME in `env`; nullopt when absent.
[[nodiscard]] std::optional<std::string> find_variable(const std::vector<std::string>& env,
                                                       std::string_view name);

}  // namespace hf2ms
