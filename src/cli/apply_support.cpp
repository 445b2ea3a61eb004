#include "cli/apply_support.hpp"

#include <algorithm>

namespace hf2ms::cli {

std::vector<transfer::HubAccess> hub_access(const manifest::Manifest& manifest,
                                            const manifest::Endpoints& endpoints,
                                            const manifest::EnvLookup& env) {
  const auto token_env = [&env](const std::string& name) {
    auto value = env(name);
    return value && !value->empty() ? name : std::string();
  };
  return {{manifest::Hub::hf, endpoints.hf, token_env(manifest.hf.token_env)},
          {manifest::Hub::ms, endpoints.ms, token_env(manifest.ms.token_env)}};
}

applier::ShardOptions local_shards(const plan::Plan& plan, const manifest::ExecutorConfig& config,
                                   std::size_t parallelism) {
  const std::uint64_t n = std::max<std::size_t>(parallelism, 1);
  const std::uint64_t share = std::max<std::uint64_t>((plan.totals.bytes_to_copy + n - 1) / n, 1);
  applier::ShardOptions o;
  o.shard_size = std::min(config.shard_size, share);
  o.max_containers = static_cast<std::uint32_t>(std::min<std::uint64_t>(n, 1000));
  return o;
}

}  // namespace hf2ms::cli
