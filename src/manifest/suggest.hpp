// "Did you mean ...?" for misspelt keys and enum values: the closest candidate by edit
// distance, when it is close enough to be a plausible typo. Pure.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hf2ms::manifest {

// Levenshtein distance between `a` and `b` (bytes), with insert/delete/substitute cost 1
// plus adjacent transposition cost 1 (so "pruen" is one step from "prune").
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when its distance is at most max(1, len(word) / 3)
// (ties: the earliest candidate). Case differences count as edits except that a candidate
// equal to `word` ignoring case is always returned. nullopt when nothing is close.
[[nodiscard]] std::optional<std::string> suggest(std::string_view word,
                                                 std::span<const std::string_view> candidates);

// "a, b, c": the candidates joined for hints.
[[nodiscard]] std::string join(std::span<const std::string_view> items);

}  // namespace hf2ms::manifest
