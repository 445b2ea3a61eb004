// attempt: one HTTP exchange on one curl easy handle: option setup, the noexcept callbacks
// that move bytes between curl and the Request's producer/consumer, and the conversion of
// the finished exchange into a Response. Internal to src/http/; the Engine owns Attempts,
// adds them to its multi handle and decides about redirects and retries.
#pragma once

#include "http/curl_handle.hpp"
#include "http/request.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace hf2ms::http {

// How much of a non-2xx body is kept when the 2xx body would have been streamed.
inline constexpr std::size_t k_error_body_cap = 1U << 20U;

struct AttemptSettings {
  std::string user_agent;
};

struct Attempt {
  const Request* request = nullptr;  // owned by the Engine's transfer; outlives the attempt
  std::uint64_t owner = 0;           // the Engine's id for the transfer
  std::string url;
  CurlSlist header_list;  // declared before `easy`, so the handle is cleaned up first
  CurlEasy easy;
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  Headers headers;  // of the latest response head (a 100 Continue head is replaced)
  std::string body;
  long status = 0;  // NOLINT(google-runtime-int): curl's type; 0 until the first body byte
  std::uint64_t delivered = 0;  // 2xx body bytes accepted by the consumer
  std::uint64_t sent = 0;       // request body bytes handed to curl
  bool paused = false;          // a callback returned a pause value
  bool resume_pending = false;  // Engine::resume was called for this transfer
  bool aborted = false;         // our producer or consumer (or an allocation) failed
  bool head_checked = false;    // Request::accept_head has seen this answer's head
  std::string abort_reason;
};

// Creates the easy handle for `attempt` (whose request and url are set) and configures it:
// method and body, headers plus the credential when the URL's origin matches, timeouts, TLS
// verification, HTTP/2, no signals, no automatic redirects, callbacks pointing at `attempt`.
[[nodiscard]] Result<void> prepare(Attempt& attempt, const AttemptSettings& settings);

// Reads the outcome of the finished exchange; `code` is what curl reported.
[[nodiscard]] Response finish(Attempt& attempt, CURLcode code);

[[nodiscard]] Transport to_transport(CURLcode code);

}  // namespace hf2ms::http
