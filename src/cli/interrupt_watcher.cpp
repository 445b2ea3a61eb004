#include "cli/interrupt_watcher.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <pthread.h>

namespace hf2ms::cli {
namespace {

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void say(const char* text) { std::fputs(text, stderr); }

}  // namespace

InterruptWatcher::InterruptWatcher() {
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::jthread([this](const std::stop_token& own) {
    const sigset_t signals = watched_signals();
    const timespec tick{0, 100'000'000};
    while (!own.stop_requested()) {
      const int sig = sigtimedwait(&signals, nullptr, &tick);
      if (sig < 0) {
        continue;  // timeout or EINTR
      }
      int expected = 0;
      const bool first = signal_.compare_exchange_strong(expected, sig);
      if (!armed_ || !first) {
        say(armed_ ? "\nhf2ms: interrupted again; exiting now. Nothing half-uploaded is visible; "
                     "run `hf2ms apply` again to finish.\n"
                   : "\nhf2ms: interrupted; nothing was changed.\n");
        std::_Exit(exit_status());
      }
      say("\nhf2ms: interrupt received: no new transfers start, transfers and hub calls in "
          "flight are cancelled, and no commit starts (one already sent is let finish). Press "
          "Ctrl-C again to exit at once.\n");
      stop_.request_stop();
    }
  });
}

InterruptWatcher::~InterruptWatcher() {
  thread_.request_stop();
  thread_.join();
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace hf2ms::cli
