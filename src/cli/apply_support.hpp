// The edge pieces of `hf2ms apply` (apply_command.cpp): the hub access entries workers get
// (endpoints and token variable names, never tokens), and the sharding the local executor uses.
#pragma once

#include "applier/sharding.hpp"
#include "manifest/manifest.hpp"
#include "manifest/resolve.hpp"
#include "plan/plan.hpp"
#include "transfer/task.hpp"

#include <vector>

namespace hf2ms::cli {

// One HubAccess per hub: `endpoints` (checked_endpoints, hub_session.hpp); the manifest's
// token variable named only when it is set in `env`, so an unset one means anonymous reads.
[[nodiscard]] std::vector<transfer::HubAccess> hub_access(const manifest::Manifest& manifest,
                                                          const manifest::Endpoints& endpoints,
                                                          const manifest::EnvLookup& env);

// Shards for the local executor: at most [executor] shard_size each, and small enough that
// `parallelism` tasks share the plan's bytes.
[[nodiscard]] applier::ShardOptions local_shards(const plan::Plan& plan,
                                                 const manifest::ExecutorConfig& config,
                                                 std::size_t parallelism);

}  // namespace hf2ms::cli
