// Small ASCII text helpers shared by every layer: protocol tokens, header names, units and
// hex digits are ASCII, so these never depend on the C locale.
#pragma once

#include <string>
#include <string_view>

namespace hf2ms {

// `text` with A–Z mapped to a–z; other bytes unchanged.
[[nodiscard]] std::string to_lower_ascii(std::string_view text);

// True when `a` and `b` are equal ignoring ASCII case.
[[nodiscard]] bool iequals_ascii(std::string_view a, std::string_view b);

// The value of one hex digit (0–15, either case), or -1 when `c` is not one.
[[nodiscard]] int hex_digit_value(char c);

}  // namespace hf2ms
