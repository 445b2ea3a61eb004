#include "hubsim/generated_content.hpp"

#include "hubsim/sim_context.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hf2ms::hubsim {
namespace {

TEST(GeneratedContent, AnyRangeEqualsTheSameSliceOfTheWhole) {
  std::string whole(1000, '\0');
  fill_generated(7, 0, whole.data(), whole.size());
  for (const std::size_t offset : {0U, 1U, 7U, 8U, 13U, 500U}) {
    std::string part(123, '\0');
    fill_generated(7, offset, part.data(), part.size());
    EXPECT_EQ(part, whole.substr(offset, 123)) << offset;
  }
  std::string other(1000, '\0');
  fill_generated(8, 0, other.data(), other.size());
  EXPECT_NE(other, whole);
}

TEST(GeneratedContent, ShortReadsMatchTheBlockPathAcrossBlocks) {
  // 200 KiB is read through the 64 KiB base block; short reads compute their words directly.
  std::string whole(200 << 10, '\0');
  fill_generated(11, 0, whole.data(), whole.size());
  for (const std::size_t offset : {0U, 3U, 65536U - 5U, 65536U, 131072U + 1U}) {
    std::string part(77, '\0');
    fill_generated(11, offset, part.data(), part.size());
    EXPECT_EQ(part, whole.substr(offset, 77)) << offset;
  }
}

TEST(Ranges, ParsesTheFormsClientsSend) {
  EXPECT_EQ(parse_range("bytes=0-0", 10).kind, RangeRequest::Kind::partial);
  EXPECT_EQ(parse_range("bytes=0-0", 10).range, (ByteRange{0, 0}));
  EXPECT_EQ(parse_range("bytes=5-", 10).range, (ByteRange{5, 9}));
  EXPECT_EQ(parse_range("bytes=-3", 10).range, (ByteRange{7, 9}));
  EXPECT_EQ(parse_range("bytes=2-100", 10).range, (ByteRange{2, 9}));
  EXPECT_EQ(parse_range("bytes=10-", 10).kind, RangeRequest::Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-0", 0).kind, RangeRequest::Kind::unsatisfiable);
  EXPECT_EQ(parse_range("", 10).kind, RangeRequest::Kind::whole);
  EXPECT_EQ(parse_range("bytes=5-2", 10).kind, RangeRequest::Kind::whole);
  EXPECT_EQ(parse_range("bytes=0-1,3-4", 10).kind, RangeRequest::Kind::whole);
}

}  // namespace
}  // namespace hf2ms::hubsim
