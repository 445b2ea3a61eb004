#include "hubsim/sim_context.hpp"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>
#include <thread>

namespace hf2ms::hubsim {
namespace {

thread_local FaultDecision t_current_faults;

// Large chunks keep loopback throughput well above 1 GB/s.
constexpr std::size_t k_serve_chunk = std::size_t{4} << 20;

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) {
    return std::nullopt;
  }
  return v;
}

// Streams `blob` bytes [first, first+length) through httplib's content provider: the
// provider is called with offsets relative to the body, as often as the socket accepts.
struct BlobStream {
  Store* store = nullptr;
  BlobInfo blob;
  std::uint64_t first = 0;
  FaultDecision faults;
  std::string buffer;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  bool write(std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    std::size_t n = std::min(length, k_serve_chunk);
    if (faults.cut_after_bytes) {
      if (offset >= *faults.cut_after_bytes) {
        return false;  // drop the connection: the client sees a short body
      }
      n = static_cast<std::size_t>(std::min<std::uint64_t>(n, *faults.cut_after_bytes - offset));
    }
    if (faults.bandwidth_bps > 0) {
      n = std::min<std::size_t>(n, std::max<std::uint64_t>(faults.bandwidth_bps / 10, 1));
      throttle(offset);
    }
    if (!store->read_blob(blob, first + offset, n, buffer)) {
      return false;
    }
    return sink.write(buffer.data(), buffer.size());
  }

  // Sleeps until `sent` bytes fit the bandwidth cap since the body started.
  void throttle(std::size_t sent) const {
    const auto due =
        start + std::chrono::microseconds(static_cast<std::int64_t>(
                    static_cast<double>(sent) * 1e6 / static_cast<double>(faults.bandwidth_bps)));
    std::this_thread::sleep_until(due);
  }
};

}  // namespace

void set_current_faults(const FaultDecision& decision) { t_current_faults = decision; }
const FaultDecision& current_faults() { return t_current_faults; }

Listener SimContext::listener_of(const httplib::Request& req) const {
  if (req.local_port == cdn_port) {
    return Listener::cdn;
  }
  return req.local_port == ms_port ? Listener::ms : Listener::hf;
}

std::optional<Identity> SimContext::identify(const httplib::Request& req, Hub hub) const {
  const std::string token = bearer_token(req.get_header_value("Authorization"));
  return users.find_token(hub, token);
}

bool SimContext::has_invalid_token(const httplib::Request& req, Hub hub) const {
  if (!req.has_header("Authorization")) {
    return false;
  }
  return !identify(req, hub).has_value();
}

RangeRequest parse_range(std::string_view header, std::uint64_t size) {
  constexpr std::string_view k_unit = "bytes=";
  if (header.substr(0, k_unit.size()) != k_unit || header.find(',') != std::string_view::npos) {
    return {};
  }
  const std::string_view spec = header.substr(k_unit.size());
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) {
    return {};
  }
  const auto a = parse_u64(spec.substr(0, dash));
  const auto b = parse_u64(spec.substr(dash + 1));
  if (!a && !b) {
    return {};
  }
  if (!a) {  // suffix range: the last n bytes
    if (*b == 0 || size == 0) {
      return {RangeRequest::Kind::unsatisfiable, {}};
    }
    return {RangeRequest::Kind::partial, {size - std::min(*b, size), size - 1}};
  }
  if (b && *b < *a) {
    return {};  // syntactically invalid range: ignored (RFC 9110 §14.2)
  }
  if (*a >= size) {
    return {RangeRequest::Kind::unsatisfiable, {}};
  }
  return {RangeRequest::Kind::partial, {*a, b ? std::min(*b, size - 1) : size - 1}};
}

void serve_blob(const httplib::Request& req, httplib::Response& res, SimContext& ctx,
                const BlobInfo& blob, const ServeOptions& options) {
  res.set_header("Accept-Ranges", "bytes");
  if (!options.etag.empty()) {
    res.set_header("ETag", options.etag);
  }
  const RangeRequest range =
      options.ignore_range ? RangeRequest{} : parse_range(req.get_header_value("Range"), blob.size);
  if (range.kind == RangeRequest::Kind::unsatisfiable) {
    res.status = 416;
    res.set_header("Content-Range", "bytes */" + std::to_string(blob.size));
    return;
  }
  std::uint64_t first = 0;
  std::uint64_t length = blob.size;
  res.status = 200;
  if (range.kind == RangeRequest::Kind::partial) {
    first = range.range.first;
    length = range.range.last - range.range.first + 1;
    res.status = 206;
    res.set_header("Content-Range", "bytes " + std::to_string(range.range.first) + "-" +
                                        std::to_string(range.range.last) + "/" +
                                        std::to_string(blob.size));
  }
  if (length == 0) {
    res.set_header("Content-Type", options.content_type);
    return;  // httplib sends Content-Length: 0
  }
  auto stream = std::make_shared<BlobStream>();
  stream->store = &ctx.store;
  stream->blob = blob;
  stream->first = first;
  stream->faults = current_faults();
  res.set_content_provider(static_cast<std::size_t>(length), options.content_type,
                           [stream](std::size_t offset, std::size_t len, httplib::DataSink& sink) {
                             return stream->write(offset, len, sink);
                           });
}

}  // namespace hf2ms::hubsim
