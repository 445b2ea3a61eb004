#include "hub/base64.hpp"

#include <array>
#include <cstdint>

namespace hf2ms::hub {

std::string encode_base64(std::string_view bytes) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t n = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16U |
                            std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8U |
                            std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    for (unsigned shift : {18U, 12U, 6U, 0U}) {
      out += k_alphabet[(n >> shift) & 63U];
    }
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16U;
    if (rest == 2) {
      n |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8U;
    }
    out += k_alphabet[(n >> 18U) & 63U];
    out += k_alphabet[(n >> 12U) & 63U];
    out += rest == 2 ? k_alphabet[(n >> 6U) & 63U] : '=';
    out += '=';
  }
  return out;
}

}  // namespace hf2ms::hub
