#include "util/hardening.hpp"

#include <gtest/gtest.h>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace hf2ms {
namespace {

// Runs `check` in a forked child (the settings must not leak into the test process) and
// returns its exit code.
template <class F>
int in_child(F check) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::_exit(check());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST(Hardening, DisablesCoreDumpsAndPtrace) {
  const int code = in_child([] {
    if (!disable_core_dumps()) {
      return 1;
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_CORE, &limit) != 0 || limit.rlim_cur != 0 || limit.rlim_max != 0) {
      return 2;
    }
    if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) {
      return 3;
    }
    // The hard limit is 0 too: nothing later in the process can raise it again.
    const rlimit back{RLIM_INFINITY, RLIM_INFINITY};
    if (::setrlimit(RLIMIT_CORE, &back) == 0 && ::geteuid() != 0) {
      return 4;
    }
    return 0;
  });
  EXPECT_EQ(code, 0);
}

TEST(Hardening, OwnProcFilesStayReadable) {
  const int code = in_child([] {
    if (!disable_core_dumps()) {
      return 1;
    }
    auto io = read_own_proc_file("/proc/self/io");
    if (!io || io->find("write_bytes") == std::string::npos) {
      return 2;
    }
    return ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : 3;  // and not dumpable afterwards
  });
  EXPECT_EQ(code, 0);
}

}  // namespace
}  // namespace hf2ms
