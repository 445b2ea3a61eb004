#include "cli/hub_session.hpp"

#include "manifest/endpoint_policy.hpp"

#include <cstdlib>

namespace hf2ms::cli {

std::optional<Secret> token_from_env(const manifest::EnvLookup& env, const std::string& name) {
  auto value = env(name);
  if (!value || value->empty()) {
    return std::nullopt;
  }
  return Secret(std::move(*value));
}

manifest::EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    return v == nullptr ? std::nullopt : std::optional<std::string>(v);
  };
}

std::string endpoint_origin(manifest::Hub hub, const manifest::HubConfig& config,
                            const manifest::EnvLookup& env) {
  // resolve.hpp decides the order; this only words its answer for a fix line.
  const manifest::ResolvedEndpoint r = manifest::resolve_endpoint_from(hub, config, env);
  switch (r.source) {
    case manifest::EndpointSource::manifest:
      return "the manifest's " + r.from;
    case manifest::EndpointSource::environment:
      return r.from;
    case manifest::EndpointSource::fallback:
      break;
  }
  return "the default endpoint";
}

namespace {

Error unusable_endpoint(manifest::Hub hub, const std::string& url,
                        const manifest::HubConfig& config, const manifest::EnvLookup& env,
                        const Error& why) {
  const std::string example = hub == manifest::Hub::hf
                                  ? std::string(manifest::k_default_hf_endpoint)
                                  : std::string(manifest::k_default_ms_endpoint);
  return make_error(ErrorKind::invalid_input, endpoint_origin(hub, config, env) + " = '" + url +
                                                  "' is not a usable endpoint (" + why.message +
                                                  "); set it to an http(s) URL such as " + example);
}

}  // namespace

Result<manifest::Endpoints> checked_endpoints(const manifest::Manifest& manifest,
                                              const manifest::EnvLookup& env) {
  auto allowed =
      manifest::parse_allowed_endpoints(env(manifest::k_allow_endpoints_variable).value_or(""));
  if (!allowed) {
    return unexpected(make_error(ErrorKind::invalid_input, allowed.error()));
  }
  auto endpoints = manifest::checked_endpoints(manifest, env, *allowed);
  if (!endpoints) {
    return unexpected(make_error(ErrorKind::invalid_input, endpoints.error()));
  }
  return *endpoints;
}

Result<HubSession> open_hubs(const manifest::Manifest& manifest, const manifest::EnvLookup& env) {
  HubSession s;
  auto endpoints = checked_endpoints(manifest, env);
  if (!endpoints) {
    return unexpected(endpoints.error());
  }
  s.endpoints = *endpoints;
  s.performer = std::make_unique<observe::PooledEnginePerformer>();
  auto hf = hub::HfClient::create(s.endpoints.hf, token_from_env(env, manifest.hf.token_env),
                                  *s.performer);
  if (!hf) {
    return unexpected(
        unusable_endpoint(manifest::Hub::hf, s.endpoints.hf, manifest.hf, env, hf.error()));
  }
  auto ms = hub::MsClient::create(s.endpoints.ms, token_from_env(env, manifest.ms.token_env),
                                  *s.performer);
  if (!ms) {
    return unexpected(
        unusable_endpoint(manifest::Hub::ms, s.endpoints.ms, manifest.ms, env, ms.error()));
  }
  s.hf = std::move(*hf);
  s.ms = std::move(*ms);
  return s;
}

}  // namespace hf2ms::cli
