// Standard base64 (RFC 4648, with padding), which both hubs use for file content inlined in a
// commit and HF uses for the preupload sample. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace hf2ms::hub {

[[nodiscard]] std::string encode_base64(std::string_view bytes);

}  // namespace hf2ms::hub
