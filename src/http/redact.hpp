// redact: what the HTTP layer prints instead of URLs and header values, so logs never carry a
// token or a pre-signed URL's signature (the idea of ccache's m_redacted_url). Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace hf2ms::http {

// Keeps scheme, host, port and path; replaces the value of every query parameter whose name
// looks like a credential (X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token,
// signature, sig, token, access_token, key, ...) with "***"; drops userinfo and the fragment.
// "https://cdn/x?X-Amz-Signature=ab&part=1" -> "https://cdn/x?X-Amz-Signature=***&part=1".
[[nodiscard]] std::string redact_url(std::string_view url);

// What error texts show of a URL (they reach the terminal, CI logs and PR comments, where a
// debug log's masking rules are not enough): scheme, host, port and path only. The whole
// query becomes "?***" and userinfo and the fragment are dropped; a text longer than 256
// characters is cut with "...". "https://cdn/x?X-Amz-Signature=ab&part=1" -> "https://cdn/x?***".
[[nodiscard]] std::string redact_url_for_message(std::string_view url);

// True for header names whose values are credentials: Authorization, Proxy-Authorization,
// Cookie, Set-Cookie, X-Amz-Security-Token, X-Api-Key.
[[nodiscard]] bool is_sensitive_header(std::string_view name);

// "***" for sensitive header names; redact_url applied to Location and Content-Location and to
// each <url> of a Link (pre-signed upload and CDN URLs travel there); `value` otherwise.
[[nodiscard]] std::string redact_header(std::string_view name, std::string_view value);

}  // namespace hf2ms::http
