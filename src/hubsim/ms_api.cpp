#include "hubsim/ms_api.hpp"

#include "hubsim/ms_commits_route.hpp"
#include "hubsim/ms_routes.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {

void register_ms_routes(httplib::Server& api, httplib::Server& cdn, SimContext& ctx) {
  register_ms_auth_routes(api, ctx);
  register_ms_read_routes(api, ctx);
  register_ms_list_routes(api, ctx);
  register_ms_download_routes(api, cdn, ctx);
  register_ms_repo_routes(api, ctx);
  register_ms_upload_routes(api, ctx);
  register_ms_commit_route(api, ctx);
  register_ms_commits_route(api, ctx);
}

}  // namespace hf2ms::hubsim
