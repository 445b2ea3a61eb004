#include "manifest/endpoint.hpp"

#include "util/text.hpp"

#include <cctype>
#include <string>

namespace hf2ms::manifest {
namespace {

constexpr const char* k_endpoint_hint =
    R"(write the full URL, e.g. "https://huggingface.co" or "https://www.modelscope.cn")";

std::string_view strip_port(std::string_view host) {
  if (host.starts_with('[')) {
    std::size_t close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(0, close + 1);
  }
  return host.substr(0, host.find(':'));
}

// "127.a.b.c" with four decimal octets of at most 255 each.
bool is_ipv4_loopback(std::string_view host) {
  std::size_t octets = 0;
  while (!host.empty()) {
    std::size_t dot = host.find('.');
    std::string_view part = host.substr(0, dot);
    if (part.empty() || part.size() > 3) {
      return false;
    }
    int value = 0;
    for (char c : part) {
      if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
        return false;
      }
      value = value * 10 + (c - '0');
    }
    if (value > 255 || (octets == 0 && value != 127)) {
      return false;
    }
    ++octets;
    if (dot == std::string_view::npos) {
      break;
    }
    host.remove_prefix(dot + 1);
    if (host.empty()) {
      return false;  // a trailing '.'
    }
  }
  return octets == 4;
}

}  // namespace

bool is_loopback_host(std::string_view host_and_port) {
  const std::string host = to_lower_ascii(strip_port(host_and_port));
  return host == "localhost" || host.ends_with(".localhost") || host == "[::1]" ||
         is_ipv4_loopback(host);
}

Expected<CheckedEndpoint, Problem> check_endpoint(std::string_view url) {
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0 ||
        std::iscntrl(static_cast<unsigned char>(c)) != 0) {
      return unexpected(Problem{"contains whitespace or control characters", k_endpoint_hint});
    }
  }
  bool https = url.starts_with("https://");
  if (!https && !url.starts_with("http://")) {
    return unexpected(Problem{"not an http:// or https:// URL", k_endpoint_hint});
  }
  const std::size_t scheme_length = https ? 8 : 7;
  while (url.size() > scheme_length && url.ends_with('/')) {
    url.remove_suffix(1);
  }
  std::string_view rest = url.substr(scheme_length);
  std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.empty()) {
    return unexpected(Problem{"has no host", k_endpoint_hint});
  }
  if (authority.find('@') != std::string_view::npos) {
    return unexpected(Problem{"contains credentials",
                              "put the token in the environment variable named by token_env",
                              true});
  }
  if (url.find_first_of("?#") != std::string_view::npos) {
    return unexpected(Problem{"has a query or fragment", k_endpoint_hint});
  }
  if (!https && !is_loopback_host(authority)) {
    return unexpected(Problem{"plain http:// to a remote host would send the token unencrypted",
                              "use https:// (plain http is only for loopback, e.g. a local "
                              "simulator on 127.0.0.1)"});
  }
  // Scheme and host compare case-insensitively; the path is kept as written.
  std::string normalised = to_lower_ascii(url.substr(0, scheme_length + authority.size()));
  normalised += url.substr(scheme_length + authority.size());
  return CheckedEndpoint{std::move(normalised), is_loopback_host(authority)};
}

}  // namespace hf2ms::manifest
