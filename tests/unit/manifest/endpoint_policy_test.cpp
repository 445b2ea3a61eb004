// The endpoint policy (endpoint_policy.hpp): the attack is a pull request that points a hub
// at a host of its choosing, so the hub's token is sent there by the plan job.
#include "manifest/endpoint_policy.hpp"

#include <gtest/gtest.h>

#include <map>

namespace hf2ms::manifest {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

Manifest with_endpoints(std::optional<std::string> hf, std::optional<std::string> ms) {
  Manifest m;
  m.hf.endpoint = std::move(hf);
  m.ms.endpoint = std::move(ms);
  return m;
}

TEST(EndpointPolicy, PublicHubsAndLoopbackNeedNoAllowance) {
  for (const auto& [hf, ms] : std::vector<std::pair<std::string, std::string>>{
           {"https://huggingface.co", "https://www.modelscope.cn"},
           {"https://huggingface.co/", "https://www.modelscope.ai"},
           {"http://127.0.0.1:8080", "http://localhost:9000"},
           {"http://hub.localhost:1", "http://[::1]:2"}}) {
    auto e = checked_endpoints(with_endpoints(hf, ms), env_of({}), {});
    ASSERT_TRUE(e) << hf << " " << ms << ": " << e.error();
  }
  auto defaults = checked_endpoints(Manifest{}, env_of({}), {});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(*defaults, (Endpoints{"https://huggingface.co", "https://www.modelscope.cn"}));
}

TEST(EndpointPolicy, RefusesAManifestEndpointThatWasNotAllowed) {
  auto e = checked_endpoints(with_endpoints("https://collector.evil.example", std::nullopt),
                             env_of({}), {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error(),
            "hf endpoint 'https://collector.evil.example' (from [hubs.hf] endpoint) is not "
            "https://huggingface.co: a manifest may name another endpoint only when it is "
            "allowed from outside the manifest; whoever holds the tokens can allow it with "
            "HF2MS_ALLOW_ENDPOINTS=https://collector.evil.example");
}

TEST(EndpointPolicy, RefusesTheOtherHubsPublicEndpoint) {
  // The HF token must not go to ModelScope, nor the ModelScope token to Hugging Face.
  EXPECT_FALSE(
      checked_endpoints(with_endpoints("https://www.modelscope.cn", std::nullopt), env_of({}), {}));
  EXPECT_FALSE(
      checked_endpoints(with_endpoints(std::nullopt, "https://huggingface.co"), env_of({}), {}));
}

TEST(EndpointPolicy, RefusesLookalikeLoopbackNames) {
  for (const char* url : {"https://127.evil.example", "https://localhost.evil.example"}) {
    EXPECT_FALSE(checked_endpoints(with_endpoints(url, std::nullopt), env_of({}), {})) << url;
  }
}

TEST(EndpointPolicy, AllowListFromOutsideTheManifestAllowsExactlyThoseEndpoints) {
  auto allowed = parse_allowed_endpoints("https://hf-proxy.corp.example/, https://ms.corp.example");
  ASSERT_TRUE(allowed) << allowed.error();
  EXPECT_EQ(*allowed,
            (std::vector<std::string>{"https://hf-proxy.corp.example", "https://ms.corp.example"}));
  auto ok = checked_endpoints(with_endpoints("https://HF-proxy.corp.example", std::nullopt),
                              env_of({}), *allowed);
  ASSERT_TRUE(ok) << ok.error();
  EXPECT_EQ(ok->hf, "https://hf-proxy.corp.example");
  // Another path on an allowed host is another endpoint.
  EXPECT_FALSE(checked_endpoints(
      with_endpoints("https://hf-proxy.corp.example/other", std::nullopt), env_of({}), *allowed));
}

TEST(EndpointPolicy, AllowListEntriesPassTheSameUrlChecks) {
  EXPECT_FALSE(parse_allowed_endpoints("http://plain.example"));
  EXPECT_FALSE(parse_allowed_endpoints("https://user:pw@host.example"));
  auto empty = parse_allowed_endpoints(" , ");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(EndpointPolicy, EnvironmentEndpointsAreAllowedButChecked) {
  auto ok = checked_endpoints(
      Manifest{},
      env_of({{"HF_ENDPOINT", "https://hf-mirror.example/"}, {"MODELSCOPE_DOMAIN", "ms.example"}}),
      {});
  ASSERT_TRUE(ok) << ok.error();
  EXPECT_EQ(*ok, (Endpoints{"https://hf-mirror.example", "https://ms.example"}));
  auto plain =
      checked_endpoints(Manifest{}, env_of({{"MODELSCOPE_ENDPOINT", "http://ms.example"}}), {});
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error(),
            "ms endpoint 'http://ms.example' (from MODELSCOPE_ENDPOINT) is not usable: plain "
            "http:// to a remote host would send the token unencrypted; use https:// (plain "
            "http is only for loopback, e.g. a local simulator on 127.0.0.1)");
  auto bad = checked_endpoints(Manifest{}, env_of({{"HF_ENDPOINT", "not-a-url"}}), {});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("(from HF_ENDPOINT) is not usable"), std::string::npos);
}

TEST(EndpointPolicy, CredentialsInAnEndpointAreNotEchoed) {
  auto e =
      checked_endpoints(Manifest{}, env_of({{"HF_ENDPOINT", "https://u:secretpw@h.example"}}), {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().find("secretpw"), std::string::npos) << e.error();
}

}  // namespace
}  // namespace hf2ms::manifest
