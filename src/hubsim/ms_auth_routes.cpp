// Authentication routes of the ModelScope side (protocols/modelscope-hub.md §2.2, §2.3):
// `POST /api/v1/login` trades an SDK token for a git credential (read-only tokens are refused
// like bad ones, as the hub does), `GET /api/v1/users/login/info` (legacy whoami of the MCP
// server) and `GET /openapi/v1/users/me` (B/C whoami, OpenAPI envelope).
#include "hashing/hashing.hpp"
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_routes.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {

constexpr std::string_view k_login_failed =
    "登录失败，AccessToken错误，请从用户中心获取AccessToken或刷新";

void handle_login(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto body = parse_json_body(req.body);
  const std::string token = body ? json_string(*body, "AccessToken").value_or("") : "";
  const auto who = ctx.users.find_token(Hub::ms, token);
  // Login mints git credentials, so read-only tokens get the same refusal (§2.2, C).
  if (token.empty() || !who || who->token.role != Access::write) {
    send_legacy_error(res, 400, k_login_failed, k_ms_code_login_failed);
    return;
  }
  // UNCONFIRMED (protocols/modelscope-hub.md §2.2): Set-Cookie names and attributes; A only
  // looks for m_session_id, whose value is the SDK token itself (§2.1).
  res.set_header("Set-Cookie", "m_session_id=" + token + "; Path=/; HttpOnly");
  send_legacy_ok(res, nlohmann::json{{"AccessToken", "git-" + hashing::xxh3_128_hex(token)},
                                     {"Email", who->user.email},
                                     {"Username", who->user.name}});
}

void handle_login_info(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto who = ms_identify(ctx, req);
  if (!who) {
    send_legacy_error(res, 401, "用户未登录 user not logged in", k_ms_code_not_logged_in);
    return;
  }
  send_legacy_ok(res, nlohmann::json{{"Name", who->user.name},
                                     {"NickName", who->user.fullname},
                                     {"Email", who->user.email},
                                     {"Avatar", ""},
                                     {"Description", ""}});
}

void handle_users_me(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto who = ms_identify(ctx, req);
  if (!who) {
    send_openapi_error(res, 401, "Invalid authentication, please check your Authorization header");
    return;
  }
  send_json(res, 200,
            openapi_ok(nlohmann::json{{"username", who->user.name},
                                      {"nickname", who->user.fullname},
                                      {"description", ""},
                                      {"email", who->user.email},
                                      {"avatar_url", ""}}));
}

}  // namespace

void register_ms_auth_routes(httplib::Server& api, SimContext& ctx) {
  api.Post("/api/v1/login", [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_login(ctx, req, res);
  });
  api.Get("/api/v1/users/login/info", [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_login_info(ctx, req, res);
  });
  api.Get("/openapi/v1/users/me", [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_users_me(ctx, req, res);
  });
}

}  // namespace hf2ms::hubsim
