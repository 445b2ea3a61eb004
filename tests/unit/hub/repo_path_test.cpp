#include "hub/repo_path.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hub {
namespace {

TEST(RepoPath, AcceptsPlainRelativePaths) {
  for (const char* p : {"README.md", "a/b/c.safetensors", ".gitattributes", "dir.v1/x", "a..b"}) {
    EXPECT_TRUE(is_safe_repo_path(p)) << p;
  }
}

TEST(RepoPath, RefusesEscapesAbsolutePathsAndGitInternals) {
  for (const char* p : {"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", ".git",
                        ".git/config", "sub/.git/HEAD", "a\\b", "a\nb", "."}) {
    EXPECT_FALSE(is_safe_repo_path(p)) << p;
  }
}

}  // namespace
}  // namespace hf2ms::hub
