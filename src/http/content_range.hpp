// content_range: the `Content-Range` field of a 206 answer (RFC 9110 §14.4), parsed strictly.
// Downloads use it to prove that a partial answer holds the bytes they asked for before any
// of them is used (real-hub-limits.md HF §4: a CDN may answer otherwise). Pure; no curl.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hf2ms::http {

// "bytes first-last/total"; `total` is nullopt for "*".
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::optional<std::uint64_t> total;
  bool operator==(const ContentRange&) const = default;
};

// nullopt for anything but one satisfied byte range with first <= last (< total when given):
// another unit, "bytes */N" (an unsatisfied range), signs, spaces inside numbers, overflow.
[[nodiscard]] std::optional<ContentRange> parse_content_range(std::string_view value);

}  // namespace hf2ms::http
