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

std::optional<std::string> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) {
    return std::nullopt;
  }
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::size_t pad = last ? (text[i + 3] == '=' ? (text[i + 2] == '=' ? 2 : 1) : 0) : 0;
    std::uint32_t n = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int v = k >= 4 - pad ? 0 : value(text[i + k]);
      if (v < 0) {
        return std::nullopt;
      }
      n = n << 6U | static_cast<std::uint32_t>(v);
    }
    out += static_cast<char>((n >> 16U) & 255U);
    if (pad < 2) {
      out += static_cast<char>((n >> 8U) & 255U);
    }
    if (pad < 1) {
      out += static_cast<char>(n & 255U);
    }
  }
  if (encode_base64(out) != text) {
    return std::nullopt;  // non-canonical trailing bits
  }
  return out;
}

}  // namespace hf2ms::hub
