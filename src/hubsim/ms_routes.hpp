// Registration functions of the ModelScope route groups; ms_api.cpp calls each of them.
// Every handler answers with the legacy `/api/v1` envelope (or the `/openapi/v1` one on that
// prefix), errors included. Route patterns are httplib regexes over the decoded path.
#pragma once

#include "hubsim/ms_access.hpp"
#include "hubsim/sim_context.hpp"

#include <memory>
#include <string>

namespace httplib {
class Server;
}  // namespace httplib

namespace hf2ms::hubsim {

class MsCommitLimiter;

// Info, revisions, file listings, namespace listings (legacy and OpenAPI).
void register_ms_read_routes(httplib::Server& api, SimContext& ctx);
// File downloads (302 to `cdn` for LFS files), the CDN side of those, and harmless stubs.
void register_ms_download_routes(httplib::Server& api, httplib::Server& cdn, SimContext& ctx);
// Namespace listings (A's PUT /api/v1/models/, legacy dataset list, OpenAPI lists).
void register_ms_list_routes(httplib::Server& api, SimContext& ctx);
// Create, delete and settings of repos.
void register_ms_repo_routes(httplib::Server& api, SimContext& ctx);
// Blob batch and blob PUT, both on `api` (the upload hrefs name the API listener).
void register_ms_upload_routes(httplib::Server& api, SimContext& ctx);
// The commit route; `limiter` is the commit-frequency limit it shares with the deletes.
void register_ms_commit_route(httplib::Server& api, SimContext& ctx,
                              std::shared_ptr<MsCommitLimiter> limiter);
// Single-file deletes: `DELETE /api/v1/models/{o}/{n}/file?FilePath&Revision` and
// `DELETE /api/v1/datasets/{o}/{n}/repo?FilePath` (refused for API tokens by default).
void register_ms_delete_routes(httplib::Server& api, SimContext& ctx,
                               std::shared_ptr<MsCommitLimiter> limiter);
// Login, login info and OpenAPI users/me.
void register_ms_auth_routes(httplib::Server& api, SimContext& ctx);
// Tag creation on a model (ms_tag_route.cpp).
void register_ms_tag_route(httplib::Server& api, SimContext& ctx);

// True when `revision` is a branch of `meta`. Otherwise writes the hub's refusal (400 "You
// can only create or edit files when you are on a branch" for a tag or a commit id, 404 for
// an unknown name) and returns false.
[[nodiscard]] bool ms_check_branch(httplib::Response& res, const RepoMeta& meta,
                                   const std::string& revision);

// True when `who` may delete files with the credential it used: a web login session, or any
// credential when the limits allow token deletes. Otherwise writes the hub's 401 "the current
// token no longer supports deletion operations ..." and returns false.
[[nodiscard]] bool ms_may_delete(const SimContext& ctx, httplib::Response& res,
                                 const Identity& who);

// Records a commit to `repo` in `limiter`; when over the limit writes 429 "Commit frequency
// limit exceeded" with Retry-After (the SDK reports it as E1021) and returns false.
[[nodiscard]] bool ms_admit_commit(MsCommitLimiter& limiter, httplib::Response& res,
                                   const std::string& repo);

// The target named by regex groups `kind_group` ("models"/"datasets"), then owner, name.
[[nodiscard]] MsTarget ms_target_from_match(const httplib::Request& req, std::size_t kind_group);

}  // namespace hf2ms::hubsim
