// Single-file deletes of the ModelScope side, the SDK's `delete_files` routes
// (real-hub-limits.md ModelScope §3, protocols/modelscope-hub.md §7.4):
// `DELETE /api/v1/models/{o}/{n}/file?FilePath=..&Revision=..` and
// `DELETE /api/v1/datasets/{o}/{n}/repo?FilePath=..[&Revision=..]`. Each removes one file in a
// commit of its own on a branch (default `master`). The live hub restricts them to web login
// sessions: an API token gets 401 "the current token no longer supports deletion operations",
// unless MsTokenDeletes::allow. The SDK's working alternative is a commit `delete` action
// (refused too under MsTokenDeletes::refuse_all, ms_commit_route.cpp).
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_rate_limit.hpp"
#include "hubsim/ms_routes.hpp"
#include "hubsim/ms_store_view.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {

// The text the SDK translates (modelscope_hub errors table, protocols/modelscope-hub.md
// §3.1). UNCONFIRMED: the status (400 per a third-party note, 401 per the SDK's docstring;
// the SDK's 401 is used) and the business Code (the HTTP status here).
constexpr std::string_view k_token_cannot_delete =
    "the current token no longer supports deletion operations. Please go to the site page : "
    "https://www.modelscope.cn to delete";

void handle_file_delete(SimContext& ctx, MsCommitLimiter& limiter, const httplib::Request& req,
                        httplib::Response& res) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto who = ms_identify(ctx, req);
  const auto meta = ms_open_repo(ctx, res, who, target, MsNeed::write);
  if (!meta || !ms_may_delete(ctx, res, *who)) {
    return;
  }
  const std::string branch = ms_param(req, "Revision", meta->default_branch);
  const std::string path = ms_param(req, "FilePath");
  if (!ms_check_branch(res, *meta, branch)) {
    return;
  }
  if (!is_valid_repo_path(path)) {
    send_legacy_error(res, 400, "invalid FilePath: " + path);
    return;
  }
  const auto head = ctx.store.resolve(meta->key, branch);
  if (!head || (*head)->files.count(path) == 0) {
    // UNCONFIRMED (protocols/modelscope-hub.md §3.1): the Code of a missing file.
    send_legacy_error(res, 404, "file not found: " + path, k_ms_code_file_not_found);
    return;
  }
  if (!ms_admit_commit(limiter, res, meta->key.id)) {
    return;
  }
  CommitRequest request;
  request.branch = branch;
  request.title = "Delete " + path;
  request.message = request.title;
  request.author = who->user.name;
  request.ops.push_back(FileOp{FileOp::Kind::remove, path, {}});
  const auto commit = ctx.store.commit(meta->key, request);
  if (!commit) {
    send_legacy_error(res, 500, commit.error().message);
    return;
  }
  // UNCONFIRMED: the success Data of these routes; the SDK only checks the status.
  send_legacy_ok(res, nlohmann::json::object());
}

}  // namespace

bool ms_may_delete(const SimContext& ctx, httplib::Response& res, const Identity& who) {
  const MsLimits limits = effective_ms_limits(ctx.options.ms_limits, ctx.options.lenient);
  if (limits.token_deletes == MsTokenDeletes::allow || who.token.kind == TokenKind::session) {
    return true;
  }
  send_legacy_error(res, 401, k_token_cannot_delete);
  return false;
}

void register_ms_delete_routes(httplib::Server& api, SimContext& ctx,
                               std::shared_ptr<MsCommitLimiter> limiter) {
  const auto handler = [&ctx, limiter](const httplib::Request& req, httplib::Response& res) {
    handle_file_delete(ctx, *limiter, req, res);
  };
  api.Delete("/api/v1/(models)/([^/]+)/([^/]+)/file", handler);
  api.Delete("/api/v1/(datasets)/([^/]+)/([^/]+)/repo", handler);
}

}  // namespace hf2ms::hubsim
