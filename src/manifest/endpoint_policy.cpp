#include "manifest/endpoint_policy.hpp"

#include "manifest/endpoint.hpp"

#include <algorithm>
#include <array>

namespace hf2ms::manifest {
namespace {

constexpr std::array<std::string_view, 1> k_public_hf{"https://huggingface.co"};
constexpr std::array<std::string_view, 2> k_public_ms{"https://www.modelscope.cn",
                                                      "https://www.modelscope.ai"};

Expected<std::string, std::string> check_one(Hub hub, const HubConfig& config, const EnvLookup& env,
                                             const std::vector<std::string>& allowed) {
  const ResolvedEndpoint r = resolve_endpoint_from(hub, config, env);
  const std::string label = to_string(hub) + " endpoint '" + r.url + "' (from " + r.from + ")";
  auto checked = check_endpoint(r.url);
  if (!checked) {
    const std::string shown =
        checked.error().hide_value ? to_string(hub) + " endpoint (from " + r.from + ")" : label;
    return unexpected(shown + " is not usable: " + checked.error().what + "; " +
                      checked.error().hint);
  }
  if (r.source != EndpointSource::manifest || checked->loopback ||
      is_public_endpoint(hub, checked->url) ||
      std::find(allowed.begin(), allowed.end(), checked->url) != allowed.end()) {
    return checked->url;
  }
  return unexpected(label + " is not " +
                    (hub == Hub::hf ? "https://huggingface.co"
                                    : "https://www.modelscope.cn or https://www.modelscope.ai") +
                    ": a manifest may name another endpoint only when it is allowed from "
                    "outside the manifest; whoever holds the tokens can allow it with " +
                    std::string(k_allow_endpoints_variable) + "=" + checked->url);
}

}  // namespace

bool is_public_endpoint(Hub hub, std::string_view url) {
  if (hub == Hub::hf) {
    return std::find(k_public_hf.begin(), k_public_hf.end(), url) != k_public_hf.end();
  }
  return std::find(k_public_ms.begin(), k_public_ms.end(), url) != k_public_ms.end();
}

Expected<std::vector<std::string>, std::string> parse_allowed_endpoints(std::string_view text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find_first_of(", \t\n", at), text.size());
    const std::string_view entry = text.substr(at, end - at);
    at = end + 1;
    if (entry.empty()) {
      continue;
    }
    auto checked = check_endpoint(entry);
    if (!checked) {
      return unexpected(std::string(k_allow_endpoints_variable) + ": entry " +
                        (checked.error().hide_value ? "" : "'" + std::string(entry) + "' ") +
                        "is not an endpoint: " + checked.error().what);
    }
    out.push_back(checked->url);
  }
  return out;
}

Expected<Endpoints, std::string> checked_endpoints(const Manifest& manifest, const EnvLookup& env,
                                                   const std::vector<std::string>& allowed) {
  auto hf = check_one(Hub::hf, manifest.hf, env, allowed);
  if (!hf) {
    return unexpected(hf.error());
  }
  auto ms = check_one(Hub::ms, manifest.ms, env, allowed);
  if (!ms) {
    return unexpected(ms.error());
  }
  return Endpoints{*hf, *ms};
}

}  // namespace hf2ms::manifest
