// HubSession: the live connections a command needs to read (and later write) both hubs,
// built from a parsed manifest and the environment at the CLI edge: endpoints resolved as
// DESIGN.md §2 says, tokens read from the variables the manifest names (never from the
// manifest itself), and one thread-safe pooled performer shared by both clients so the
// observer's workers can call them concurrently. Needs a live http::CurlGlobal.
#pragma once

#include "hub/hf_client.hpp"
#include "hub/ms_client.hpp"
#include "manifest/manifest.hpp"
#include "manifest/resolve.hpp"
#include "observe/observe.hpp"
#include "observe/pooled_performer.hpp"
#include "util/error.hpp"

#include <memory>
#include <optional>
#include <string>

namespace hf2ms::cli {

struct HubSession {
  manifest::Endpoints endpoints;
  std::unique_ptr<observe::PooledEnginePerformer> performer;
  std::unique_ptr<hub::HfClient> hf;
  std::unique_ptr<hub::MsClient> ms;
  [[nodiscard]] observe::HubReaders readers() const { return {hf.get(), ms.get()}; }
};

// The token in the variable `name`, or nullopt when it is unset or empty (anonymous reads).
[[nodiscard]] std::optional<Secret> token_from_env(const manifest::EnvLookup& env,
                                                   const std::string& name);

// Where the endpoint of `hub` came from, as the user would name it in a fix: "HF_ENDPOINT",
// "the manifest's [hubs.ms] endpoint", "the default endpoint" (resolve.hpp's order).
[[nodiscard]] std::string endpoint_origin(manifest::Hub hub, const manifest::HubConfig& config,
                                          const manifest::EnvLookup& env);

// The endpoints of both hubs under the endpoint policy (manifest/endpoint_policy.hpp), with the
// allow-list read from HF2MS_ALLOW_ENDPOINTS in `env`. invalid_input, with a message that
// says how to allow the endpoint, when one is refused.
[[nodiscard]] Result<manifest::Endpoints> checked_endpoints(const manifest::Manifest& manifest,
                                                            const manifest::EnvLookup& env);

// invalid_input when an endpoint cannot be used (checked_endpoints); the message names where
// it came from.
[[nodiscard]] Result<HubSession> open_hubs(const manifest::Manifest& manifest,
                                           const manifest::EnvLookup& env);

// getenv as an EnvLookup.
[[nodiscard]] manifest::EnvLookup process_env();

}  // namespace hf2ms::cli
