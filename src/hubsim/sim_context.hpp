// SimContext: everything a route handler of hf2ms-hubsim receives (the store, users, options,
// addresses of the three listeners, request log, fault injector), plus the helpers both hubs
// share: who is calling (token → Identity), byte ranges, and serve_blob(), which streams a
// stored or generated blob with exact Range/206/416 semantics and the body faults.
// Route modules (hf_*.cpp, ms_*.cpp) register on httplib servers through register_*_routes
// and see the simulator only through this header. The simulator owns each server's
// pre-routing handler (request log, latency, injected 5xx/429) and clears httplib's parsed
// ranges there, so httplib never slices a body on its own: ranges are serve_blob's job.
// Routes must not set pre-routing, logger or error handlers. On the shared CDN server, HF
// routes live under /hf-lfs/ and ModelScope routes must use their own prefix.
#pragma once

#include "hubsim/faults.hpp"
#include "hubsim/limits.hpp"
#include "hubsim/ms_limits.hpp"
#include "hubsim/request_log.hpp"
#include "hubsim/store.hpp"
#include "hubsim/users.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace hf2ms::hubsim {

// Tunables of the simulated hubs (CLI flags of the same names in docs/hubsim.md).
struct SimOptions {
  std::size_t page_size = 1000;         // HF tree / repo listing page size (Link pagination)
  std::size_t commits_page_size = 100;  // HF commit listing default page size
  std::uint64_t multipart_threshold = std::uint64_t{20} << 20;  // HF LFS: multipart above
  std::uint64_t multipart_chunk = std::uint64_t{10} << 20;      // HF LFS part size
  std::size_t ms_repo_files_limit = 3000;  // ModelScope repo/files silent truncation
  // HF repo info `siblings` cut silently past this many entries. UNCONFIRMED: the Hub
  // publishes no limit, but may cut the list short on large repos (the Python client trusts
  // it only below 1000 entries, huggingface_hub PR 3565), so the simulator does cut it, and a
  // client that trusts a long list is caught. A behaviour, not a limit: --lenient keeps it.
  std::size_t hf_siblings_limit = 1000;
  std::string signing_key = "hubsim";  // signs self-authorising CDN URLs
  bool lenient = false;  // --lenient: every limit of both hubs off (limits.hpp, ms_limits.hpp)
  HfLimits hf_limits;    // HF limits, on by default (docs/hubsim.md "Limits")
  MsLimits ms_limits;    // ModelScope limits and variants (ms_limits.hpp)
};

struct SimContext {
  Store& store;
  const Users& users;
  const SimOptions& options;
  RequestLog& log;
  FaultInjector& faults;
  std::string hf_url;  // "http://127.0.0.1:PORT", no trailing slash
  std::string ms_url;
  std::string cdn_url;
  int hf_port = 0;
  int ms_port = 0;
  int cdn_port = 0;

  // Which listener `req` arrived on (by its local port).
  [[nodiscard]] Listener listener_of(const httplib::Request& req) const;
  // The caller's identity on `hub` from "Authorization: Bearer …"; nullopt when anonymous or
  // the token is unknown (see has_invalid_token).
  [[nodiscard]] std::optional<Identity> identify(const httplib::Request& req, Hub hub) const;
  // True when an Authorization header is present but names no token of `hub`.
  [[nodiscard]] bool has_invalid_token(const httplib::Request& req, Hub hub) const;
};

// An inclusive byte range [first, last] of a resource.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  bool operator==(const ByteRange&) const = default;
};

// Outcome of reading a Range header against a resource of `size` bytes.
struct RangeRequest {
  enum class Kind { whole, partial, unsatisfiable };
  Kind kind = Kind::whole;
  ByteRange range;  // for partial
};

// Parses one "bytes=a-b", "bytes=a-" or "bytes=-n" range. An absent or malformed header, or
// several ranges, mean the whole resource (as the Hub's CDN does); a start at or past the
// end, or an empty file, is unsatisfiable.
[[nodiscard]] RangeRequest parse_range(std::string_view header, std::uint64_t size);

// How serve_blob labels the body.
struct ServeOptions {
  std::string content_type = "application/octet-stream";
  std::string etag;           // quoted value for ETag, "" for none
  bool ignore_range = false;  // answer 200 with the whole body whatever Range says (a CDN may)
};

// Answers `req` with `blob`: 200 with Content-Length, 206 with Content-Range for a satisfiable
// Range, 416 with "Content-Range: bytes */size" otherwise. HEAD gets the headers only. Bytes
// stream in large chunks from disk or the generator, never materialised whole. Honours the
// request's body faults (cut after N bytes, bandwidth cap). Sets Accept-Ranges.
void serve_blob(const httplib::Request& req, httplib::Response& res, SimContext& ctx,
                const BlobInfo& blob, const ServeOptions& options = {});

// The body faults decided for the request being handled on this thread (set by the
// simulator's dispatcher before it calls a route, read by serve_blob).
void set_current_faults(const FaultDecision& decision);
[[nodiscard]] const FaultDecision& current_faults();

}  // namespace hf2ms::hubsim
