// url: the little URL handling the HTTP layer needs: split an absolute http(s) URL, compare
// origins (scheme + host + port, the unit credentials are bound to), resolve a redirect's
// Location against the request URL, and percent-encode path segments and query values for
// the hub clients that build URLs. Pure functions; no curl.
#pragma once

#include "util/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace hf2ms::http {

// scheme + host + port. Scheme and host are lower-case; the port is explicit even when it is
// the scheme's default, so "https://hf.co" and "https://hf.co:443" are the same origin.
struct Origin {
  std::string scheme;
  std::string host;
  std::uint16_t port = 0;
  bool operator==(const Origin&) const = default;
};

// "https://huggingface.co" (the port is shown only when it is not the default).
[[nodiscard]] std::string to_string(const Origin& origin);

struct Url {
  Origin origin;
  std::string path;   // starts with '/', still percent-encoded; "/" when the URL has none
  std::string query;  // without the '?'; may be empty
};

// Parses an absolute http:// or https:// URL. Userinfo ("user:pass@") is refused, since
// credentials travel only in a Credential. invalid_input on anything else.
[[nodiscard]] Result<Url> parse_url(std::string_view text);
[[nodiscard]] Result<Origin> parse_origin(std::string_view text);

// The URL a redirect's `location` points to when it was received for `base`: absolute
// http(s) URLs as they are, "//host/p" scheme-relative, "/p" host-relative, "p" path-relative.
[[nodiscard]] Result<std::string> resolve_location(std::string_view base,
                                                   std::string_view location);

// Percent-encodes everything except RFC 3986 unreserved characters; "a/b c" -> "a%2Fb%20c".
// Use it for one path segment (a revision "refs/pr/1") or a query value.
[[nodiscard]] std::string encode_component(std::string_view text);

// Like encode_component but keeps '/', for a repo file path ("dir/my file.bin").
[[nodiscard]] std::string encode_path(std::string_view text);

}  // namespace hf2ms::http
