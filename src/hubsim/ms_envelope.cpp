#include "hubsim/ms_envelope.hpp"

#include <httplib.h>

#include <array>
#include <cstdio>
#include <mutex>
#include <random>

namespace hf2ms::hubsim {
namespace {

std::string format_uuid(std::uint64_t hi, std::uint64_t lo) {
  // Version 4, variant 10xx, as Python's uuid4().
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  std::array<char, 37> buf{};
  std::snprintf(buf.data(), buf.size(), "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xffffULL),
                static_cast<unsigned long long>(hi & 0xffffULL),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return std::string(buf.data(), 36);
}

}  // namespace

std::string make_request_id() {
  static std::mutex mutex;
  static std::mt19937_64 engine{std::random_device{}()};
  std::lock_guard lock(mutex);
  const std::uint64_t hi = engine();
  const std::uint64_t lo = engine();
  return format_uuid(hi, lo);
}

nlohmann::json legacy_ok(nlohmann::json data) {
  return nlohmann::json{{"Code", k_ms_code_ok},
                        {"Data", std::move(data)},
                        {"Message", "success"},
                        {"RequestId", make_request_id()},
                        {"Success", true}};
}

nlohmann::json legacy_error(std::int64_t code, std::string_view message) {
  return nlohmann::json{{"Code", code},
                        {"Message", std::string(message)},
                        {"RequestId", make_request_id()},
                        {"Success", false}};
}

nlohmann::json openapi_ok(nlohmann::json data) {
  return nlohmann::json{
      {"success", true}, {"data", std::move(data)}, {"request_id", make_request_id()}};
}

nlohmann::json openapi_error(std::string_view code, std::string_view message) {
  return nlohmann::json{{"success", false},
                        {"code", std::string(code)},
                        {"message", std::string(message)},
                        {"request_id", make_request_id()}};
}

std::string_view openapi_code_for_status(int http_status) {
  switch (http_status) {
    case 400:
      return "InputParameterError";
    case 401:
      return "InvalidAuthentication";
    case 403:
      return "OperationNotAllowed";
    case 404:
      return "ResourceNotFound";
    case 409:
      return "DuplicateEntity";
    case 429:
      return "RateLimitExceed";
    case 503:
      return "ServiceUnavailable";
    default:
      return "InternalServerError";
  }
}

void send_json(httplib::Response& res, int http_status, const nlohmann::json& body) {
  res.status = http_status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void send_legacy_ok(httplib::Response& res, nlohmann::json data) {
  send_json(res, 200, legacy_ok(std::move(data)));
}

void send_legacy_error(httplib::Response& res, int http_status, std::string_view message,
                       std::int64_t code) {
  send_json(res, http_status, legacy_error(code == 0 ? http_status : code, message));
}

void send_openapi_error(httplib::Response& res, int http_status, std::string_view message) {
  send_json(res, http_status, openapi_error(openapi_code_for_status(http_status), message));
}

}  // namespace hf2ms::hubsim
