#include "http/url.hpp"

#include <gtest/gtest.h>

namespace hf2ms::http {
namespace {

TEST(Url, ParsesOriginPathAndQuery) {
  auto url = parse_url("HTTPS://HuggingFace.co/api/models/a/b?expand=sha&x=1#frag");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->origin, (Origin{"https", "huggingface.co", 443}));
  EXPECT_EQ(url->path, "/api/models/a/b");
  EXPECT_EQ(url->query, "expand=sha&x=1");
}

TEST(Url, DefaultPortEqualsExplicitPort) {
  EXPECT_EQ(parse_origin("https://hf.co/x").value(), parse_origin("https://hf.co:443/").value());
  EXPECT_NE(parse_origin("http://hf.co/").value(), parse_origin("https://hf.co/").value());
  EXPECT_NE(parse_origin("http://127.0.0.1:8080").value(),
            parse_origin("http://127.0.0.1:8081").value());
}

TEST(Url, PrintsOriginWithoutDefaultPort) {
  EXPECT_EQ(to_string(parse_origin("https://hf.co:443/a").value()), "https://hf.co");
  EXPECT_EQ(to_string(parse_origin("http://127.0.0.1:8080/a").value()), "http://127.0.0.1:8080");
}

TEST(Url, RejectsUserinfoOtherSchemesAndBadPorts) {
  EXPECT_EQ(parse_url("https://user:pw@hf.co/").error().kind, ErrorKind::invalid_input);
  EXPECT_FALSE(parse_url("ftp://hf.co/"));
  EXPECT_FALSE(parse_url("/relative"));
  EXPECT_FALSE(parse_url("http://hf.co:0/"));
  EXPECT_FALSE(parse_url("http://hf.co:99999/"));
  EXPECT_FALSE(parse_url("http://:80/"));
}

// A hub hands out pre-signed URLs; when one is malformed the error must not echo its
// signature, credential or the userinfo a hostile answer put there.
TEST(Url, ErrorsNeverEchoQueryStringsOrUserinfo) {
  for (const char* bad : {"ftp://cdn.example/blob?X-Amz-Signature=SIG_LEAK&X-Amz-Credential=CRED",
                          "https://user:PW_LEAK@cdn.example/x?sig=SIG_LEAK",
                          "https://cdn.example:99999/x?token=SIG_LEAK",
                          "https://cdn.example:99999/x?part=PLAIN_LEAK"}) {
    auto url = parse_url(bad);
    ASSERT_FALSE(url) << bad;
    const std::string& m = url.error().message;
    EXPECT_EQ(m.find("SIG_LEAK"), std::string::npos) << m;
    EXPECT_EQ(m.find("CRED"), std::string::npos) << m;
    EXPECT_EQ(m.find("PW_LEAK"), std::string::npos) << m;
    EXPECT_EQ(m.find("PLAIN_LEAK"), std::string::npos) << m;
    EXPECT_NE(m.find("cdn.example"), std::string::npos) << m;
  }
  auto location = resolve_location("https://hf.co/a", "gopher://x/?X-Amz-Signature=SIG_LEAK");
  ASSERT_FALSE(location);
  EXPECT_EQ(location.error().message.find("SIG_LEAK"), std::string::npos);
}

TEST(Url, ErrorsCutVeryLongUrls) {
  const std::string huge = "ftp://cdn.example/" + std::string(100000, 'a');
  auto url = parse_url(huge);
  ASSERT_FALSE(url);
  EXPECT_LT(url.error().message.size(), 400U);
}

TEST(Url, ParsesIpv6Literal) {
  auto origin = parse_origin("http://[::1]:9000/x");
  ASSERT_TRUE(origin);
  EXPECT_EQ(origin->host, "[::1]");
  EXPECT_EQ(origin->port, 9000);
}

TEST(Url, ResolvesRedirectLocations) {
  const std::string base = "https://hf.co/a/resolve/main/f.json?x=1";
  EXPECT_EQ(resolve_location(base, "https://cdn.hf.co/blob?sig=1").value(),
            "https://cdn.hf.co/blob?sig=1");
  EXPECT_EQ(resolve_location(base, "/api/resolve-cache/x?y=2").value(),
            "https://hf.co/api/resolve-cache/x?y=2");
  EXPECT_EQ(resolve_location(base, "//cdn.hf.co/b").value(), "https://cdn.hf.co/b");
  EXPECT_EQ(resolve_location(base, "other.json").value(),
            "https://hf.co/a/resolve/main/other.json");
  EXPECT_FALSE(resolve_location(base, "ftp://x/y"));
}

TEST(Url, EncodesComponentsAndPaths) {
  EXPECT_EQ(encode_component("refs/pr/1"), "refs%2Fpr%2F1");
  EXPECT_EQ(encode_component("a b&c=d~_.-"), "a%20b%26c%3Dd~_.-");
  EXPECT_EQ(encode_path("dir/my file.bin"), "dir/my%20file.bin");
  EXPECT_EQ(encode_component("\xC3\xA9"), "%C3%A9");
}

}  // namespace
}  // namespace hf2ms::http
