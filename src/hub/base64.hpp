// Standard base64 (RFC 4648, with padding), which both hubs use for file content inlined in a
// commit and HF uses for the preupload sample. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hf2ms::hub {

[[nodiscard]] std::string encode_base64(std::string_view bytes);

// Strict inverse of encode_base64 (padding required, no whitespace); nullopt when `text` is
// not exactly what encode_base64 writes for some bytes.
[[nodiscard]] std::optional<std::string> decode_base64(std::string_view text);

}  // namespace hf2ms::hub
