// Endpoint checks (endpoint.hpp).
#include "manifest/endpoint.hpp"

#include <gtest/gtest.h>

namespace hf2ms::manifest {
namespace {

TEST(Endpoint, AcceptsHttpUrlsAndStripsTrailingSlashes) {
  EXPECT_EQ(check_endpoint("https://huggingface.co").value().url, "https://huggingface.co");
  EXPECT_EQ(check_endpoint("https://huggingface.co//").value().url, "https://huggingface.co");
  EXPECT_EQ(check_endpoint("http://127.0.0.1:8080/").value().url, "http://127.0.0.1:8080");
  EXPECT_EQ(check_endpoint("https://proxy.example/hf").value().url, "https://proxy.example/hf");
}

TEST(Endpoint, AllowsPlainHttpToLoopbackOnly) {
  EXPECT_TRUE(check_endpoint("http://127.0.0.1:8080").value().loopback);
  EXPECT_TRUE(check_endpoint("http://localhost").value().loopback);
  EXPECT_TRUE(check_endpoint("http://[::1]:9000").value().loopback);
  EXPECT_FALSE(check_endpoint("https://hub.example").value().loopback);
  for (const char* remote : {"http://hub.example", "http://127.evil.example",
                             "http://127.0.0.1.evil.example", "http://localhost.evil.example"}) {
    auto checked = check_endpoint(remote);
    ASSERT_FALSE(checked) << remote;
    EXPECT_EQ(checked.error().what,
              "plain http:// to a remote host would send the token unencrypted")
        << remote;
  }
}

TEST(Endpoint, LowerCasesSchemeHost) {
  EXPECT_EQ(check_endpoint("https://HuggingFace.CO/Path").value().url,
            "https://huggingface.co/Path");
}

TEST(Endpoint, LoopbackMeansLoopbackOnly) {
  for (const char* host : {"localhost", "LOCALHOST:8080", "hub.localhost", "a.b.localhost:1",
                           "127.0.0.1", "127.1.2.3:9", "127.255.255.255", "[::1]", "[::1]:80"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host : {"127.evil.example", "127.0.0.1.evil.example", "127.0.0.256", "127.0.0",
                           "127.0.0.1.", "128.0.0.1", "localhost.evil.example", "evillocalhost",
                           "[::2]", "0127.0.0.1", "127..0.1"}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

TEST(Endpoint, RejectsWhatIsNotAnEndpoint) {
  const std::pair<const char*, const char*> cases[] = {
      {"huggingface.co", "not an http:// or https:// URL"},
      {"ftp://x", "not an http:// or https:// URL"},
      {"https://", "has no host"},
      {"https:///path", "has no host"},
      {"https://a b", "contains whitespace or control characters"},
      {"https://host/?x=1", "has a query or fragment"},
      {"https://host#top", "has a query or fragment"},
  };
  for (const auto& [url, what] : cases) {
    auto checked = check_endpoint(url);
    ASSERT_FALSE(checked) << url;
    EXPECT_EQ(checked.error().what, what) << url;
    EXPECT_FALSE(checked.error().hide_value) << url;
  }
}

TEST(Endpoint, CredentialsAreRejectedWithoutEchoingThem) {
  auto checked = check_endpoint("https://user:pw@host");
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().what, "contains credentials");
  EXPECT_TRUE(checked.error().hide_value);
}

}  // namespace
}  // namespace hf2ms::manifest
