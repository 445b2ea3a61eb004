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

TEST(Endpoint, FlagsPlainHttpToRemoteHostsOnly) {
  EXPECT_FALSE(check_endpoint("http://127.0.0.1:8080").value().plain_http_remote);
  EXPECT_FALSE(check_endpoint("http://localhost").value().plain_http_remote);
  EXPECT_FALSE(check_endpoint("http://www.modelscope.localhost:8081").value().plain_http_remote);
  EXPECT_TRUE(check_endpoint("http://localhost.example").value().plain_http_remote);
  EXPECT_FALSE(check_endpoint("http://[::1]:9000").value().plain_http_remote);
  EXPECT_FALSE(check_endpoint("https://hub.example").value().plain_http_remote);
  EXPECT_TRUE(check_endpoint("http://hub.example").value().plain_http_remote);
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
