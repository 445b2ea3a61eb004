// The edge pieces of `hf2ms apply` (apply_command.cpp): Ctrl-C turned into a std::stop_token,
// the hub access entries workers get (endpoints and token variable names, never tokens), and
// the sharding the local executor uses.
#pragma once

#include "applier/sharding.hpp"
#include "manifest/manifest.hpp"
#include "manifest/resolve.hpp"
#include "plan/plan.hpp"
#include "transfer/task.hpp"

#include <atomic>
#include <stop_token>
#include <thread>
#include <vector>

namespace hf2ms::cli {

// Watches SIGINT and SIGTERM from construction to destruction. Construct it before any other
// thread starts: it blocks both signals in the calling thread (threads created later inherit
// that) and waits for them on its own thread. Before arm(): a signal exits at once with status
// 1 (nothing was written yet). After arm(): the first signal requests stop on token() and
// prints what happens next; a second one exits at once.
class InterruptWatcher {
 public:
  InterruptWatcher();
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  void arm() { armed_ = true; }
  [[nodiscard]] std::stop_token token() const { return stop_.get_token(); }

 private:
  std::stop_source stop_;
  std::atomic<bool> armed_{false};
  std::jthread thread_;
};

// The environment variable naming an extra ModelScope upload origin (the simulator plays the
// `lfs.` host on its CDN address): see MsClientOptions::upload_endpoint.
inline constexpr const char* k_ms_upload_endpoint_env = "HF2MS_MS_UPLOAD_ENDPOINT";

// One HubAccess per hub: the manifest's (or default) endpoints as resolved with `env`; the
// token variable named only when it is set, so an unset one means anonymous reads.
[[nodiscard]] std::vector<transfer::HubAccess> hub_access(const manifest::Manifest& manifest,
                                                          const manifest::EnvLookup& env);

// Shards for the local executor: at most [executor] shard_size each, and small enough that
// `parallelism` tasks share the plan's bytes.
[[nodiscard]] applier::ShardOptions local_shards(const plan::Plan& plan,
                                                 const manifest::ExecutorConfig& config,
                                                 std::size_t parallelism);

}  // namespace hf2ms::cli
