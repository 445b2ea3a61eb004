// curl_handle: RAII ownership of libcurl's C handles and checked option setting. Internal to
// src/http/ (the only folder that includes <curl/curl.h>); other modules use engine.hpp.
//
// Every handle is a std::unique_ptr with a stateless deleter, so it is move-only and costs
// nothing. Factories return Result<Handle>: a null handle is an error, not an assert.
// set_option checks every CURLcode / CURLMcode.
#pragma once

#include "util/error.hpp"

#include <curl/curl.h>

#include <memory>
#include <string>

namespace hf2ms::http {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
struct CurlMultiDeleter {
  void operator()(CURLM* handle) const noexcept { curl_multi_cleanup(handle); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

[[nodiscard]] Result<CurlEasy> make_easy();
[[nodiscard]] Result<CurlMulti> make_multi();

// Appends `line` ("Name: value") to `list`; on success `list` owns the grown list.
[[nodiscard]] Result<void> append_header(CurlSlist& list, const std::string& line);

// An internal error naming the failed call and curl's own description of `code`.
[[nodiscard]] Error curl_error(const char* what, CURLcode code);
[[nodiscard]] Error curlm_error(const char* what, CURLMcode code);

template <class T>
[[nodiscard]] Result<void> set_option(CURL* handle, CURLoption option, T value) {
  const CURLcode code = curl_easy_setopt(handle, option, value);
  if (code != CURLE_OK) {
    return unexpected(curl_error("curl_easy_setopt", code));
  }
  return {};
}

template <class T>
[[nodiscard]] Result<void> set_option(CURLM* handle, CURLMoption option, T value) {
  const CURLMcode code = curl_multi_setopt(handle, option, value);
  if (code != CURLM_OK) {
    return unexpected(curlm_error("curl_multi_setopt", code));
  }
  return {};
}

}  // namespace hf2ms::http
