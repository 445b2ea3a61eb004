// text_safety: what the plan views do to text that came from a hub or a pull request (paths,
// reasons, repo ids) before a person reads it. A path is the hub's answer and is untrusted:
// terminal control sequences, bidi controls (U+202E turns "txt.exe" into "exe.txt") and
// zero-width characters could make a plan look like something it is not. Pure functions.
#pragma once

#include "plan/plan.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace hf2ms::cli::views {

// `text` with every character a reader cannot see shown as a visible marker: C0/C1 controls
// and DEL, bidi controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) and zero-width
// or invisible characters (U+180E, U+200B-U+200D, U+2060-U+2064, U+FEFF) become "<U+202E>";
// a byte that is not UTF-8 becomes "<0xFF>". Everything else is kept as it is.
[[nodiscard]] std::string visible_text(std::string_view text);

// True when visible_text(text) != text.
[[nodiscard]] bool has_hidden_characters(std::string_view text);

// How many step paths of `plan` have hidden characters.
[[nodiscard]] std::size_t count_hidden_paths(const plan::Plan& plan);

// "Warning: 1 path contains control, bidi or zero-width characters; they are shown as <U+....>
// markers." when count_hidden_paths > 0; "" otherwise. No newline. This is a view warning,
// not a plan diagnostic: such names are legal on both hubs and the plan copies them exactly
// (the JSON view keeps the bytes); the danger is only in how they display.
[[nodiscard]] std::string hidden_paths_warning(const plan::Plan& plan);

// Markdown (GitHub-flavoured, inside a table cell): text with HTML (<, >, &, ") as entities,
// the characters that start Markdown constructs backslash-escaped (\ ` * _ [ ] ~ ! |), and
// newlines as spaces, so a reason or path cannot inject a link, an image, HTML or a column.
[[nodiscard]] std::string markdown_text(std::string_view text);

// A Markdown code span of `text` whose backtick fence is longer than any backtick run in it
// (padded with spaces when the text starts or ends with a backtick or a space), with '|'
// escaped for the table and newlines as spaces.
[[nodiscard]] std::string markdown_code(std::string_view text);

// Text for raw HTML (<summary><code>...</code>): <, >, &, " and ' as entities.
[[nodiscard]] std::string html_text(std::string_view text);

}  // namespace hf2ms::cli::views
