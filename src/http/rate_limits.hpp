// rate_limits: the HF quota state per (origin, bucket), shared by every Engine of a process,
// so hf2ms paces itself from the server's RateLimit answers instead of collecting 429s.
//
// The Hub counts requests in fixed windows per token and bucket (protocols/huggingface-hub.md
// §10.1): `api` (all /api/*), `resolvers` (URLs with /resolve/), `pages` (HTML), each answer
// saying `RateLimit: "<bucket>";r=<remaining>;t=<reset s>` and
// `RateLimit-Policy: "fixed window";"<bucket>";q=<quota>;w=<window s>`. A bucket's state
// never holds requests of another bucket: an exhausted `resolvers` bucket does not delay a
// commit (an `api` call). An answer without a bucket name (the legacy `remaining=0, reset=N`
// form, or a server that names none) is kept under the bucket "" and holds every request to
// its origin, as before.
//
// Pacing: before a request starts, admit() reserves one of the bucket's known remaining
// requests; while none is left it says until when to wait (the reset). Requests in flight
// count against the remaining ones, so a burst near the end of a window does not overshoot.
// Until the first answer for a (origin, bucket) comes back, one request at a time is sent: a
// fresh process knows nothing of what another one spent.
// Origins that never send RateLimit (ModelScope, CDNs) have no state and are never held.
// Thread-safe.
#pragma once

#include "http/headers.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hf2ms::http {

using SteadyTime = std::chrono::steady_clock::time_point;

// The bucket the Hub counts a request to `path` in (the URL path, query removed):
// "resolvers" for a path containing /resolve/, and the /api/resolve-cache/ hop of a regular
// file's download (UNCONFIRMED: §10.1 says "all /api/*" is `api`; hf2ms-hubsim counts that
// hop as a resolver, as hf_limits.hpp says, and so does hf2ms); "" for Git LFS routes
// (.git/info/lfs/; UNCONFIRMED, they carry no RateLimit in the notes); "api" for /api and
// /api/*; "pages" for the rest. Pure.
[[nodiscard]] std::string bucket_of_path(std::string_view path);

// A header value without the optional whitespace around it (RFC 9110 OWS). Pure.
[[nodiscard]] std::string_view trim_ows(std::string_view text);
// A non-negative decimal integer field value ("120", " 7 "); nullopt otherwise. Pure.
[[nodiscard]] std::optional<long> parse_header_count(std::string_view text);

// One bucket of a RateLimit / RateLimit-Policy answer.
struct BucketLimit {
  std::string bucket;  // "" when the answer named none
  std::optional<long> remaining;
  std::optional<long> reset_seconds;
  std::optional<long> quota;           // RateLimit-Policy q=
  std::optional<long> window_seconds;  // RateLimit-Policy w=
};

// Every bucket named in the RateLimit fields of `headers`, with its policy (matched by name)
// merged in. Malformed items are skipped. Pure.
[[nodiscard]] std::vector<BucketLimit> parse_bucket_limits(const Headers& headers);

// A bucket that holds requests right now (for "waiting for the HF api quota ...").
struct QuotaHold {
  std::string origin;  // "https://huggingface.co"
  std::string bucket;  // "api", "resolvers", ... ("" : the whole origin)
  SteadyTime until;    // when the bucket is expected to reset
};

class RateLimitBook {
 public:
  RateLimitBook() = default;
  RateLimitBook(const RateLimitBook&) = delete;
  RateLimitBook& operator=(const RateLimitBook&) = delete;

  struct Admission {
    bool admitted = false;
    SteadyTime retry_at{};  // when not admitted: look again then
  };
  // May a request to `origin` counted in `bucket` start at `now`? When yes, it holds a slot
  // until settle() is called for it (exactly once).
  [[nodiscard]] Admission admit(const std::string& origin, const std::string& bucket,
                                SteadyTime now);
  // The request admitted for (`origin`, `bucket`) ended at `now`; `headers` are its answer's
  // (null when there was none: transport failure, cancel). Learns every bucket they name.
  void settle(const std::string& origin, const std::string& bucket, const Headers* headers,
              SteadyTime now);

  // The buckets that told a request to wait for their reset and have not reset yet, by
  // origin and bucket.
  [[nodiscard]] std::vector<QuotaHold> holds(SteadyTime now) const;

 private:
  struct State {
    std::optional<long> remaining;  // as of the latest answers of the current window
    std::optional<long> quota;
    std::optional<long> window_s;
    SteadyTime resets_at{};
    std::size_t in_flight = 0;
    bool answered = false;  // an answer came back (with or without RateLimit)
    // Set when a request was told to wait for the reset: the hold lasts until then (the
    // engine does not ask again before it).
    std::optional<SteadyTime> hold_until;
  };
  using Key = std::pair<std::string, std::string>;
  void learn(State& s, const BucketLimit& limit, SteadyTime now);
  [[nodiscard]] static bool is_exhausted(State& s, SteadyTime now);

  mutable std::mutex mutex_;
  std::map<Key, State> states_;
};

// The book every Engine of this process shares unless its options name another one.
[[nodiscard]] RateLimitBook& process_rate_limits();

}  // namespace hf2ms::http
