#include "hubsim/ms_api.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {

void register_ms_routes(httplib::Server& /*api*/, httplib::Server& /*cdn*/, SimContext& /*ctx*/) {}

}  // namespace hf2ms::hubsim
