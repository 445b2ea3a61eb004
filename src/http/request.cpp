#include "http/request.hpp"

#include "http/redact.hpp"

namespace hf2ms::http {

std::string_view to_string(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
  }
  return "GET";
}

std::string_view to_string(Transport transport) {
  switch (transport) {
    case Transport::none:
      return "none";
    case Transport::resolve:
      return "could not resolve host";
    case Transport::connect:
      return "could not connect";
    case Transport::timeout:
      return "timed out";
    case Transport::dropped:
      return "connection dropped";
    case Transport::tls:
      return "TLS failure";
    case Transport::aborted:
      return "aborted by caller";
    case Transport::too_many_redirects:
      return "too many redirects";
    case Transport::other:
      return "transport failure";
  }
  return "transport failure";
}

Timeouts Timeouts::long_operation() {
  Timeouts t;
  t.low_speed_window = k_long_operation_silence;
  return t;
}

Credential Credential::bearer(Origin origin, const Secret& token) {
  Credential credential;
  credential.origins.push_back(std::move(origin));
  credential.headers.push_back({"Authorization", Secret("Bearer " + token.reveal())});
  return credential;
}

}  // namespace hf2ms::http

namespace hf2ms::http {

bool credential_applies(const Credential& credential, const Origin& target) {
  for (const Origin& origin : credential.origins) {
    if (origin == target) {
      return true;
    }
  }
  return false;
}

Result<void> validate(const Request& request) {
  auto url = parse_url(request.url);
  if (!url) {
    return unexpected(url.error());
  }
  for (const auto& [name, value] : request.headers.fields()) {
    if (is_sensitive_header(name)) {
      return unexpected(make_error(
          ErrorKind::invalid_input,
          "header '" + name + "' must travel in Request::credential, bound to its origin"));
    }
  }
  if (const auto* producer = std::get_if<BodyProducer>(&request.body)) {
    if (!producer->produce) {
      return unexpected(make_error(ErrorKind::invalid_input, "body producer without a function"));
    }
  }
  return {};
}

}  // namespace hf2ms::http
