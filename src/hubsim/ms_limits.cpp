#include "hubsim/ms_limits.hpp"

#include <algorithm>
#include <cctype>

namespace hf2ms::hubsim {
namespace {

std::string_view host_part(std::string_view host_header) {
  if (host_header.starts_with('[')) {
    const auto close = host_header.find(']');
    return close == std::string_view::npos ? host_header : host_header.substr(0, close + 1);
  }
  return host_header.substr(0, host_header.find(':'));
}

bool is_ip_literal(std::string_view host) {
  return host.starts_with('[') || std::all_of(host.begin(), host.end(), [](char c) {
           return c == '.' || std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

bool is_loopback_listen(std::string_view host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1";
}

}  // namespace

MsLimits effective_ms_limits(const MsLimits& limits, bool lenient) {
  if (!lenient) {
    return limits;
  }
  MsLimits off = limits;
  off.commits_per_window = 0;
  off.max_commit_body_bytes = 0;
  off.revisions = MsRevisions::any;
  off.token_deletes = MsTokenDeletes::allow;
  return off;
}

std::string ms_announced_url(const MsLimits& limits, std::string_view listen_host, int port) {
  const bool names = limits.hosts == MsHosts::names && is_loopback_listen(listen_host);
  return "http://" + std::string(names ? std::string_view(limits.host_name) : listen_host) + ":" +
         std::to_string(port);
}

std::string ms_blob_base_url(const MsLimits& limits, std::string_view host_header,
                             std::string_view api_url) {
  const std::string_view host = host_part(host_header);
  if (limits.hosts == MsHosts::ip || host.empty()) {
    return std::string(api_url);
  }
  if (is_ip_literal(host)) {
    return "http://" + std::string(host_header);
  }
  const std::string_view port = host_header.substr(host.size());  // ":8080" or ""
  std::string_view base = host;
  if (base.starts_with(limits.lfs_prefix)) {
    return "http://" + std::string(host_header);  // already on the blob host
  }
  if (base.starts_with("www.")) {
    base.remove_prefix(4);
  }
  return "http://" + limits.lfs_prefix + std::string(base) + std::string(port);
}

}  // namespace hf2ms::hubsim
