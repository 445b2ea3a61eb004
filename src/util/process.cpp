#include "util/process.hpp"

#include "util/assert.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace hf2ms {
namespace {

// A file descriptor owned by exactly one object.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(-1); }
  [[nodiscard]] int get() const { return fd_; }
  void reset(int fd) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

Error io_error(const std::string& what, int err) {
  return make_error(ErrorKind::io, what + ": " + std::strerror(err));
}

// posix_spawn's C structures, destroyed on scope exit.
struct SpawnSetup {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attr{};
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

// Signal forwarding state. Only async-signal-safe work happens in the handler.
volatile std::sig_atomic_t g_child_pid = 0;
volatile std::sig_atomic_t g_forwarded = 0;

extern "C" void forward_signal(int sig) {
  g_forwarded = sig;
  if (g_child_pid > 0) {
    ::kill(static_cast<pid_t>(g_child_pid), sig);
  }
}

// Installs the forwarding handler for SIGINT and SIGTERM; restores the old ones on exit.
class ScopedForwarding {
 public:
  explicit ScopedForwarding(ForwardSignals forward) : active_(forward == ForwardSignals::yes) {
    if (!active_) {
      return;
    }
    HF2MS_ASSERT(g_child_pid == 0);
    g_forwarded = 0;
    struct sigaction sa {};
    sa.sa_handler = &forward_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~ScopedForwarding() {
    if (active_) {
      sigaction(SIGINT, &old_int_, nullptr);
      sigaction(SIGTERM, &old_term_, nullptr);
      g_child_pid = 0;
    }
  }
  ScopedForwarding(const ScopedForwarding&) = delete;
  ScopedForwarding& operator=(const ScopedForwarding&) = delete;

  // Records the child; forwards a signal that arrived before it existed.
  void set_child(pid_t pid) const {
    if (!active_) {
      return;
    }
    g_child_pid = pid;
    if (g_forwarded != 0) {
      ::kill(pid, g_forwarded);
    }
  }
  [[nodiscard]] std::optional<int> forwarded() const {
    return active_ && g_forwarded != 0 ? std::optional<int>(g_forwarded) : std::nullopt;
  }

 private:
  bool active_ = false;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

void route(SpawnSetup& s, int child_fd, Output mode, int pipe_write) {
  if (mode == Output::capture) {
    posix_spawn_file_actions_adddup2(&s.actions, pipe_write, child_fd);
  } else if (mode == Output::discard) {
    posix_spawn_file_actions_addopen(&s.actions, child_fd, "/dev/null", O_WRONLY, 0);
  }
}

void configure(SpawnSetup& s, const ProcessSpec& spec, int pipe_write) {
  // The child never reads a terminal: stdin is /dev/null (it may run in its own group).
  posix_spawn_file_actions_addopen(&s.actions, 0, "/dev/null", O_RDONLY, 0);
  route(s, 1, spec.out, pipe_write);
  route(s, 2, spec.err, pipe_write);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP}) {
    sigaddset(&defaults, sig);
  }
  posix_spawnattr_setsigmask(&s.attr, &none);
  posix_spawnattr_setsigdefault(&s.attr, &defaults);
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (spec.forward == ForwardSignals::yes) {
    posix_spawnattr_setpgroup(&s.attr, 0);
    flags = static_cast<short>(flags | POSIX_SPAWN_SETPGROUP);
  }
  posix_spawnattr_setflags(&s.attr, flags);
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) {
    out.push_back(const_cast<char*>(s.c_str()));  // posix_spawn does not write them
  }
  out.push_back(nullptr);
  return out;
}

// Reads `fd` to its end, handing each line to `on_line`.
void read_lines(int fd, const LineSink& on_line) {
  std::string pending;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
      if (on_line) {
        on_line(std::string_view(pending).substr(0, nl));
      }
      pending.erase(0, nl + 1);
    }
  }
  if (!pending.empty() && on_line) {
    on_line(pending);
  }
}

