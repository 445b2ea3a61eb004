#include "http/curl_handle.hpp"

#include "http/curl_global.hpp"

#include <string>

namespace hf2ms::http {

Result<CurlEasy> make_easy() {
  CurlEasy handle(curl_easy_init());
  if (!handle) {
    return unexpected(make_error(ErrorKind::internal, "curl_easy_init failed"));
  }
  return handle;
}

Result<CurlMulti> make_multi() {
  CurlMulti handle(curl_multi_init());
  if (!handle) {
    return unexpected(make_error(ErrorKind::internal, "curl_multi_init failed"));
  }
  return handle;
}

Result<void> append_header(CurlSlist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) {
    return unexpected(make_error(ErrorKind::internal, "curl_slist_append failed"));
  }
  // curl_slist_append returns the same head when appending to a non-empty list.
  (void)list.release();
  list.reset(grown);
  return {};
}

Error curl_error(const char* what, CURLcode code) {
  return make_error(ErrorKind::internal,
                    std::string(what) + " failed: " + curl_easy_strerror(code));
}

Error curlm_error(const char* what, CURLMcode code) {
  return make_error(ErrorKind::internal,
                    std::string(what) + " failed: " + curl_multi_strerror(code));
}

Result<CurlGlobal> CurlGlobal::create() {
  const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    return unexpected(curl_error("curl_global_init", code));
  }
  CurlGlobal guard;
  guard.active_ = true;
  return guard;
}

CurlGlobal::~CurlGlobal() {
  if (active_) {
    curl_global_cleanup();
  }
}

}  // namespace hf2ms::http
