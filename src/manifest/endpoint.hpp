// Checks a hub endpoint written in [hubs.hf] / [hubs.ms]: an absolute http(s) URL of the hub's
// web/API root, e.g. "https://huggingface.co" or "http://127.0.0.1:8080" for the simulator.
// Pure.
#pragma once

#include "manifest/problem.hpp"
#include "util/expected.hpp"

#include <string>
#include <string_view>

namespace hf2ms::manifest {

struct CheckedEndpoint {
  std::string url;        // normalised: host lower-cased, every trailing '/' removed
  bool loopback = false;  // the host is loopback (is_loopback_host)
};

// Accepts https:// with a non-empty host and an optional port and path, and http:// only to
// a loopback host (plain http to a remote host would carry the token in clear). Rejects
// whitespace, credentials (user:pass@), queries and fragments. Trailing '/' are dropped.
[[nodiscard]] Expected<CheckedEndpoint, Problem> check_endpoint(std::string_view url);

// True for loopback hosts only, with or without a port: "localhost" and names under
// ".localhost" (RFC 6761 reserves them for loopback), a dotted-quad IPv4 address in
// 127.0.0.0/8 (four decimal octets 0-255: "127.evil.example" is a remote name), and "[::1]".
// Case-insensitive.
[[nodiscard]] bool is_loopback_host(std::string_view host_and_port);

}  // namespace hf2ms::manifest
