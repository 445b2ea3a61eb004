// "Did you mean" (suggest.hpp).
#include "manifest/suggest.hpp"

#include <gtest/gtest.h>

#include <array>

namespace hf2ms::manifest {
namespace {

TEST(Suggest, EditDistanceCountsTranspositionsAsOne) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("prune", "prune"), 0u);
  EXPECT_EQ(edit_distance("prunee", "prune"), 1u);
  EXPECT_EQ(edit_distance("pruen", "prune"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Suggest, PicksTheClosePlausibleCandidate) {
  constexpr std::array<std::string_view, 4> keys{"include", "exclude", "revision", "prune"};
  EXPECT_EQ(suggest("revison", keys), "revision");
  EXPECT_EQ(suggest("Prune", keys), "prune");
  EXPECT_EQ(suggest("exlude", keys), "exclude");
  EXPECT_EQ(suggest("colour", keys), std::nullopt);
  EXPECT_EQ(suggest("x", keys), std::nullopt);
}

TEST(Suggest, JoinsWithCommas) {
  constexpr std::array<std::string_view, 3> names{"a", "b", "c"};
  EXPECT_EQ(join(names), "a, b, c");
}

}  // namespace
}  // namespace hf2ms::manifest