Result<ProcessExit> wait_for(pid_t pid, const ScopedForwarding& forwarding, ChildHandle* handle) {
  // Wait without reaping first, so that the handle stops signalling before the pid is free.
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
  }
  if (handle != nullptr) {
    handle->detach();
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return unexpected(io_error("waitpid", errno));
    }
  }
  ProcessExit exit;
  if (WIFEXITED(status)) {
    exit.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    exit.signal = WTERMSIG(status);
  }
  exit.forwarded = forwarding.forwarded();
  return exit;
}

}  // namespace

Result<ProcessExit> run_process(const ProcessSpec& spec, const LineSink& on_line) {
  HF2MS_ASSERT(!spec.argv.empty());
  const auto path_value = find_variable(spec.env, "PATH");
  const auto program = find_program(spec.argv.front(), path_value.value_or(""));
  if (!program) {
    return unexpected(
        make_error(ErrorKind::not_found, "program not found on PATH: " + spec.argv.front()));
  }
  UniqueFd read_end;
  UniqueFd write_end;
  if (spec.out == Output::capture || spec.err == Output::capture) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      return unexpected(io_error("pipe", errno));
    }
    read_end.reset(fds[0]);
    write_end.reset(fds[1]);
  }
  SpawnSetup setup;
  configure(setup, spec, write_end.get());
  ScopedForwarding forwarding(spec.forward);
  auto argv = c_strings(spec.argv);
  auto envp = c_strings(spec.env);
  pid_t pid = 0;
  const int rc =
      ::posix_spawn(&pid, program->c_str(), &setup.actions, &setup.attr, argv.data(), envp.data());
  if (rc != 0) {
    return unexpected(io_error("cannot start " + *program, rc));
  }
  forwarding.set_child(pid);
  if (spec.handle != nullptr) {
    spec.handle->attach(pid);
  }
  write_end.reset(-1);  // so that the read below ends when the child closes its copies
  if (read_end.get() >= 0) {
    read_lines(read_end.get(), on_line);
  }
  return wait_for(pid, forwarding, spec.handle);
}

void ChildHandle::interrupt(int sig) {
  std::lock_guard lock(mutex_);
  if (interrupted_) {
    return;  // one signal only: a second Ctrl-C is the caller's to escalate
  }
  interrupted_ = true;
  if (pid_ > 0) {
    ::kill(pid_, sig);
  } else if (!ended_) {
    pending_ = sig;
  }
}

void ChildHandle::attach(int pid) {
  std::lock_guard lock(mutex_);
  pid_ = pid;
  if (pending_ != 0) {
    ::kill(pid_, pending_);
  }
}

void ChildHandle::detach() {
  std::lock_guard lock(mutex_);
  pid_ = 0;
  ended_ = true;
}

std::optional<std::string> find_program(const std::string& program, std::string_view path_value) {
  auto executable = [](const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) {
    return executable(program) ? std::optional<std::string>(program) : std::nullopt;
  }
  // Empty PATH entries (meaning "the current folder") are skipped on purpose.
  while (!path_value.empty()) {
    const auto colon = path_value.find(':');
    const std::string_view dir = path_value.substr(0, colon);
    path_value = colon == std::string_view::npos ? "" : path_value.substr(colon + 1);
    if (!dir.empty()) {
      std::string candidate = std::string(dir) + "/" + program;
      if (executable(candidate)) {
        return candidate;
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> current_environment() {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    out.emplace_back(*e);
  }
  return out;
}

std::vector<std::string> with_variable(std::vector<std::string> env, std::string_view name,
                                       std::string_view value) {
  const std::string prefix = std::string(name) + "=";
  std::erase_if(env, [&](const std::string& e) { return e.starts_with(prefix); });
  env.push_back(prefix + std::string(value));
  return env;
}

std::optional<std::string> find_variable(const std::vector<std::string>& env,
                                         std::string_view name) {
  const std::string prefix = std::string(name) + "=";
  for (const std::string& e : env) {
    if (e.starts_with(prefix)) {
      return e.substr(prefix.size());
    }
  }
  return std::nullopt;
}

}  // namespace hf2ms
