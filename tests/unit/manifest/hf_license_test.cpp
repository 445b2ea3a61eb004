#include "manifest/hf_license.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string_view>

namespace hf2ms::manifest {
namespace {

TEST(HfLicense, ListIsCompiledFromTheDataFileSortedAndUnique) {
  const auto ids = hf_license_ids();
  ASSERT_GT(ids.size(), 50U);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  for (const std::string_view id : ids) {
    EXPECT_FALSE(id.empty());
    EXPECT_NE(id.front(), '#') << "comment lines of hf_licenses.txt must not become ids";
    EXPECT_EQ(id.find(' '), std::string_view::npos) << id;
  }
}

TEST(HfLicense, AcceptsHubIdsOnlyExactly) {
  EXPECT_TRUE(is_hf_license("apache-2.0"));
  EXPECT_TRUE(is_hf_license("other"));
  EXPECT_TRUE(is_hf_license("openrail++"));
  EXPECT_FALSE(is_hf_license("Apache-2.0"));
  EXPECT_FALSE(is_hf_license("Apache License 2.0"));
  EXPECT_FALSE(is_hf_license(""));
}

}  // namespace
}  // namespace hf2ms::manifest
