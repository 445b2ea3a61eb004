// HubClients: where the transfer engine and the commit step get their hub clients. A task
// names hubs by endpoint and token variable (task.hpp); this factory turns those into
// HubReader / HubWriter objects. AccessHubClients is the production one (HfClient / MsClient
// over a Performer, tokens read through an environment lookup); tests may hand in fakes.
#pragma once

#include "hub/hub.hpp"
#include "hub/performer.hpp"
#include "transfer/task.hpp"
#include "util/error.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hf2ms::transfer {

class HubClients {
 public:
  HubClients() = default;
  HubClients(const HubClients&) = delete;
  HubClients& operator=(const HubClients&) = delete;
  virtual ~HubClients() = default;

  // The client for `hub`, owned by the factory and valid as long as it lives. invalid_input
  // when the hub has no HubAccess; unauthorized when its token variable is named but unset.
  [[nodiscard]] virtual Result<hub::HubReader*> reader(manifest::Hub hub) = 0;
  [[nodiscard]] virtual Result<hub::HubWriter*> writer(manifest::Hub hub) = 0;
};

// Reads an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// std::getenv behind EnvLookup.
[[nodiscard]] EnvLookup process_env();

class AccessHubClients final : public HubClients {
 public:
  // `performer` must outlive this object. Clients are created on first use.
  AccessHubClients(std::vector<HubAccess> hubs, hub::Performer& performer, EnvLookup env);
  ~AccessHubClients() override;

  [[nodiscard]] Result<hub::HubReader*> reader(manifest::Hub hub) override;
  [[nodiscard]] Result<hub::HubWriter*> writer(manifest::Hub hub) override;

 private:
  struct Client {
    std::unique_ptr<hub::HubReader> reader_owner;  // the HfClient / MsClient
    hub::HubReader* reader = nullptr;
    hub::HubWriter* writer = nullptr;
  };
  [[nodiscard]] Result<Client*> client(manifest::Hub hub);

  std::vector<HubAccess> hubs_;
  hub::Performer& performer_;
  EnvLookup env_;
  std::map<manifest::Hub, Client> clients_;
};

}  // namespace hf2ms::transfer
