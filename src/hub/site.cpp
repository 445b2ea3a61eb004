#include "hub/site.hpp"

#include <algorithm>
#include <cctype>

namespace hf2ms::hub {
namespace {

Result<Site> make_site(std::string_view endpoint) {
  while (!endpoint.empty() && endpoint.back() == '/') {
    endpoint.remove_suffix(1);
  }
  auto origin = http::parse_origin(endpoint);
  if (!origin) {
    return unexpected(origin.error());
  }
  return Site{std::string(endpoint), *origin, std::nullopt};
}

bool is_ip_or_local(std::string_view host) {
  if (host == "localhost" || host.find(':') != std::string_view::npos || host.starts_with('[')) {
    return true;  // localhost or an IPv6 literal
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return c == '.' || std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

}  // namespace

Result<Site> make_hf_site(std::string_view endpoint, const std::optional<Secret>& token) {
  auto site = make_site(endpoint);
  if (site && token && !token->empty()) {
    site->credential = http::Credential::bearer(site->origin, *token);
  }
  return site;
}

std::optional<std::string> ms_lfs_host(std::string_view api_host) {
  if (is_ip_or_local(api_host) || api_host.find('.') == std::string_view::npos) {
    return std::nullopt;
  }
  if (api_host.starts_with("www.")) {
    api_host.remove_prefix(4);
  }
  return "lfs." + std::string(api_host);
}

std::vector<http::Origin> ms_bound_origins(const http::Origin& api) {
  std::vector<http::Origin> origins{api};
  if (auto lfs = ms_lfs_host(api.host)) {
    http::Origin sibling = api;
    sibling.host = *lfs;
    origins.push_back(sibling);
    sibling.host = "pre-" + *lfs;
    origins.push_back(sibling);
  }
  return origins;
}

Result<Site> make_ms_site(std::string_view endpoint, const std::optional<Secret>& token) {
  auto site = make_site(endpoint);
  if (!site || !token || token->empty()) {
    return site;
  }
  http::Credential credential = http::Credential::bearer(site->origin, *token);
  credential.headers.push_back({"Cookie", Secret("m_session_id=" + token->reveal())});
  credential.origins = ms_bound_origins(site->origin);
  site->credential = std::move(credential);
  return site;
}

}  // namespace hf2ms::hub

namespace hf2ms::hub {

http::Request api_request(const Site& site, http::Method method, std::string url) {
  http::Request request;
  request.method = method;
  request.url = std::move(url);
  request.credential = site.credential;
  request.redirects = http::Redirects::follow;
  const bool repeatable =
      method == http::Method::get || method == http::Method::head || method == http::Method::put;
  request.idempotency = repeatable ? http::Idempotency::safe_to_retry : http::Idempotency::not_safe;
  request.headers.set("Accept", "application/json");
  return request;
}

std::string range_header(std::uint64_t offset, std::optional<std::uint64_t> length) {
  std::string value = "bytes=" + std::to_string(offset) + "-";
  if (length && *length > 0) {
    value += std::to_string(offset + *length - 1);
  }
  return value;
}

}  // namespace hf2ms::hub
