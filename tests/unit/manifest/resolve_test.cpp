// Endpoint resolution (resolve.hpp): manifest, then environment, then the public default.
#include "manifest/resolve.hpp"

#include <gtest/gtest.h>

#include <map>

namespace hf2ms::manifest {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? std::nullopt : std::optional(it->second);
  };
}

TEST(ResolveEndpoint, DefaultsWhenNothingIsSet) {
  EXPECT_EQ(resolve_endpoint(Hub::hf, {}, env_of({})), "https://huggingface.co");
  EXPECT_EQ(resolve_endpoint(Hub::ms, {}, env_of({})), "https://www.modelscope.cn");
}

TEST(ResolveEndpoint, ManifestValueWinsOverEnvironment) {
  HubConfig config{"https://mirror.example/", "HF_TOKEN"};
  auto env = env_of(
      {{"HF_ENDPOINT", "https://env.example"}, {"MODELSCOPE_ENDPOINT", "https://env.example"}});
  EXPECT_EQ(resolve_endpoint(Hub::hf, config, env), "https://mirror.example");
  EXPECT_EQ(resolve_endpoint(Hub::ms, config, env), "https://mirror.example");
}

TEST(ResolveEndpoint, HuggingFaceReadsHfEndpoint) {
  EXPECT_EQ(resolve_endpoint(Hub::hf, {}, env_of({{"HF_ENDPOINT", "http://127.0.0.1:9/"}})),
            "http://127.0.0.1:9");
  EXPECT_EQ(resolve_endpoint(Hub::hf, {}, env_of({{"HF_ENDPOINT", ""}})), "https://huggingface.co");
  EXPECT_EQ(resolve_endpoint(Hub::hf, {}, env_of({{"MODELSCOPE_ENDPOINT", "https://x"}})),
            "https://huggingface.co");
}

TEST(ResolveEndpoint, ModelScopePrefersEndpointThenDomain) {
  EXPECT_EQ(resolve_endpoint(Hub::ms, {},
                             env_of({{"MODELSCOPE_ENDPOINT", "http://127.0.0.1:7/"},
                                     {"MODELSCOPE_DOMAIN", "www.modelscope.ai"}})),
            "http://127.0.0.1:7");
  EXPECT_EQ(resolve_endpoint(Hub::ms, {}, env_of({{"MODELSCOPE_DOMAIN", "www.modelscope.ai"}})),
            "https://www.modelscope.ai");
  EXPECT_EQ(resolve_endpoint(Hub::ms, {}, env_of({{"MODELSCOPE_DOMAIN", "http://10.0.0.1/"}})),
            "http://10.0.0.1");
  EXPECT_EQ(resolve_endpoint(
                Hub::ms, {},
                env_of({{"MODELSCOPE_ENDPOINT", ""}, {"MODELSCOPE_DOMAIN", "www.modelscope.ai"}})),
            "https://www.modelscope.ai");
}

TEST(ResolveEndpoint, ResolvesBothHubsOfAManifest) {
  Manifest m;
  m.ms.endpoint = "https://www.modelscope.ai";
  Endpoints e = resolve_endpoints(m, env_of({{"HF_ENDPOINT", "https://hf.example"}}));
  EXPECT_EQ(e.hf, "https://hf.example");
  EXPECT_EQ(e.ms, "https://www.modelscope.ai");
}

}  // namespace
}  // namespace hf2ms::manifest
