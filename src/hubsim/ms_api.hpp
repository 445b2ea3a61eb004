// ModelScope side of hf2ms-hubsim: registers the ModelScope API routes on `api` (the
// --ms-listen server) and its object-store routes on `cdn` (the --cdn-listen server). The CDN
// side only serves the 302 targets of LFS downloads; blob uploads go to `api` (on the `lfs.`
// sibling host name when the simulator is addressed by names, ms_limits.hpp).
#pragma once

#include "hubsim/sim_context.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace hf2ms::hubsim {

void register_ms_routes(httplib::Server& api, httplib::Server& cdn, SimContext& ctx);

// Rewrites a finished ModelScope answer into the envelope variant `ctx.options.ms_limits` selects:
// with MsSuccessEnvelope::without_code, a 2xx legacy JSON answer loses its `Code` key. The
// simulator calls it from the ModelScope listener's post-routing handler.
void adjust_ms_answer(const SimContext& ctx, const httplib::Request& req, httplib::Response& res);

}  // namespace hf2ms::hubsim
