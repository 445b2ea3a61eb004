#include "transfer/hub_clients.hpp"

#include "hub/hf_client.hpp"
#include "hub/ms_client.hpp"

#include <cstdlib>

namespace hf2ms::transfer {

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());  // NOLINT(concurrency-mt-unsafe)
    return value == nullptr ? std::nullopt : std::optional<std::string>(value);
  };
}

AccessHubClients::AccessHubClients(std::vector<HubAccess> hubs, hub::Performer& performer,
                                   EnvLookup env)
    : hubs_(std::move(hubs)), performer_(performer), env_(std::move(env)) {}

AccessHubClients::~AccessHubClients() = default;

Result<AccessHubClients::Client*> AccessHubClients::client(manifest::Hub hub) {
  if (auto it = clients_.find(hub); it != clients_.end()) {
    return &it->second;
  }
  const HubAccess* access = find_hub(hubs_, hub);
  if (access == nullptr) {
    return unexpected(make_error(ErrorKind::invalid_input,
                                 "the task names no endpoint for hub " + manifest::to_string(hub)));
  }
  std::optional<Secret> token;
  if (!access->token_env.empty()) {
    auto value = env_(access->token_env);
    if (!value || value->empty()) {
      return unexpected(make_error(ErrorKind::unauthorized,
                                   "environment variable " + access->token_env + " is not set"));
    }
    token = Secret(std::move(*value));
  }
  Client c;
  if (hub == manifest::Hub::hf) {
    auto made = hub::HfClient::create(access->endpoint, token, performer_);
    if (!made) {
      return unexpected(made.error());
    }
    c.writer = made->get();
    c.reader = made->get();
    c.reader_owner = std::move(*made);
  } else {
    auto made = hub::MsClient::create(access->endpoint, token, performer_);
    if (!made) {
      return unexpected(made.error());
    }
    c.writer = made->get();
    c.reader = made->get();
    c.reader_owner = std::move(*made);
  }
  return &clients_.emplace(hub, std::move(c)).first->second;
}

Result<hub::HubReader*> AccessHubClients::reader(manifest::Hub hub) {
  auto c = client(hub);
  if (!c) {
    return unexpected(c.error());
  }
  return (*c)->reader;
}

Result<hub::HubWriter*> AccessHubClients::writer(manifest::Hub hub) {
  auto c = client(hub);
  if (!c) {
    return unexpected(c.error());
  }
  return (*c)->writer;
}

}  // namespace hf2ms::transfer
