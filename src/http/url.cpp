#include "http/url.hpp"

#include "http/redact.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace hf2ms::http {
namespace {

Error bad_url(std::string_view text, std::string_view why) {
  return make_error(ErrorKind::invalid_input,
                    "invalid URL '" + redact_url_for_message(text) + "': " + std::string(why));
}

std::uint16_t default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

// "host", "host:port" or "[v6]:port" into an Origin's host and port.
Result<void> parse_authority(std::string_view url, std::string_view authority, Origin& out) {
  if (authority.find('@') != std::string_view::npos) {
    return unexpected(bad_url(url, "userinfo is not allowed"));
  }
  std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) != std::string_view::npos) {
    colon = std::string_view::npos;  // the ':' belongs to an IPv6 literal
  }
  out.host = to_lower_ascii(authority.substr(0, colon));
  out.port = default_port(out.scheme);
  if (colon != std::string_view::npos) {
    const std::string_view digits = authority.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || value == 0 || value > 65535) {
      return unexpected(bad_url(url, "bad port"));
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  if (out.host.empty()) {
    return unexpected(bad_url(url, "no host"));
  }
  return {};
}

bool is_unreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

std::string encode(std::string_view text, bool keep_slash) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out += c;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += k_hex[byte >> 4U];
    out += k_hex[byte & 0x0FU];
  }
  return out;
}

}  // namespace

std::string to_string(const Origin& origin) {
  std::string out = origin.scheme + "://" + origin.host;
  if (origin.port != default_port(origin.scheme)) {
    out += ":" + std::to_string(origin.port);
  }
  return out;
}

Result<Url> parse_url(std::string_view text) {
  const std::size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    return unexpected(bad_url(text, "not absolute"));
  }
  Url url;
  url.origin.scheme = to_lower_ascii(text.substr(0, sep));
  if (url.origin.scheme != "http" && url.origin.scheme != "https") {
    return unexpected(bad_url(text, "only http and https are supported"));
  }
  std::string_view rest = text.substr(sep + 3);
  rest = rest.substr(0, rest.find('#'));
  const std::size_t path_start = rest.find_first_of("/?");
  auto authority = parse_authority(text, rest.substr(0, path_start), url.origin);
  if (!authority) {
    return unexpected(authority.error());
  }
  const std::string_view tail =
      path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  const std::size_t q = tail.find('?');
  url.path = std::string(tail.substr(0, q));
  if (url.path.empty()) {
    url.path = "/";
  }
  if (q != std::string_view::npos) {
    url.query = std::string(tail.substr(q + 1));
  }
  return url;
}

Result<Origin> parse_origin(std::string_view text) {
  auto url = parse_url(text);
  if (!url) {
    return unexpected(url.error());
  }
  return url->origin;
}

Result<std::string> resolve_location(std::string_view base, std::string_view location) {
  if (location.find("://") != std::string_view::npos) {
    auto parsed = parse_url(location);
    if (!parsed) {
      return unexpected(parsed.error());
    }
    return std::string(location);
  }
  auto parsed_base = parse_url(base);
  if (!parsed_base) {
    return unexpected(parsed_base.error());
  }
  if (location.starts_with("//")) {
    return parsed_base->origin.scheme + ":" + std::string(location);
  }
  const std::string prefix = to_string(parsed_base->origin);
  if (location.starts_with("/")) {
    return prefix + std::string(location);
  }
  const std::string& path = parsed_base->path;
  return prefix + path.substr(0, path.rfind('/') + 1) + std::string(location);
}

std::string encode_component(std::string_view text) { return encode(text, false); }

std::string encode_path(std::string_view text) { return encode(text, true); }

}  // namespace hf2ms::http
