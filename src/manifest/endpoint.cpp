#include "manifest/endpoint.hpp"

#include <cctype>

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

}  // namespace

bool is_loopback_host(std::string_view host_and_port) {
  std::string_view host = strip_port(host_and_port);
  // Names under ".localhost" are loopback by definition (RFC 6761 §6.3; curl resolves them
  // itself), e.g. the simulator's www.modelscope.localhost.
  return host == "localhost" || host.ends_with(".localhost") || host == "[::1]" ||
         host.starts_with("127.");
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
  return CheckedEndpoint{std::string(url), !https && !is_loopback_host(authority)};
}

}  // namespace hf2ms::manifest
