#include "http/content_range.hpp"

#include <charconv>

namespace hf2ms::http {
namespace {

// Digits up to `stop` (or the end); advances `text` past them. nullopt unless at least one
// digit and nothing else before `stop`.
std::optional<std::uint64_t> take_number(std::string_view& text, char stop) {
  const std::size_t end = stop == '\0' ? text.size() : text.find(stop);
  if (end == std::string_view::npos || end == 0) {
    return std::nullopt;
  }
  const std::string_view digits = text.substr(0, end);
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) {
    return std::nullopt;
  }
  text.remove_prefix(stop == '\0' ? end : end + 1);
  return value;
}

}  // namespace

std::optional<ContentRange> parse_content_range(std::string_view value) {
  constexpr std::string_view k_unit = "bytes ";
  if (!value.starts_with(k_unit)) {
    return std::nullopt;
  }
  value.remove_prefix(k_unit.size());
  ContentRange range;
  const auto first = take_number(value, '-');
  const auto last = first ? take_number(value, '/') : std::nullopt;
  if (!last || *first > *last) {
    return std::nullopt;
  }
  range.first = *first;
  range.last = *last;
  if (value == "*") {
    return range;
  }
  range.total = take_number(value, '\0');
  if (!range.total || !value.empty() || range.last >= *range.total) {
    return std::nullopt;
  }
  return range;
}

}  // namespace hf2ms::http
