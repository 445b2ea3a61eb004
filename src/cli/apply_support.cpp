#include "cli/apply_support.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <pthread.h>
#include <unistd.h>

namespace hf2ms::cli {
namespace {

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void say(const char* text) { std::fputs(text, stderr); }

}  // namespace

InterruptWatcher::InterruptWatcher() {
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::jthread([this](const std::stop_token& own) {
    const sigset_t signals = watched_signals();
    const timespec tick{0, 100'000'000};
    int seen = 0;
    while (!own.stop_requested()) {
      if (sigtimedwait(&signals, nullptr, &tick) < 0) {
        continue;  // timeout or EINTR
      }
      if (!armed_ || ++seen > 1) {
        say(armed_ ? "\nhf2ms: interrupted again; exiting now. Nothing half-uploaded is visible; "
                     "run `hf2ms apply` again to finish.\n"
                   : "\nhf2ms: interrupted; nothing was changed.\n");
        std::_Exit(1);
      }
      say("\nhf2ms: interrupt received: no new transfers start, transfers in flight are "
          "cancelled, and only mirrors whose files all arrived are committed. Press Ctrl-C "
          "again to exit at once.\n");
      stop_.request_stop();
    }
  });
}

InterruptWatcher::~InterruptWatcher() {
  thread_.request_stop();
  thread_.join();
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

std::vector<transfer::HubAccess> hub_access(const manifest::Manifest& manifest,
                                            const manifest::EnvLookup& env) {
  const manifest::Endpoints endpoints = manifest::resolve_endpoints(manifest, env);
  const auto token_env = [&env](const std::string& name) {
    auto value = env(name);
    return value && !value->empty() ? name : std::string();
  };
  transfer::HubAccess hf{manifest::Hub::hf, endpoints.hf, token_env(manifest.hf.token_env), {}};
  transfer::HubAccess ms{manifest::Hub::ms, endpoints.ms, token_env(manifest.ms.token_env), {}};
  if (auto upload = env(k_ms_upload_endpoint_env); upload && !upload->empty()) {
    ms.upload_endpoint = *upload;
  }
  return {hf, ms};
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
