// ModelScope side of hf2ms-hubsim: registers the ModelScope API routes on `api` (the
// --ms-listen server) and its object-store routes on `cdn` (the --cdn-listen server). The CDN
// side only serves the 302 targets of LFS downloads; blob uploads go to `api`.
#pragma once

#include "hubsim/sim_context.hpp"

namespace httplib {
class Server;
}  // namespace httplib

namespace hf2ms::hubsim {

void register_ms_routes(httplib::Server& api, httplib::Server& cdn, SimContext& ctx);

}  // namespace hf2ms::hubsim
