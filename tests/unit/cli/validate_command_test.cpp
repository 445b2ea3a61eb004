// `hf2ms validate` end to end: runs the built binary on every manifest under
// tests/testdata/manifests/{invalid,valid}/ and compares its stderr with the `.expected` file
// next to it (exact text, positions included) and its exit status (1 for invalid/, 0 for
// valid/); every examples/*.toml and hf2ms.toml.example must validate cleanly.
// Regenerate the .expected files with HF2MS_UPDATE_GOLDEN=1 and review the diff like code.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct ValidateRun {
  int exit_code = -1;
  std::string stderr_text;
};

// Runs `hf2ms validate -f <relative>` from the source dir, so messages carry the relative path.
ValidateRun validate(const std::string& relative) {
  std::string cmd = "cd '" HF2MS_SOURCE_DIR "' && '" HF2MS_BINARY_DIR
                    "/src/cli/hf2ms' validate -f '" +
                    relative + "' 2>&1 >/dev/null";
  ValidateRun run;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    return run;
  }
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    run.stderr_text.append(buffer.data(), n);
  }
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::vector<std::string> manifests_in(const std::string& relative_dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(fs::path(HF2MS_SOURCE_DIR) / relative_dir)) {
    if (entry.path().extension() == ext) {
      out.push_back(relative_dir + "/" + entry.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void check_against_expected(const std::string& relative, int want_exit) {
  ValidateRun run = validate(relative);
  EXPECT_EQ(run.exit_code, want_exit) << relative << "\n" << run.stderr_text;
  fs::path expected = fs::path(HF2MS_SOURCE_DIR) / (relative + ".expected");
  if (std::getenv("HF2MS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected, std::ios::binary) << run.stderr_text;
  }
  ASSERT_TRUE(fs::exists(expected)) << "missing " << expected << " (HF2MS_UPDATE_GOLDEN=1)";
  EXPECT_EQ(run.stderr_text, read_text(expected)) << relative;
}

TEST(ValidateCommand, ReportsEveryProblemOfEachInvalidManifestAndExits1) {
  std::vector<std::string> files = manifests_in("tests/testdata/manifests/invalid", ".toml");
  ASSERT_GE(files.size(), 10u);
  for (const std::string& f : files) {
    check_against_expected(f, 1);
  }
}

TEST(ValidateCommand, ValidManifestsExit0EvenWithWarnings) {
  std::vector<std::string> files = manifests_in("tests/testdata/manifests/valid", ".toml");
  ASSERT_FALSE(files.empty());
  for (const std::string& f : files) {
    check_against_expected(f, 0);
  }
}

TEST(ValidateCommand, EveryExampleIsValidWithoutWarnings) {
  std::vector<std::string> files = manifests_in("examples", ".toml");
  ASSERT_GE(files.size(), 5u);
  files.push_back("hf2ms.toml.example");
  for (const std::string& f : files) {
    ValidateRun run = validate(f);
    EXPECT_EQ(run.exit_code, 0) << f << "\n" << run.stderr_text;
    EXPECT_EQ(run.stderr_text, "") << f;
  }
}

TEST(ValidateCommand, MissingFileIsAnError) {
  ValidateRun run = validate("tests/testdata/manifests/does-not-exist.toml");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.stderr_text.find("does-not-exist.toml"), std::string::npos);
}

}  // namespace
