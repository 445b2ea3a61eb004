// The benchmarks' way to run the hf2ms binary (HF2MS_EXE, a compile definition of each bench
// target): stdout and stderr to /dev/null, its exit status, wall seconds and peak RSS.
#pragma once

#include <chrono>
#include <fcntl.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace hf2ms::bench {

struct ChildRun {
  int exit_code = -1;
  double seconds = 0;
  long max_rss_kb = 0;  // ru_maxrss: includes what the child inherited until exec
};

inline ChildRun run_hf2ms(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string exe = HF2MS_EXE;
  argv.push_back(exe.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  ChildRun r;
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.max_rss_kb = usage.ru_maxrss;
  return r;
}

}  // namespace hf2ms::bench
