// Hugging Face side of hf2ms-hubsim: registers the Hub API routes on `api` (the --listen
// server) and the LFS object-store routes (downloads, basic and multipart uploads) under
// /hf-lfs/ on `cdn` (the --cdn-listen server). Implemented across hf_*.cpp.
#pragma once

#include "hubsim/sim_context.hpp"

namespace httplib {
class Server;
}  // namespace httplib

namespace hf2ms::hubsim {

void register_hf_routes(httplib::Server& api, httplib::Server& cdn, SimContext& ctx);

}  // namespace hf2ms::hubsim
