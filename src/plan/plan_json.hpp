// Reading and writing the plan file (DESIGN.md §4): versioned, deterministic JSON. The same
// Plan always gives byte-identical text (keys sorted, mirrors and steps in plan order, two-space
// indentation, final newline). Reading is strict: an unknown `format_version`, an unknown or
// missing key, a wrong type or totals that do not match the mirrors are reported, all at
// once, as Diagnostics naming the JSON path. Pure: text in, text out. docs/plan-format.md
// describes the format; schemas/plan.schema.json must accept everything `to_json` writes.
#pragma once

#include "plan/plan.hpp"
#include "util/diagnostics.hpp"
#include "util/expected.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace hf2ms::plan {

// The plan as JSON text. Never fails: every string in a Plan is UTF-8 (listings come from
// JSON; the planner embeds only valid UTF-8); invalid bytes would be replaced by U+FFFD.
[[nodiscard]] std::string to_json(const Plan& plan);

// The same text handed to `sink` in pieces of about 64 KiB, in order, so it can go to a file
// or stdout without the whole plan ever being one string in memory.
using JsonSink = std::function<void(std::string_view)>;
void write_json(const Plan& plan, const JsonSink& sink);

// Parses `text`, naming it `display_name` in diagnostics ("plan.json:1:7: error: ...").
// Returns the plan, or every problem found. Warnings are never produced.
[[nodiscard]] Expected<Plan, Diagnostics> from_json(std::string_view text,
                                                    std::string_view display_name);

}  // namespace hf2ms::plan
