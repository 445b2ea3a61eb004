#include "http/headers.hpp"

#include <gtest/gtest.h>

namespace hf2ms::http {
namespace {

TEST(Headers, LooksUpNamesCaseInsensitively) {
  Headers h;
  h.add("X-Repo-Commit", "abc");
  EXPECT_EQ(h.get("x-repo-commit"), "abc");
  EXPECT_TRUE(h.contains("X-REPO-COMMIT"));
  EXPECT_EQ(h.get("ETag"), std::nullopt);
}

TEST(Headers, KeepsEveryValueOfARepeatedField) {
  Headers h;
  h.add("Link", "<a>; rel=\"next\"");
  h.add("link", "<b>; rel=\"xet-auth\"");
  EXPECT_EQ(h.get_all("LINK"),
            (std::vector<std::string>{"<a>; rel=\"next\"", "<b>; rel=\"xet-auth\""}));
  h.set("Link", "<c>");
  EXPECT_EQ(h.get_all("link"), std::vector<std::string>{"<c>"});
  h.remove("LINK");
  EXPECT_TRUE(h.empty());
}

TEST(Headers, ParsesRawCurlLines) {
  Headers h;
  add_raw_header_line(h, "HTTP/1.1 200 OK\r\n");
  add_raw_header_line(h, "Content-Length:  42 \r\n");
  add_raw_header_line(h, "\r\n");
  add_raw_header_line(h, "x-linked-etag: \"sha\"\r\n");
  ASSERT_EQ(h.fields().size(), 2U);
  EXPECT_EQ(h.get("content-length"), "42");
  EXPECT_EQ(h.get("X-Linked-Etag"), "\"sha\"");
}

}  // namespace
}  // namespace hf2ms::http
