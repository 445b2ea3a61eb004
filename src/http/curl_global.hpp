// CurlGlobal: the process-wide libcurl initialisation guard. Create exactly one in main()
// before any thread starts, and keep it alive until the end (curl_global_init and
// curl_global_cleanup are not thread-safe). Tests create one in a global environment or at
// the top of a test. This header is curl-free so the CLI can include it.
#pragma once

#include "util/error.hpp"

namespace hf2ms::http {

class CurlGlobal {
 public:
  // Initialises libcurl (SSL included). Fails when libcurl cannot start.
  [[nodiscard]] static Result<CurlGlobal> create();
  CurlGlobal(CurlGlobal&& other) noexcept : active_(other.active_) { other.active_ = false; }
  CurlGlobal& operator=(CurlGlobal&&) = delete;
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
  ~CurlGlobal();

 private:
  CurlGlobal() = default;
  bool active_ = false;
};

}  // namespace hf2ms::http
