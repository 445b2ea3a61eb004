// Byte sizes (size.hpp).
#include "manifest/size.hpp"

#include <gtest/gtest.h>

namespace hf2ms::manifest {
namespace {

TEST(ByteSize, ParsesDecimalAndBinaryUnits) {
  const std::pair<const char*, std::uint64_t> cases[] = {
      {"1", 1},
      {"50GB", 50'000'000'000ULL},
      {"50 GB", 50'000'000'000ULL},
      {"50gb", 50'000'000'000ULL},
      {"512MiB", 512ULL << 20},
      {"1.5GB", 1'500'000'000ULL},
      {"1.5GiB", 3ULL << 29},
      {"0.001kB", 1},
      {"2TiB", 2ULL << 40},
      {"10kB", 10'000},
      {"7B", 7},
      {"16PiB", 16ULL << 50},
      {"18446744073709551615", 18446744073709551615ULL},
  };
  for (const auto& [text, bytes] : cases) {
    auto size = parse_byte_size(text);
    ASSERT_TRUE(size) << text << ": " << size.error().what;
    EXPECT_EQ(*size, bytes) << text;
  }
}

TEST(ByteSize, RejectsGarbage) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "not a size"},
      {"GB", "not a size"},
      {"-1GB", "not a size"},
      {"1.GB", "not a size"},
      {"50 GBs", "unknown unit 'GBs'"},
      {"50  GB", "unknown unit ' GB'"},
      {"0", "must be at least 1 byte"},
      {"0.0001kB", "more than 3 decimals"},
      {"18446744073709551616", "larger than 2^64-1 bytes"},
      {"17000PiB", "larger than 2^64-1 bytes"},
  };
  for (const auto& [text, what] : cases) {
    auto size = parse_byte_size(text);
    ASSERT_FALSE(size) << text;
    EXPECT_EQ(size.error().what, what) << text;
  }
}

TEST(ByteSize, IntegerMustBePositive) {
  EXPECT_EQ(byte_size_from_integer(42).value(), 42u);
  EXPECT_FALSE(byte_size_from_integer(0));
  EXPECT_FALSE(byte_size_from_integer(-5));
}

}  // namespace
}  // namespace hf2ms::manifest
