// Endpoint resolution: which base URL hf2ms talks to for each hub. Pure: the environment
// arrives as a lookup function, so the CLI edge passes getenv and tests pass a map.
//
// Order (DESIGN.md §2, matching the official clients, protocols/*.md §1):
// - Hugging Face: [hubs.hf] endpoint, else HF_ENDPOINT, else https://huggingface.co.
// - ModelScope: [hubs.ms] endpoint, else MODELSCOPE_ENDPOINT (a full URL), else
//   MODELSCOPE_DOMAIN (a bare host gets "https://"; a value with a scheme is kept, as the
//   newer SDK does), else https://www.modelscope.cn.
// An empty variable counts as unset. Every trailing '/' is removed from the result.
#pragma once

#include "manifest/manifest.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hf2ms::manifest {

inline constexpr std::string_view k_default_hf_endpoint = "https://huggingface.co";
inline constexpr std::string_view k_default_ms_endpoint = "https://www.modelscope.cn";

// Returns the value of the environment variable `name`, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Where a resolved endpoint came from: the manifest (untrusted: it arrives in pull
// requests), an ecosystem variable (set by whoever runs hf2ms), or the public default.
enum class EndpointSource { manifest, environment, fallback };

struct ResolvedEndpoint {
  std::string url;  // without trailing '/'; not yet checked (endpoint_policy.hpp checks it)
  EndpointSource source = EndpointSource::fallback;
  std::string from;  // for messages: "[hubs.hf] endpoint", "HF_ENDPOINT", "the default"
};

// The endpoint for `hub` with where it came from.
[[nodiscard]] ResolvedEndpoint resolve_endpoint_from(Hub hub, const HubConfig& config,
                                                     const EnvLookup& env);

// The endpoint for `hub`, given its [hubs.*] table `config` and the environment `env`.
[[nodiscard]] std::string resolve_endpoint(Hub hub, const HubConfig& config, const EnvLookup& env);

// Both hubs of a manifest at once.
struct Endpoints {
  std::string hf;
  std::string ms;
  bool operator==(const Endpoints&) const = default;
};
[[nodiscard]] Endpoints resolve_endpoints(const Manifest& manifest, const EnvLookup& env);

}  // namespace hf2ms::manifest
