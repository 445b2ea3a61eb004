// Site: one hub deployment as the request builders need it: the endpoint URLs are built on
// and the credential bound to the hub's own API origin(s) (DESIGN.md §9). The HTTP layer
// attaches a Credential only to requests whose origin is listed in it, so a redirect to a CDN,
// a presigned upload URL or the other hub never carries the token.
#pragma once

#include "http/request.hpp"
#include "http/url.hpp"
#include "util/error.hpp"
#include "util/secret.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hub {

struct Site {
  std::string endpoint;  // "https://huggingface.co", no trailing '/'
  http::Origin origin;   // of `endpoint`
  std::optional<http::Credential> credential;
};

// HF: `Authorization: Bearer <token>` for the endpoint's origin only
// (protocols/huggingface-hub.md §2.1, §6.4). invalid_input for a malformed endpoint.
[[nodiscard]] Result<Site> make_hf_site(std::string_view endpoint,
                                        const std::optional<Secret>& token);

// ModelScope: `Authorization: Bearer <token>` and `Cookie: m_session_id=<token>`, as the
// current SDKs send both (protocols/modelscope-hub.md §2.1), for the endpoint's origin and
// its `lfs.` / `pre-lfs.` siblings: the blob PUT hrefs the batch call returns live on
// `lfs.<base-domain>` and need both credentials there (§1.1, §2.1; the need for auth on the
// lfs host is a third-party observation). The siblings exist only for a DNS name: an IP
// endpoint (the simulator) gets the API origin alone. Never a CDN or OSS host.
[[nodiscard]] Result<Site> make_ms_site(std::string_view endpoint,
                                        const std::optional<Secret>& token);

// `lfs.example.cn` for `www.example.cn` / `example.cn`; nullopt for IP addresses/localhost.
[[nodiscard]] std::optional<std::string> ms_lfs_host(std::string_view api_host);

// The origins a ModelScope credential is bound to, and the only ones a blob upload href may
// name: the API origin and, for a DNS name, its `lfs.` and `pre-lfs.` siblings with the same
// scheme and port (protocols/modelscope-hub.md §1.1, §2.1; real-hub-limits.md ModelScope §5).
[[nodiscard]] std::vector<http::Origin> ms_bound_origins(const http::Origin& api);

}  // namespace hf2ms::hub

namespace hf2ms::hub {

// A request to `url` on the hub's API carrying the site's credential, following redirects
// (the credential stays on its origins). GET/HEAD/PUT are marked safe to retry; POST and
// DELETE are not_safe unless the caller knows better.
[[nodiscard]] http::Request api_request(const Site& site, http::Method method, std::string url);

// "bytes=10-" / "bytes=10-19": the Range header value for `offset` and optional `length`.
[[nodiscard]] std::string range_header(std::uint64_t offset, std::optional<std::uint64_t> length);

}  // namespace hf2ms::hub
