// Where command results go and how they look (STYLE.md §9, DESIGN.md §3 conventions): the
// plan view chosen by --json / --markdown, colour only when stdout is a terminal and NO_COLOR
// is unset or empty. Shared by `plan` and `show`.
#pragma once

#include "cli/views/plan_view.hpp"

#include <string>

namespace CLI {
class App;
}

namespace hf2ms::cli {

struct ViewFlags {
  bool json = false;
  bool markdown = false;
};

// Adds --json and --markdown (mutually exclusive) to `sub`.
void add_view_flags(CLI::App& sub, ViewFlags& flags);

// The view for `flags`, with colour decided from stdout and NO_COLOR.
[[nodiscard]] views::ViewOptions view_options(const ViewFlags& flags);

// Writes `text` to stdout; false when it could not be written whole.
[[nodiscard]] bool write_stdout(const std::string& text);

// Writes the plan in the chosen view to stdout; the JSON view is streamed in pieces
// (plan::write_json), so a huge plan is never one string in memory. False on a write error.
[[nodiscard]] bool print_plan(const plan::Plan& plan, const views::ViewOptions& options);

}  // namespace hf2ms::cli
