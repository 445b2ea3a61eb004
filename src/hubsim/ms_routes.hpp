// Registration functions of the ModelScope route groups; ms_api.cpp calls each of them.
// Every handler answers with the legacy `/api/v1` envelope (or the `/openapi/v1` one on that
// prefix), errors included. Route patterns are httplib regexes over the decoded path.
#pragma once

#include "hubsim/ms_access.hpp"
#include "hubsim/sim_context.hpp"

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
// The commit route, with the commit-frequency limiter it owns.
void register_ms_commit_route(httplib::Server& api, SimContext& ctx);
// Login, login info and OpenAPI users/me.
void register_ms_auth_routes(httplib::Server& api, SimContext& ctx);

// The target named by regex groups `kind_group` ("models"/"datasets"), then owner, name.
[[nodiscard]] MsTarget ms_target_from_match(const httplib::Request& req, std::size_t kind_group);

}  // namespace hf2ms::hubsim
