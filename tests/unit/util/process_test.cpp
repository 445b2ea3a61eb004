// run_process: argv without a shell, an explicit environment, line capture, exit statuses,
// PATH lookup in the child's environment and SIGINT forwarding. Starts /bin/sh scripts.
#include "util/process.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace hf2ms {
namespace {

std::vector<std::string> run_lines(const ProcessSpec& spec, ProcessExit* exit = nullptr) {
  std::vector<std::string> lines;
  auto r = run_process(spec, [&](std::string_view l) { lines.emplace_back(l); });
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  if (r && exit != nullptr) {
    *exit = *r;
  }
  return lines;
}

ProcessSpec sh(const std::string& script, std::vector<std::string> env = {"PATH=/usr/bin:/bin"}) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script, "sh", "arg with spaces", "$HOME;`x`"};
  spec.env = std::move(env);
  spec.out = Output::capture;
  return spec;
}

TEST(Process, PassesArgvVerbatimWithoutAShell) {
  const auto lines = run_lines(sh("printf '%s\\n' \"$1\" \"$2\""));
  EXPECT_EQ(lines, (std::vector<std::string>{"arg with spaces", "$HOME;`x`"}));
}

TEST(Process, ChildSeesExactlyTheGivenEnvironment) {
  ::setenv("HF2MS_PROCESS_TEST_PARENT_ONLY", "leak", 1);
  const auto lines = run_lines(sh("env | sort", {"PATH=/usr/bin:/bin", "ONLY=this"}));
  ::unsetenv("HF2MS_PROCESS_TEST_PARENT_ONLY");
  std::vector<std::string> vars;
  for (const auto& l : lines) {
    if (l.starts_with("ONLY=") || l.starts_with("HF2MS_PROCESS_TEST")) {
      vars.push_back(l);
    }
  }
  EXPECT_EQ(vars, std::vector<std::string>{"ONLY=this"});
}

TEST(Process, ReportsExitStatusAndLastLineWithoutNewline) {
  ProcessExit exit;
  const auto lines = run_lines(sh("echo one; printf two; exit 75"), &exit);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(exit.code, 75);
  EXPECT_FALSE(exit.ok());
  EXPECT_FALSE(exit.signal.has_value());
}

TEST(Process, CapturesStderrIntoTheSameStreamWhenAsked) {
  ProcessSpec spec = sh("echo out; echo err >&2");
  spec.err = Output::capture;
  const auto lines = run_lines(spec);
  EXPECT_EQ(lines, (std::vector<std::string>{"out", "err"}));
}

TEST(Process, DiscardedOutputIsNotCaptured) {
  ProcessSpec spec = sh("echo out; echo err >&2; exit 3");
  spec.out = Output::discard;
  spec.err = Output::discard;
  ProcessExit exit;
  EXPECT_TRUE(run_lines(spec, &exit).empty());
  EXPECT_EQ(exit.code, 3);
}

TEST(Process, ReportsTheSignalThatKilledTheChild) {
  ProcessExit exit;
  run_lines(sh("kill -TERM $$"), &exit);
  EXPECT_EQ(exit.code, -1);
  EXPECT_EQ(exit.signal, SIGTERM);
}

TEST(Process, LooksProgramsUpInTheChildsPath) {
  ProcessSpec spec = sh("");
  spec.argv = {"sh", "-c", "echo found"};
  EXPECT_EQ(run_lines(spec), std::vector<std::string>{"found"});
  spec.env = {"PATH=/nonexistent-hf2ms"};
  auto r = run_process(spec, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::not_found);
}

TEST(Process, FindProgramSkipsFoldersWithoutIt) {
  EXPECT_EQ(find_program("sh", "/nonexistent-hf2ms::/bin"), std::optional<std::string>("/bin/sh"));
  EXPECT_EQ(find_program("no-such-program-hf2ms", "/bin:/usr/bin"), std::nullopt);
  EXPECT_EQ(find_program("/bin/sh", ""), std::optional<std::string>("/bin/sh"));
}

TEST(Process, ForwardsSigintToTheChildAndWaitsForIt) {
  // The child announces itself, then signals its parent (hf2ms's stand-in: this test) and
  // waits for the forwarded SIGINT, which it traps and turns into exit 42.
  ProcessSpec spec =
      sh("trap 'echo got-int; exit 42' INT; echo ready; kill -INT $PPID; "
         "i=0; while [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; exit 9");
  spec.forward = ForwardSignals::yes;
  ProcessExit exit;
  const auto lines = run_lines(spec, &exit);
  EXPECT_EQ(lines, (std::vector<std::string>{"ready", "got-int"}));
  EXPECT_EQ(exit.code, 42);
  EXPECT_EQ(exit.forwarded, SIGINT);
}

TEST(Process, HandleInterruptsTheRunningChild) {
  ProcessSpec spec =
      sh("trap 'echo got-int; exit 42' INT; echo ready; "
         "i=0; while [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; exit 9");
  ChildHandle handle;
  spec.handle = &handle;
  std::vector<std::string> lines;
  auto exit = run_process(spec, [&](std::string_view l) {
    lines.emplace_back(l);
    if (l == "ready") {
      handle.interrupt(SIGINT);
    }
  });
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->code, 42);
  EXPECT_EQ(lines, (std::vector<std::string>{"ready", "got-int"}));
  handle.interrupt(SIGINT);  // after the end: nothing to signal, no crash
}

TEST(Process, HandleDeliversAnEarlyInterruptWhenTheChildStarts) {
  ProcessSpec spec = sh("sleep 5; exit 9");
  ChildHandle handle;
  handle.interrupt(SIGINT);
  spec.handle = &handle;
  auto exit = run_process(spec, {});
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->signal, SIGINT);
}

TEST(Process, EnvironmentHelpersReplaceAndFind) {
  auto env = with_variable({"A=1", "B=2", "A=3"}, "A", "x=y");
  EXPECT_EQ(env, (std::vector<std::string>{"B=2", "A=x=y"}));
  EXPECT_EQ(find_variable(env, "A"), std::optional<std::string>("x=y"));
  EXPECT_EQ(find_variable(env, "C"), std::nullopt);
  EXPECT_FALSE(current_environment().empty());
}

}  // namespace
}  // namespace hf2ms
