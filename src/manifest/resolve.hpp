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

// The endpoint for `hub`, given its [hubs.*] table `config` and the environment `env`.
[[nodiscard]] std::string resolve_endpoint(Hub hub, const HubConfig& config, const EnvLookup& env);

// Both hubs of a manifest at once.
struct Endpoints {
  std::string hf;
  std::string ms;
};
[[nodiscard]] Endpoints resolve_endpoints(const Manifest& manifest, const EnvLookup& env);

}  // namespace hf2ms::manifest
