#include "http/error_map.hpp"

#include "http/redact.hpp"
#include "http/retry.hpp"

#include <chrono>

namespace hf2ms::http {
namespace {

ErrorKind classify_transport(Transport transport) {
  switch (transport) {
    case Transport::resolve:
    case Transport::connect:
    case Transport::timeout:
    case Transport::dropped:
      return ErrorKind::transient;
    case Transport::aborted:
      return ErrorKind::io;
    case Transport::none:
    case Transport::tls:
    case Transport::too_many_redirects:
    case Transport::other:
      break;
  }
  return ErrorKind::internal;
}

ErrorKind classify_status(int status) {
  if (status == 401 || status == 403) {
    return ErrorKind::unauthorized;
  }
  if (status == 404 || status == 410) {
    return ErrorKind::not_found;
  }
  if (status == 409 || status == 412) {
    return ErrorKind::conflict;
  }
  if (status == 429) {
    return ErrorKind::rate_limited;
  }
  if (status == 408 || (status >= 500 && status <= 599)) {
    return ErrorKind::transient;
  }
  if (status >= 400 && status <= 499) {
    return ErrorKind::invalid_input;
  }
  return ErrorKind::internal;
}

}  // namespace

ErrorKind classify(Transport transport, int status) {
  if (transport != Transport::none) {
    return classify_transport(transport);
  }
  return classify_status(status);
}

bool is_success(const Response& response) {
  return response.transport == Transport::none && response.status >= 200 && response.status <= 299;
}

Error to_error(Method method, const Response& response) {
  Error error;
  error.kind = classify(response.transport, response.status);
  error.message =
      std::string(to_string(method)) + " " + redact_url_for_message(response.url) + ": ";
  if (response.transport != Transport::none) {
    error.message += std::string(to_string(response.transport));
    if (!response.transport_message.empty()) {
      error.message += " (" + response.transport_message + ")";
    }
    return error;
  }
  error.http_status = response.status;
  error.message += "HTTP " + std::to_string(response.status);
  const auto wait = server_requested_delay(response.headers, std::chrono::system_clock::now());
  if (wait) {
    error.retry_after_seconds = static_cast<double>(wait->count()) / 1000.0;
  }
  return error;
}

}  // namespace hf2ms::http
