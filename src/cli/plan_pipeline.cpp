#include "cli/plan_pipeline.hpp"

#include "cli/quota_watch.hpp"
#include "hashing/hashing.hpp"
#include "manifest/parse.hpp"
#include "observe/oid_cache.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/version.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>

namespace hf2ms::cli {

std::unique_ptr<observe::OidCache> open_oid_cache(const manifest::EnvLookup& env) {
  if (auto dir = observe::cache_dir(env)) {
    auto cache = observe::OidCache::open(*dir + "/" + std::string(observe::k_oid_cache_file),
                                         env(observe::k_oid_cache_key_env).value_or(""));
    if (cache) {
      return std::move(*cache);
    }
    log::warn("git oid cache unavailable (", cache.error().message, "); hashes are not kept");
  }
  return std::make_unique<observe::OidCache>();
}

std::optional<LoadedManifest> load_manifest(const std::string& file) {
  auto text = read_file(file);
  if (!text) {
    std::fprintf(stderr, "hf2ms: %s\n", text.error().message.c_str());
    return std::nullopt;
  }
  return parse_manifest_text(std::move(*text), file, file + " is invalid");
}

std::optional<LoadedManifest> parse_manifest_text(std::string text, const std::string& name,
                                                  const std::string& invalid) {
  manifest::ParseResult parsed = manifest::parse(text, name);
  std::fputs(render(parsed.diagnostics).c_str(), stderr);
  if (!parsed.manifest) {
    std::fprintf(stderr, "hf2ms: %s; nothing was contacted\n", invalid.c_str());
    return std::nullopt;
  }
  return LoadedManifest{std::move(text), std::move(*parsed.manifest)};
}

planner::PlanResult make_plan_from_hubs(const PlanSelection& selection,
                                        const LoadedManifest& loaded, HubSession& hubs) {
  const manifest::EnvLookup env = process_env();
  auto cache = open_oid_cache(env);
  observe::ObserveOptions oo;
  oo.parallelism = std::max<std::size_t>(selection.parallelism, 1);
  oo.hf_max_in_flight = oo.parallelism;
  oo.ms_max_in_flight = oo.parallelism;
  oo.selection = {selection.targets, selection.excludes};
  oo.oid_cache = cache.get();
  // A target reported missing is only believed when a usable token looked (observe.hpp).
  oo.hf_token = {loaded.manifest.hf.token_env,
                 token_from_env(env, loaded.manifest.hf.token_env).has_value()};
  oo.ms_token = {loaded.manifest.ms.token_env,
                 token_from_env(env, loaded.manifest.ms.token_env).has_value()};
  log::info("reading ", hubs.endpoints.hf, " and ", hubs.endpoints.ms);
  // Planning reads a lot: a wait for a hub's quota is said on stderr, not sat out silently.
  std::optional<QuotaWatch> quota;
  quota.emplace(http::process_rate_limits(), hubs.endpoints, stderr_quota_sink());
  const state::Snapshot snapshot = observe::observe(loaded.manifest, hubs.readers(), oo);
  quota.reset();
  planner::PlanOptions po;
  po.hf2ms_version = k_version;
  po.manifest_digest = hashing::xxh3_128_hex(loaded.text);
  po.endpoints = hubs.endpoints;
  po.selection = oo.selection;
  po.sha256 = [](std::string_view bytes) { return state::Sha256{hashing::sha256_hex(bytes)}; };
  return planner::make_plan(loaded.manifest, snapshot, po);
}

}  // namespace hf2ms::cli
