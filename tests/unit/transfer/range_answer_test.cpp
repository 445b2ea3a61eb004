// check_download_answer: what a download may use of a 2xx answer (real-hub-limits.md HF §4).
#include "transfer/range_answer.hpp"

#include <gtest/gtest.h>

namespace hf2ms::transfer {
namespace {

http::Headers with(std::initializer_list<std::pair<const char*, const char*>> fields) {
  http::Headers h;
  for (const auto& [name, value] : fields) {
    h.add(name, value);
  }
  return h;
}

constexpr std::uint64_t k_size = 1000;
const std::optional<hub::ByteRange> k_resume = hub::ByteRange{300, std::nullopt};  // "bytes=300-"
const std::optional<hub::ByteRange> k_part = hub::ByteRange{200, 100};             // 200-299

TEST(RangeAnswer, A206ThatStartsWhereAskedIsUsedFromItsFirstByte) {
  auto r =
      check_download_answer(k_resume, k_size, 206, with({{"Content-Range", "bytes 300-999/1000"}}));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, (AnswerExtent{0, 1000}));
  r = check_download_answer(k_part, k_size, 206, with({{"content-range", "bytes 200-299/*"}}));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, (AnswerExtent{0, 300}));
}

TEST(RangeAnswer, A206StartingElsewhereIsATransientErrorNotData) {
  for (const char* range : {"bytes 0-999/1000", "bytes 301-999/1000", "bytes 299-999/1000"}) {
    auto r = check_download_answer(k_resume, k_size, 206, with({{"Content-Range", range}}));
    ASSERT_FALSE(r.has_value()) << range;
    EXPECT_EQ(r.error().kind, ErrorKind::transient);
    EXPECT_NE(r.error().message.find("asked for bytes 300-999"), std::string::npos)
        << r.error().message;
  }
}

TEST(RangeAnswer, A206EndingElsewhereThanAskedIsRefused) {
  auto r =
      check_download_answer(k_part, k_size, 206, with({{"Content-Range", "bytes 200-250/1000"}}));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "asked for bytes 200-299, the 206 answer holds bytes 200-250");
  r = check_download_answer(k_part, k_size, 206, with({{"Content-Range", "bytes 200-999/1000"}}));
  EXPECT_FALSE(r.has_value());
}

TEST(RangeAnswer, A206WithAnotherTotalMeansTheSourceIsNotThePlannedFile) {
  auto r = check_download_answer(k_resume, k_size, 206,
                                 with({{"Content-Range", "bytes 300-1999/2000"}}));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(r.error().message, "the source file is 2000 bytes; the plan's size is 1000");
}

TEST(RangeAnswer, A206WithoutAUsableContentRangeIsRefused) {
  for (const http::Headers& h : {with({}), with({{"Content-Range", "bytes */1000"}}),
                                 with({{"Content-Range", "garbage"}})}) {
    auto r = check_download_answer(k_resume, k_size, 206, h);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, ErrorKind::transient);
  }
}

TEST(RangeAnswer, A200ToARangedRequestSkipsTheBytesBeforeTheAskedOffset) {
  auto r = check_download_answer(k_resume, k_size, 200, with({{"Content-Length", "1000"}}));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, (AnswerExtent{300, 1000}));  // never appended after the partial data
  r = check_download_answer(k_part, k_size, 200, with({}));  // no Content-Length: chunked
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, (AnswerExtent{200, 1000}));  // the part's feed stops at 300 itself
}

TEST(RangeAnswer, A200OfAnotherLengthIsNotThePlannedFile) {
  auto r = check_download_answer(k_resume, k_size, 200, with({{"Content-Length", "700"}}));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
}

TEST(RangeAnswer, AWholeFileRequestAccepts200AndACompleteRange) {
  auto r = check_download_answer(std::nullopt, k_size, 200, with({{"Content-Length", "1000"}}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, (AnswerExtent{0, 1000}));
  r = check_download_answer(std::nullopt, k_size, 206,
                            with({{"Content-Range", "bytes 0-999/1000"}}));
  ASSERT_TRUE(r.has_value());
  r = check_download_answer(std::nullopt, k_size, 206,
                            with({{"Content-Range", "bytes 0-499/1000"}}));
  EXPECT_FALSE(r.has_value());
}

TEST(RangeAnswer, Other2xxStatusesAreNoDownloadAnswer) {
  for (int status : {201, 203, 204, 226}) {
    EXPECT_FALSE(check_download_answer(k_resume, k_size, status, with({})).has_value()) << status;
  }
}

}  // namespace
}  // namespace hf2ms::transfer
