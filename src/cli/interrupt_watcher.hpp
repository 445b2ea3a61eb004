// Ctrl-C (SIGINT) and SIGTERM for the long-running commands (`apply`, `migrate`), turned into a
// std::stop_token so the applier can stop cleanly instead of dying mid-commit.
#pragma once

#include <atomic>
#include <stop_token>
#include <thread>

namespace hf2ms::cli {

// Watches SIGINT and SIGTERM from construction to destruction. Construct it before any other
// thread starts: it blocks both signals in the calling thread (threads created later inherit
// that) and waits for them on its own thread. Before arm(): a signal exits at once (nothing was
// written yet). After arm(): the first signal requests stop on token() and prints what happens
// next; a second one exits at once. Every exit it causes, and exit_status() once a signal was
// seen, is the shell's convention 128 + signal number (130 for Ctrl-C, 143 for SIGTERM), so a
// CI job or a wrapper script can tell an interrupted apply from a failed one.
class InterruptWatcher {
 public:
  InterruptWatcher();
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  void arm() { armed_ = true; }
  [[nodiscard]] std::stop_token token() const { return stop_.get_token(); }
  [[nodiscard]] bool interrupted() const { return signal_ != 0; }
  // 128 + the first signal received; meaningful only when interrupted().
  [[nodiscard]] int exit_status() const { return 128 + signal_; }

 private:
  std::stop_source stop_;
  std::atomic<bool> armed_{false};
  std::atomic<int> signal_{0};
  std::jthread thread_;
};

}  // namespace hf2ms::cli
