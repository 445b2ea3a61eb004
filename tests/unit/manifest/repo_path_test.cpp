// The shared path and ref validators (repo_path.hpp).
#include "manifest/repo_path.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hf2ms::manifest {
namespace {

TEST(RepoRefName, AcceptsBranchesTagsAndCommits) {
  for (const char* ref : {"main", "master", "v1.0", "release/2024-01", "refs/pr/1",
                          "7ae5573d6d1a2b3c4d5e6f708192a3b4c5d6e7f8", "a+b=c,d@e"}) {
    EXPECT_FALSE(check_ref(ref)) << ref;
  }
}

TEST(RepoRefName, RefusesWhatWouldEscapeTheRepoUrl) {
  for (const char* ref :
       {"",     "../other-repo", "a/../../b", "main/..", "/main", "main/", "a//b", ".hidden",
        "a/.b", "x.lock",        "main.",     "@",       "a@{1}", "a b",   "a\tb", "a%2f..",
        "a?x",  "a#b",           "a\\b",      "a:b",     "a~1",   "a^",    "a*",   "a[b"}) {
    EXPECT_TRUE(check_ref(ref)) << ref;
  }
  EXPECT_TRUE(check_ref(std::string(256, 'a')));
  EXPECT_FALSE(check_ref(std::string(255, 'a')));
}

TEST(RepoRefName, ExplainsEmptyAndBlankRefs) {
  EXPECT_EQ(check_ref("")->what, "empty");
  EXPECT_EQ(check_ref("my branch")->what, "contains whitespace or control characters");
}

TEST(RepoPathShared, IsTheValidatorOfHubListings) {
  EXPECT_TRUE(is_safe_repo_path("a/b.bin"));
  EXPECT_FALSE(is_safe_repo_path("../x"));
  EXPECT_FALSE(is_safe_repo_path("sub/.git/HEAD"));
}

}  // namespace
}  // namespace hf2ms::manifest
