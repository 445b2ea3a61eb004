#include "http/content_range.hpp"

#include <gtest/gtest.h>

namespace hf2ms::http {
namespace {

TEST(ContentRange, ParsesASatisfiedRangeWithOrWithoutItsTotal) {
  EXPECT_EQ(parse_content_range("bytes 0-0/10"), (ContentRange{0, 0, 10}));
  EXPECT_EQ(parse_content_range("bytes 300000-5299999/5300000"),
            (ContentRange{300000, 5299999, 5300000}));
  EXPECT_EQ(parse_content_range("bytes 5-9/*"), (ContentRange{5, 9, std::nullopt}));
  EXPECT_EQ(parse_content_range("bytes 0-18446744073709551614/18446744073709551615"),
            (ContentRange{0, 18446744073709551614ULL, 18446744073709551615ULL}));
}

TEST(ContentRange, RefusesEverythingElse) {
  for (const char* bad : {"",
                          "bytes",
                          "bytes ",
                          "bytes */10",
                          "items 0-1/2",
                          "bytes=0-1/2",
                          "Bytes 0-1/2",
                          "bytes 0-1",
                          "bytes 0-1/",
                          "bytes -1/2",
                          "bytes 1-/2",
                          "bytes 2-1/3",
                          "bytes 0-9/9",
                          "bytes +0-1/2",
                          "bytes 0 -1/2",
                          "bytes 0-1/2 ",
                          "bytes 0-1/2x",
                          "bytes 0x1-2/3",
                          "bytes 0-18446744073709551616/18446744073709551617",
                          "bytes 0-1/*x"}) {
    EXPECT_EQ(parse_content_range(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace hf2ms::http
