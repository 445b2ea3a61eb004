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

ResolvedEndpoint ms_from_environment(const EnvLookup& env) {
  if (auto endpoint = non_empty(env, "MODELSCOPE_ENDPOINT")) {
    return {*endpoint, EndpointSource::environment, "MODELSCOPE_ENDPOINT"};
  }
  if (auto domain = non_empty(env, "MODELSCOPE_DOMAIN")) {
    // The original SDK always prepends https://; the newer one only when there is no scheme.
    bool has_scheme = domain->starts_with("http://") || domain->starts_with("https://");
    return {has_scheme ? *domain : "https://" + *domain, EndpointSource::environment,
            "MODELSCOPE_DOMAIN"};
  }
  return {std::string(k_default_ms_endpoint), EndpointSource::fallback, "the default"};
}

}  // namespace

ResolvedEndpoint resolve_endpoint_from(Hub hub, const HubConfig& config, const EnvLookup& env) {
  ResolvedEndpoint r;
  if (config.endpoint && !config.endpoint->empty()) {
    r = {*config.endpoint, EndpointSource::manifest, "[hubs." + to_string(hub) + "] endpoint"};
  } else if (hub == Hub::ms) {
    r = ms_from_environment(env);
  } else if (auto endpoint = non_empty(env, "HF_ENDPOINT")) {
    r = {*endpoint, EndpointSource::environment, "HF_ENDPOINT"};
  } else {
    r = {std::string(k_default_hf_endpoint), EndpointSource::fallback, "the default"};
  }
  r.url = without_trailing_slashes(std::move(r.url));
  return r;
}

std::string resolve_endpoint(Hub hub, const HubConfig& config, const EnvLookup& env) {
  return resolve_endpoint_from(hub, config, env).url;
}

Endpoints resolve_endpoints(const Manifest& manifest, const EnvLookup& env) {
  return {resolve_endpoint(Hub::hf, manifest.hf, env), resolve_endpoint(Hub::ms, manifest.ms, env)};
}

}  // namespace hf2ms::manifest
