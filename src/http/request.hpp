// request: the value types the HTTP layer trades in. A Request says what to send, to whom,
// with which credential and whether it may be repeated; a Response says what came back.
// Bodies can be whole strings (API calls) or streams both ways (file transfers): a
// BodyProducer is pulled for the request body, a BodyConsumer is pushed the response body,
// and either can pause. No curl here: hub and transfer code include this freely.
#pragma once

#include "http/headers.hpp"
#include "http/url.hpp"
#include "util/error.hpp"
#include "util/secret.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hf2ms::http {

enum class Method { get, head, post, put, patch, del };
[[nodiscard]] std::string_view to_string(Method method);

// Whether sending the request twice is harmless. Defaults by method are NOT assumed: a commit
// POST must stay not_safe; an LFS part PUT or a paginated GET is safe_to_retry. A not_safe
// request is retried only when the server provably never saw it (the connection never opened).
enum class Idempotency { safe_to_retry, not_safe };

// Whether the engine follows 3xx answers itself (never via curl) or hands them back.
enum class Redirects { follow, return_them };

// A credential and the origins it belongs to. The engine attaches `headers` only to requests
// whose URL origin is one of `origins`; redirects to a CDN, an upload URL or the other hub
// get none. Plain request headers may not carry Authorization or Cookie at all, so there is
// no other way to send a credential.
struct Credential {
  struct Field {
    std::string name;  // "Authorization", "Cookie"
    Secret value;      // "Bearer hf_...", "m_session_id=..."
  };
  std::vector<Origin> origins;
  std::vector<Field> headers;

  // Authorization: Bearer <token>, valid for `origin` only.
  [[nodiscard]] static Credential bearer(Origin origin, const Secret& token);
};

struct Timeouts {
  std::chrono::milliseconds connect{10'000};
  // Abort when fewer than `low_speed_bytes` per second flow for `low_speed_window`.
  std::uint32_t low_speed_bytes = 1;
  std::chrono::seconds low_speed_window{60};
  // Whole-attempt limit; zero means none (large downloads rely on the low-speed check).
  std::chrono::milliseconds total{0};

  // For a request the server may answer only after minutes of silence while it works (a
  // commit, an HF multipart completion, a whole-blob ModelScope PUT): the same, but silence
  // is tolerated for k_long_operation_silence instead of 60 s.
  [[nodiscard]] static Timeouts long_operation();
};
inline constexpr std::chrono::seconds k_long_operation_silence{900};

// What a producer or consumer tells the engine after each call.
enum class Flow { more, pause, abort };

// Pulls the request body. `produce` fills `buffer` and returns how many bytes it wrote with
// Flow::more; returns Flow::pause (bytes ignored) when it has nothing yet, then the owner calls
// Engine::resume(id); Flow::abort fails the transfer. It must deliver exactly
// `content_length` bytes in total. `rewind` restarts from byte 0 for a retry or a 307/308;
// without it a failed upload is not retried once bytes were sent.
struct BodyProducer {
  struct Chunk {
    std::size_t size = 0;
    Flow flow = Flow::more;
  };
  std::uint64_t content_length = 0;
  std::function<Chunk(std::span<char> buffer)> produce;
  std::function<bool()> rewind;
};

// Receives a 2xx response body chunk by chunk. Returning Flow::pause means "not taken": the
// same bytes are offered again after Engine::resume(id). Non-2xx bodies never reach it; they
// land in Response::body (capped) for the hub client's error parsing.
using BodyConsumer = std::function<Flow(std::string_view chunk)>;

// Looks at the status and headers of a 2xx answer before its first body byte reaches the
// consumer, once per attempt (an answer without a body never calls it). Returning false stops
// the attempt (Transport::aborted) without a byte delivered: a download uses it to refuse a
// partial answer that is not the range it asked for (transfer/range_answer.hpp).
using HeadCheck = std::function<bool(int status, const Headers& headers)>;

// The most a response body collected into Response::body may hold (a request without a
// consumer). A hub's answer is untrusted: past the cap the transfer aborts with a clear error
// instead of growing memory without bound. Listings, JSON answers and small files fit easily.
inline constexpr std::uint64_t k_max_buffered_body = 64ULL << 20U;

struct Request {
  Method method = Method::get;
  std::string url;
  Headers headers;  // must not contain Authorization, Cookie or Proxy-Authorization
  std::variant<std::monostate, std::string, BodyProducer> body;
  BodyConsumer consumer;                         // empty: the body is collected into Response::body
  HeadCheck accept_head;                         // empty: every 2xx head is accepted
  std::uint64_t max_body = k_max_buffered_body;  // cap for a collected body (not a consumer's)
  std::optional<Credential> credential;
  Idempotency idempotency = Idempotency::not_safe;
  Redirects redirects = Redirects::follow;
  Timeouts timeouts;
};

// How an attempt failed below HTTP. Kept apart from the status, as cpr does: an answer with
// status 500 has transport none; a reset connection has a transport failure and status 0.
enum class Transport {
  none,
  resolve,  // DNS failed
  connect,  // could not connect: the server never saw the request
  timeout,  // connect, low-speed or total timeout
  dropped,  // the connection broke mid-exchange (reset, truncated body, HTTP/2 error)
  tls,      // certificate or handshake failure; never retried
  aborted,  // our producer or consumer asked to stop
  too_many_redirects,
  other,
};
[[nodiscard]] std::string_view to_string(Transport transport);

struct Response {
  Transport transport = Transport::none;
  std::string transport_message;     // curl's error buffer when transport != none
  int status = 0;                    // 0 when no HTTP answer arrived
  Headers headers;                   // of the final answer only
  std::string body;                  // whole body, or the capped error body when streaming
  std::string url;                   // the URL of the final answer, after redirects
  std::uint64_t bytes_received = 0;  // body bytes handed to the consumer (for Range resumes)
  int attempts = 0;
};

}  // namespace hf2ms::http

namespace hf2ms::http {

// True when `credential` may be sent to `target`: its origin (scheme, host and port) is one
// of the credential's origins. An http->https upgrade is a different origin too.
[[nodiscard]] bool credential_applies(const Credential& credential, const Origin& target);

// invalid_input when `request` cannot be sent: a URL that is not absolute http(s), a
// credential header among the plain headers, a producer without a produce function.
[[nodiscard]] Result<void> validate(const Request& request);

}  // namespace hf2ms::http
