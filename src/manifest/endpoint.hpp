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
  std::string url;                 // normalised: every trailing '/' removed
  bool plain_http_remote = false;  // http:// to a host that is not loopback: tokens in clear
};

// Accepts http:// or https:// with a non-empty host and an optional port and path. Rejects
// whitespace, credentials (user:pass@), queries and fragments. Trailing '/' are dropped.
[[nodiscard]] Expected<CheckedEndpoint, Problem> check_endpoint(std::string_view url);

// True for "localhost", names under ".localhost", "127.x.x.x" and "[::1]" (with or without a
// port).
[[nodiscard]] bool is_loopback_host(std::string_view host_and_port);

}  // namespace hf2ms::manifest
