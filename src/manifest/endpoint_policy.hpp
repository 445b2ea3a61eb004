// Which endpoints hf2ms may talk to, and so send a hub's token to (DESIGN.md §9,
// docs/security.md). A manifest arrives in pull requests from people who must not hold the
// tokens, so an endpoint the manifest names is used only when it is that hub's public
// endpoint, a loopback address (tests and the simulator), or allowed from outside the
// manifest: HF2MS_ALLOW_ENDPOINTS, set by whoever holds the tokens (CI). Endpoints from the
// ecosystem variables (HF_ENDPOINT, MODELSCOPE_ENDPOINT, MODELSCOPE_DOMAIN) come from outside
// the manifest as well, so they count as allowed, but they pass the same URL checks
// (check_endpoint: https for remote hosts, no credentials). Pure: the environment arrives as
// an EnvLookup and the allow-list as data.
#pragma once

#include "manifest/manifest.hpp"
#include "manifest/resolve.hpp"
#include "util/expected.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::manifest {

// The variable that lists extra endpoints a manifest may name.
inline constexpr std::string_view k_allow_endpoints_variable = "HF2MS_ALLOW_ENDPOINTS";

// True for `hub`'s public endpoints (normalised, as check_endpoint returns them):
// https://huggingface.co for HF; https://www.modelscope.cn and https://www.modelscope.ai for
// ModelScope. The other hub's endpoint is not public for this one (its token would leak).
[[nodiscard]] bool is_public_endpoint(Hub hub, std::string_view url);

// Parses an allow-list (the value of HF2MS_ALLOW_ENDPOINTS): endpoint URLs separated by commas
// or whitespace, each passing check_endpoint. The normalised URLs, or a message naming the
// first bad entry. An allowed URL matches an endpoint exactly (scheme, host, port and path).
[[nodiscard]] Expected<std::vector<std::string>, std::string> parse_allowed_endpoints(
    std::string_view text);

// The endpoints of both hubs (resolve_endpoint_from), each checked with check_endpoint and,
// when it came from the manifest, against the public endpoints, loopback and `allowed`.
// A message that names the hub, the value's origin and the fix when one is refused.
[[nodiscard]] Expected<Endpoints, std::string> checked_endpoints(
    const Manifest& manifest, const EnvLookup& env, const std::vector<std::string>& allowed);

}  // namespace hf2ms::manifest
