#include "manifest/size.hpp"

#include "util/text.hpp"

#include <array>
#include <cctype>
#include <limits>
#include <numeric>
#include <optional>
#include <string>

namespace hf2ms::manifest {
namespace {

constexpr const char* k_size_hint = R"(write a size such as "50GB", "512MiB" or a number of bytes)";

struct Unit {
  std::string_view name;
  std::uint64_t factor;
};

constexpr std::uint64_t k_kb = 1000, k_kib = 1024;
constexpr std::uint64_t k_max_fraction_scale = 1000;  // at most 3 decimals
constexpr std::array k_units{
    Unit{"b", 1},
    Unit{"kb", k_kb},
    Unit{"mb", k_kb* k_kb},
    Unit{"gb", k_kb* k_kb* k_kb},
    Unit{"tb", k_kb* k_kb* k_kb* k_kb},
    Unit{"pb", k_kb* k_kb* k_kb* k_kb* k_kb},
    Unit{"kib", k_kib},
    Unit{"mib", k_kib* k_kib},
    Unit{"gib", k_kib* k_kib* k_kib},
    Unit{"tib", k_kib* k_kib* k_kib* k_kib},
    Unit{"pib", k_kib* k_kib* k_kib* k_kib* k_kib},
};

std::optional<std::uint64_t> unit_factor(std::string_view text) {
  const std::string lower = to_lower_ascii(text);
  for (const Unit& u : k_units) {
    if (u.name == lower) {
      return u.factor;
    }
  }
  return std::nullopt;
}

// Appends a run of digits to `value`, multiplying `scale` (when given) by 10 per digit; sets
// `overflow` instead of wrapping. Returns the number of digits read.
std::size_t read_digits(std::string_view text, std::size_t pos, std::uint64_t& value,
                        std::uint64_t* scale, bool& overflow) {
  constexpr std::uint64_t k_max = std::numeric_limits<std::uint64_t>::max();
  std::size_t n = 0;
  for (; pos + n < text.size() && std::isdigit(static_cast<unsigned char>(text[pos + n])); ++n) {
    auto digit = static_cast<std::uint64_t>(text[pos + n] - '0');
    if (value > (k_max - digit) / 10 || (scale != nullptr && *scale > k_max / 10)) {
      overflow = true;
      return n;
    }
    value = value * 10 + digit;
    if (scale != nullptr) {
      *scale *= 10;
    }
  }
  return n;
}

// mantissa * factor / scale without overflow: scale <= 1000 keeps (r * f) below 2^60.
std::optional<std::uint64_t> scale_bytes(std::uint64_t mantissa, std::uint64_t factor,
                                         std::uint64_t scale) {
  std::uint64_t g = std::gcd(factor, scale);
  std::uint64_t f = factor / g, s = scale / g;
  std::uint64_t whole = 0, total = 0;
  if (__builtin_mul_overflow(mantissa / s, f, &whole) ||
      __builtin_add_overflow(whole, (mantissa % s) * f / s, &total)) {
    return std::nullopt;
  }
  return total;
}

Problem garbage() { return {"not a size", k_size_hint}; }
Problem too_large() { return {"larger than 2^64-1 bytes", k_size_hint}; }

}  // namespace

Expected<std::uint64_t, Problem> parse_byte_size(std::string_view text) {
  std::uint64_t mantissa = 0, scale = 1;
  bool overflow = false;
  std::size_t pos = read_digits(text, 0, mantissa, nullptr, overflow);
  if (pos == 0 && !overflow) {
    return unexpected(garbage());
  }
  if (!overflow && pos < text.size() && text[pos] == '.') {
    std::size_t frac = read_digits(text, pos + 1, mantissa, &scale, overflow);
    if (frac == 0 && !overflow) {
      return unexpected(garbage());
    }
    pos += 1 + frac;
  }
  if (overflow) {
    return unexpected(too_large());
  }
  std::string_view rest = text.substr(pos);
  if (!rest.empty() && rest.front() == ' ') {
    rest.remove_prefix(1);
  }
  std::optional<std::uint64_t> factor =
      rest.empty() ? std::optional<std::uint64_t>(1) : unit_factor(rest);
  if (!factor) {
    return unexpected(Problem{"unknown unit '" + std::string(rest) + "'",
                              "use B, kB, MB, GB, TB, PB (powers of 1000) or KiB, MiB, GiB, "
                              "TiB, PiB (powers of 1024)"});
  }
  if (scale > k_max_fraction_scale) {
    return unexpected(Problem{"more than 3 decimals", k_size_hint});
  }
  std::optional<std::uint64_t> bytes = scale_bytes(mantissa, *factor, scale);
  if (!bytes) {
    return unexpected(too_large());
  }
  if (*bytes == 0) {
    return unexpected(Problem{"must be at least 1 byte", k_size_hint});
  }
  return *bytes;
}

Expected<std::uint64_t, Problem> byte_size_from_integer(std::int64_t bytes) {
  if (bytes <= 0) {
    return unexpected(Problem{"must be at least 1 byte", k_size_hint});
  }
  return static_cast<std::uint64_t>(bytes);
}

}  // namespace hf2ms::manifest
