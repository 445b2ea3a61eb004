#include "util/file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace hf2ms {
namespace {

namespace fs = std::filesystem;

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("hf2ms-file-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

TEST_F(FileTest, WritesAtomicallyAndReadsBack) {
  const std::string path = (dir / "plan.json").string();
  ASSERT_TRUE(write_file_atomic(path, "first"));
  ASSERT_TRUE(write_file_atomic(path, "second"));
  EXPECT_EQ(read_file(path).value(), "second");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) {
    ++entries;  // no temporary file is left behind
  }
  EXPECT_EQ(entries, 1U);
}

// The attack: another user of a shared runner plants a symlink at the temporary name the old
// code used ("<path>.tmp.<pid>"); the write must not follow it into the victim file.
TEST_F(FileTest, AtomicWriteDoesNotFollowAPlantedTemporaryName) {
  const std::string path = (dir / "plan.json").string();
  const std::string victim = (dir / "victim").string();
  ASSERT_TRUE(write_file_atomic(victim, "precious"));
  fs::create_symlink(victim, path + ".tmp." + std::to_string(::getpid()));
  ASSERT_TRUE(write_file_atomic(path, "plan"));
  EXPECT_EQ(read_file(victim).value(), "precious");
  EXPECT_EQ(read_file(path).value(), "plan");
  EXPECT_FALSE(fs::is_symlink(path));
}

TEST_F(FileTest, AtomicWriteCreatesAPrivateFile) {
  const std::string path = (dir / "state.json").string();
  ASSERT_TRUE(write_file_atomic(path, "{}"));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777U, 0600U);
}

TEST_F(FileTest, AtomicWriteIntoAMissingFolderFails) {
  auto r = write_file_atomic((dir / "missing" / "x").string(), "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::io);
}

}  // namespace
}  // namespace hf2ms
