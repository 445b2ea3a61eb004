// Endpoint resolution (resolve.hpp): manifest, then environment, then the public default.
#include "manifest/resolve.hpp"

#include "manifest/parse.hpp"
#include "util/file.hpp"

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

namespace hf2ms::manifest {
namespace {

// hf2ms.toml.example is copied as a starting point: it must not pin endpoints, or a copy would
// silently override HF_ENDPOINT / MODELSCOPE_ENDPOINT (its comments say the values are defaults).
TEST(ManifestExample, LeavesEndpointsToTheEnvironment) {
  auto text = read_file(std::string(HF2MS_SOURCE_DIR) + "/hf2ms.toml.example");
  ASSERT_TRUE(text) << text.error().message;
  ParseResult parsed = parse(*text, "hf2ms.toml.example");
  ASSERT_TRUE(parsed.manifest) << render(parsed.diagnostics);
  EXPECT_EQ(parsed.manifest->hf.endpoint, std::nullopt);
  EXPECT_EQ(parsed.manifest->ms.endpoint, std::nullopt);
  const Endpoints e = resolve_endpoints(*parsed.manifest, [](std::string_view name) {
    return name == "HF_ENDPOINT" ? std::optional<std::string>("http://127.0.0.1:9")
                                 : std::optional<std::string>();
  });
  EXPECT_EQ(e.hf, "http://127.0.0.1:9");
}

}  // namespace
}  // namespace hf2ms::manifest
