#include "cli/hub_session.hpp"

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

Result<HubSession> open_hubs(const manifest::Manifest& manifest, const manifest::EnvLookup& env) {
  HubSession s;
  s.endpoints = manifest::resolve_endpoints(manifest, env);
  s.performer = std::make_unique<observe::PooledEnginePerformer>();
  auto hf = hub::HfClient::create(s.endpoints.hf, token_from_env(env, manifest.hf.token_env),
                                  *s.performer);
  if (!hf) {
    return unexpected(hf.error());
  }
  auto ms = hub::MsClient::create(s.endpoints.ms, token_from_env(env, manifest.ms.token_env),
                                  *s.performer);
  if (!ms) {
    return unexpected(ms.error());
  }
  s.hf = std::move(*hf);
  s.ms = std::move(*ms);
  return s;
}

}  // namespace hf2ms::cli
