#include "manifest/resolve.hpp"

namespace hf2ms::manifest {
namespace {

std::optional<std::string> non_empty(const EnvLookup& env, std::string_view name) {
  std::optional<std::string> value = env(name);
  if (value && value->empty()) {
    return std::nullopt;
  }
  return value;
}

std::string without_trailing_slashes(std::string url) {
  while (url.ends_with('/')) {
    url.pop_back();
  }
  return url;
}

std::string ms_from_environment(const EnvLookup& env) {
  if (auto endpoint = non_empty(env, "MODELSCOPE_ENDPOINT")) {
    return *endpoint;
  }
  if (auto domain = non_empty(env, "MODELSCOPE_DOMAIN")) {
    // The original SDK always prepends https://; the newer one only when there is no scheme.
    bool has_scheme = domain->starts_with("http://") || domain->starts_with("https://");
    return has_scheme ? *domain : "https://" + *domain;
  }
  return std::string(k_default_ms_endpoint);
}

}  // namespace

std::string resolve_endpoint(Hub hub, const HubConfig& config, const EnvLookup& env) {
  if (config.endpoint && !config.endpoint->empty()) {
    return without_trailing_slashes(*config.endpoint);
  }
  if (hub == Hub::hf) {
    auto endpoint = non_empty(env, "HF_ENDPOINT");
    return without_trailing_slashes(endpoint ? *endpoint : std::string(k_default_hf_endpoint));
  }
  return without_trailing_slashes(ms_from_environment(env));
}

Endpoints resolve_endpoints(const Manifest& manifest, const EnvLookup& env) {
  return {resolve_endpoint(Hub::hf, manifest.hf, env), resolve_endpoint(Hub::ms, manifest.ms, env)};
}

}  // namespace hf2ms::manifest
