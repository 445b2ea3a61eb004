// The ModelScope commit history route (ms_commits_route.cpp), registered by ms_api.cpp.
#pragma once

#include "hubsim/sim_context.hpp"

namespace httplib {
class Server;
}  // namespace httplib

namespace hf2ms::hubsim {

// GET /api/v1/{models|datasets}/{o}/{n}/commits?Ref=&PageNumber=&PageSize= (§5.4).
void register_ms_commits_route(httplib::Server& api, SimContext& ctx);

}  // namespace hf2ms::hubsim
