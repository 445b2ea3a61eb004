// expect_golden: compares a rendered view with its golden file in tests/testdata/golden/, and
// rewrites the file instead when HF2MS_UPDATE_GOLDEN=1 (review the diff like code).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace hf2ms::testing {

inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(HF2MS_SOURCE_DIR) + "/tests/testdata/golden/" + name;
  const char* update = std::getenv("HF2MS_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (run with HF2MS_UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "golden " << name << " differs";
}

}  // namespace hf2ms::testing
