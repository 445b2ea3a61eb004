// The scripts of the built `hf2ms completion bash|zsh` in real shells: syntax (`bash -n`,
// `zsh -n` when zsh is installed) and, for bash, completions for typed command lines: the
// script is sourced, COMP_WORDS/COMP_CWORD are set as bash sets them, and COMPREPLY is read.
// Runs the built binary and bash, so it is labelled integration.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

const std::string k_hf2ms = "'" HF2MS_BINARY_DIR "/src/cli/hf2ms'";

struct ShellRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

ShellRun run_shell(const std::string& command) {
  ShellRun run;
  FILE* pipe = popen(("cd '" HF2MS_SOURCE_DIR "' && " + command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return run;
  }
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    run.output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

// COMPREPLY for `words`, the last being the word under the cursor (may be empty).
std::vector<std::string> complete(const std::vector<std::string>& words) {
  std::string array;
  for (const std::string& w : words) {
    array += " " + quoted(w);
  }
  const std::string script = "source <(" + k_hf2ms + " completion bash) && COMP_WORDS=(" + array +
                             ") && COMP_CWORD=" + std::to_string(words.size() - 1) +
                             " && _hf2ms && printf '%s\\n' \"${COMPREPLY[@]}\"";
  const ShellRun run = run_shell("bash -c " + quoted(script));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::string> out;
  std::istringstream lines(run.output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) {
      out.push_back(line);
    }
  }
  return out;
}

TEST(CompletionScript, BashSyntaxChecks) {
  const ShellRun run = run_shell(k_hf2ms + " completion bash | bash -n");
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

TEST(CompletionScript, ZshSyntaxChecksWhenZshIsInstalled) {
  if (run_shell("command -v zsh").exit_code != 0) {
    GTEST_SKIP() << "zsh is not installed";
  }
  const ShellRun run = run_shell(k_hf2ms + " completion zsh | zsh -n");
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

TEST(CompletionScript, UnknownShellIsAUsageError) {
  EXPECT_NE(run_shell(k_hf2ms + " completion fish").exit_code, 0);
}

TEST(CompletionScript, BashCompletesSubcommandNames) {
  EXPECT_EQ(complete({"hf2ms", "pl"}), (std::vector<std::string>{"plan"}));
}

TEST(CompletionScript, BashCompletesLongOptionsOfTheSubcommand) {
  EXPECT_EQ(complete({"hf2ms", "apply", "--exec"}), (std::vector<std::string>{"--executor"}));
  EXPECT_EQ(complete({"hf2ms", "plan", "--detailed"}),
            (std::vector<std::string>{"--detailed-exitcode"}));
}

TEST(CompletionScript, BashCompletesChoicesOfAnOptionValue) {
  EXPECT_EQ(complete({"hf2ms", "apply", "--executor", ""}),
            (std::vector<std::string>{"local", "modal"}));
  // `--executor=m`: bash splits the line at '=' (COMP_WORDBREAKS).
  EXPECT_EQ(complete({"hf2ms", "apply", "--executor", "=", "m"}),
            (std::vector<std::string>{"modal"}));
  EXPECT_EQ(complete({"hf2ms", "completion", "z"}), (std::vector<std::string>{"zsh"}));
}

TEST(CompletionScript, BashCompletesPathsForFileValuesAndNothingForNumbers) {
  EXPECT_EQ(complete({"hf2ms", "plan", "-f", "docs/cl"}),
            (std::vector<std::string>{"docs/cli.md"}));
  EXPECT_EQ(complete({"hf2ms", "show", "docs/cl"}), (std::vector<std::string>{"docs/cli.md"}));
  EXPECT_TRUE(complete({"hf2ms", "plan", "--parallelism", ""}).empty());
  // After a flag, the next word is a positional again, not the flag's value.
  EXPECT_EQ(complete({"hf2ms", "apply", "--auto-approve", "docs/cl"}),
            (std::vector<std::string>{"docs/cli.md"}));
}

}  // namespace
