#include "hubsim/ms_api.hpp"

#include "hubsim/ms_commits_route.hpp"
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_rate_limit.hpp"
#include "hubsim/ms_routes.hpp"

#include <httplib.h>

#include <memory>

namespace hf2ms::hubsim {

void register_ms_routes(httplib::Server& api, httplib::Server& cdn, SimContext& ctx) {
  register_ms_auth_routes(api, ctx);
  register_ms_read_routes(api, ctx);
  register_ms_list_routes(api, ctx);
  register_ms_download_routes(api, cdn, ctx);
  register_ms_repo_routes(api, ctx);
  register_ms_tag_route(api, ctx);
  register_ms_upload_routes(api, ctx);
  // Commits and single-file deletes both make commits, so they share one frequency limiter
  // (UNCONFIRMED: whether the hub counts deletes is not known), kept for the server's life.
  const MsLimits limits = effective_ms_limits(ctx.options.ms_limits, ctx.options.lenient);
  auto limiter = std::make_shared<MsCommitLimiter>(
      MsCommitLimit{limits.commits_per_window,
                    std::chrono::milliseconds(std::int64_t{limits.commit_window_s} * 1000)});
  register_ms_commit_route(api, ctx, limiter);
  register_ms_delete_routes(api, ctx, limiter);
  register_ms_commits_route(api, ctx);
}

void adjust_ms_answer(const SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (ctx.options.ms_limits.success_envelope != MsSuccessEnvelope::without_code ||
      res.status < 200 || res.status >= 300 || !req.path.starts_with("/api/v1/") ||
      res.get_header_value("Content-Type") != "application/json") {
    return;
  }
  auto body = nlohmann::json::parse(res.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("Code")) {
    return;
  }
  body.erase("Code");
  // httplib has already sized the answer when the post-routing handler runs: replace the
  // body and both headers, never add a second copy.
  res.headers.erase("Content-Type");
  res.headers.erase("Content-Length");
  send_json(res, res.status, body);
  res.set_header("Content-Length", std::to_string(res.body.size()));
}

}  // namespace hf2ms::hubsim
