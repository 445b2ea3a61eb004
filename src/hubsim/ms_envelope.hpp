// The two JSON envelopes ModelScope wraps every answer in, as the hub simulator writes them.
// Legacy `/api/v1` answers carry PascalCase {Code, Data, Message, RequestId, Success}; the
// `/openapi/v1` surface answers snake_case {success, data, request_id} or, on failure,
// {success:false, code:"<StringEnum>", message, request_id} (protocols/modelscope-hub.md §3).
// Every error body carries Code, Message, RequestId and Success:false, because the official
// SDK indexes those keys directly and crashes when one is missing (§3.1, checklist point 9).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace httplib {
struct Response;
}

namespace hf2ms::hubsim {

// Business codes the SDKs recognise (protocols/modelscope-hub.md §3.1 table).
inline constexpr std::int64_t k_ms_code_ok = 200;
inline constexpr std::int64_t k_ms_code_model_exists = 10010101001;
inline constexpr std::int64_t k_ms_code_dataset_exists = 10020101001;
inline constexpr std::int64_t k_ms_code_login_failed = 10010103009;
inline constexpr std::int64_t k_ms_code_not_logged_in = 10030000001;
inline constexpr std::int64_t k_ms_code_policy_rejected = 10030000001;
// UNCONFIRMED (protocols/modelscope-hub.md §3.1): seen only in a third-party emulator.
inline constexpr std::int64_t k_ms_code_file_not_found = 10990101007;

// A fresh request id: a random UUID v4 with dashes, like the hub's `RequestId`. Thread-safe.
[[nodiscard]] std::string make_request_id();

// {"Code":200,"Data":data,"Message":"success","RequestId":...,"Success":true}.
[[nodiscard]] nlohmann::json legacy_ok(nlohmann::json data);

// {"Code":code,"Message":message,"RequestId":...,"Success":false}. No Data key, as recorded
// (fixtures/modelscope/api_v1_login_token_rejected_http400.json).
[[nodiscard]] nlohmann::json legacy_error(std::int64_t code, std::string_view message);

// {"success":true,"data":data,"request_id":...} (OpenAPI §3.2).
[[nodiscard]] nlohmann::json openapi_ok(nlohmann::json data);

// {"success":false,"code":code,"message":message,"request_id":...}.
[[nodiscard]] nlohmann::json openapi_error(std::string_view code, std::string_view message);

// The OpenAPI string code for an HTTP status (401 → "InvalidAuthentication", ...).
[[nodiscard]] std::string_view openapi_code_for_status(int http_status);

// Writes `body` as the JSON answer with `http_status`. Invalid UTF-8 is replaced, never thrown.
void send_json(httplib::Response& res, int http_status, const nlohmann::json& body);

// Legacy success with HTTP 200.
void send_legacy_ok(httplib::Response& res, nlohmann::json data);

// Legacy failure. When `code` is 0 the HTTP status is used as Code: the hub's business codes
// for plain 403/404/409/422/429 answers are UNCONFIRMED (protocols/modelscope-hub.md §12).
void send_legacy_error(httplib::Response& res, int http_status, std::string_view message,
                       std::int64_t code = 0);

// OpenAPI failure with the string code that belongs to `http_status`.
void send_openapi_error(httplib::Response& res, int http_status, std::string_view message);

}  // namespace hf2ms::hubsim
