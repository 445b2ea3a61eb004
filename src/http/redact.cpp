#include "http/redact.hpp"

#include "http/headers.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace hf2ms::http {
namespace {

bool is_sensitive_query_key(std::string_view key) {
  static constexpr std::array<std::string_view, 5> k_exact = {"sig", "key", "auth", "code",
                                                              "policy"};
  static constexpr std::array<std::string_view, 6> k_parts = {"signature", "token",    "credential",
                                                              "secret",    "password", "session"};
  const std::string k = to_lower_ascii(key);
  if (std::find(k_exact.begin(), k_exact.end(), k) != k_exact.end()) {
    return true;
  }
  return std::any_of(k_parts.begin(), k_parts.end(),
                     [&](std::string_view part) { return k.find(part) != std::string::npos; });
}

std::string redact_query(std::string_view query) {
  std::string out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (!out.empty()) {
      out += '&';
    }
    if (eq != std::string_view::npos && is_sensitive_query_key(pair.substr(0, eq))) {
      out += std::string(pair.substr(0, eq)) + "=***";
    } else {
      out += pair;
    }
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return out;
}

// `<https://...>; rel="next", <...>; rel="xet-auth"`: each bracketed URL is redacted.
std::string redact_link(std::string_view value) {
  std::string out;
  while (!value.empty()) {
    const std::size_t open = value.find('<');
    const std::size_t close = value.find('>', open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      break;
    }
    out += value.substr(0, open + 1);
    out += redact_url(value.substr(open + 1, close - open - 1));
    value.remove_prefix(close);
  }
  out += value;
  return out;
}

}  // namespace

std::string redact_url(std::string_view url) {
  url = url.substr(0, url.find('#'));
  std::string out;
  const std::size_t sep = url.find("://");
  if (sep != std::string_view::npos) {
    const std::size_t host_start = sep + 3;
    const std::size_t authority_end = url.find_first_of("/?", host_start);
    const std::size_t at = url.substr(0, authority_end).rfind('@');
    out += url.substr(0, host_start);
    url.remove_prefix(at != std::string_view::npos && at >= host_start ? at + 1 : host_start);
  }
  const std::size_t q = url.find('?');
  out += url.substr(0, q);
  if (q != std::string_view::npos) {
    out += '?' + redact_query(url.substr(q + 1));
  }
  return out;
}

std::string redact_url_for_message(std::string_view url) {
  constexpr std::size_t k_max_shown = 256;
  std::string out = redact_url(url.substr(0, url.find_first_of("?#")));
  if (url.find('?') != std::string_view::npos) {
    out += "?***";
  }
  if (out.size() > k_max_shown) {
    out.resize(k_max_shown);
    out += "...";
  }
  return out;
}

bool is_sensitive_header(std::string_view name) {
  static constexpr std::array<std::string_view, 6> k_names = {
      "authorization", "proxy-authorization",  "cookie",
      "set-cookie",    "x-amz-security-token", "x-api-key"};
  return std::any_of(k_names.begin(), k_names.end(),
                     [&](std::string_view n) { return iequals(n, name); });
}

std::string redact_header(std::string_view name, std::string_view value) {
  if (is_sensitive_header(name)) {
    return "***";
  }
  if (iequals(name, "Location") || iequals(name, "Content-Location")) {
    return redact_url(value);
  }
  if (iequals(name, "Link")) {
    return redact_link(value);
  }
  return std::string(value);
}

}  // namespace hf2ms::http
