// The simulator's request log: one entry per request received on any listener, kept in
// memory for in-process tests and appended as a JSON line to --log FILE. Headers are kept
// verbatim, tokens included: it is a test tool, and security tests use it to prove which
// token reached which address. Thread-safe.
#pragma once

#include "util/error.hpp"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace hf2ms::hubsim {

enum class Listener { hf, ms, cdn };
[[nodiscard]] std::string_view to_string(Listener listener);  // "hf" / "ms" / "cdn"

struct LoggedRequest {
  std::int64_t time_ms = 0;  // unix milliseconds when the request was routed
  Listener listener = Listener::hf;
  std::string method;
  std::string path;   // raw (still percent-encoded) path
  std::string query;  // raw query string without '?', "" when none
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  // The HF quota bucket the request counts in ("api", "resolvers", "pages"; hf_bucket_of), so
  // a benchmark can tell what a run cost against each quota. "" for the Git LFS routes (not
  // counted) and for the ModelScope and CDN listeners (no published buckets).
  std::string bucket;
};

// {"time":…,"listener":"hf","method":"GET","path":"/api/…","query":"…","headers":[[k,v],…],
//  "bucket":"api"}
[[nodiscard]] std::string to_json_line(const LoggedRequest& entry);

struct FileCloser {
  void operator()(std::FILE* f) const noexcept;
};

class RequestLog {
 public:
  RequestLog() = default;
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Also append every entry to `path` (JSON lines, flushed per entry).
  [[nodiscard]] Result<void> open_file(const std::string& path);
  void append(LoggedRequest entry);
  [[nodiscard]] std::vector<LoggedRequest> entries() const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::vector<LoggedRequest> entries_;
  std::unique_ptr<std::FILE, FileCloser> file_;
};

}  // namespace hf2ms::hubsim
