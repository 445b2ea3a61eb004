// Rendering a Plan for people and machines (STYLE.md §9, Terraform's command/views): the
// human form of DESIGN.md §3, a Markdown form for pull-request comments, and the plan JSON.
// Views only turn data into text; the caller decides where it goes and whether colour is on
// (TTY and NO_COLOR are the CLI's business, so these functions stay pure and testable).
#pragma once

#include "plan/plan.hpp"

#include <cstdint>
#include <string>

namespace hf2ms::cli::views {

enum class ViewKind { human, markdown, json };
enum class Colour { off, on };

struct ViewOptions {
  ViewKind kind = ViewKind::human;
  Colour colour = Colour::off;  // human view only: ANSI colours on the action symbols
};

// The whole rendering, ending with a newline. The json kind is plan::to_json(plan); the human
// and Markdown kinds end with an "Endpoints: hf URL, ms URL" line.
[[nodiscard]] std::string render_plan(const plan::Plan& plan, const ViewOptions& options);

// "Plan: 1 to create, 1 to update, 1 unchanged, 1 skipped. 3 files (1.4 GB) to copy, 1 to
// delete." (", N failed" follows "skipped" when mirrors failed.) No newline.
[[nodiscard]] std::string render_summary(const plan::Plan& plan);

// The first line of the human and Markdown views, saying what the plan amounts to and never
// "no changes" alone when mirrors failed: "hf2ms will perform the following actions:",
// "No changes: nothing to copy or delete.", "No plan: all 3 mirrors failed (see the errors
// below).", ... No newline.
[[nodiscard]] std::string render_headline(const plan::Plan& plan);

// Decimal units with one decimal above 1000 bytes: "659 B", "988.1 MB", "12.4 GB".
[[nodiscard]] std::string format_bytes(std::uint64_t bytes);

namespace detail {
[[nodiscard]] std::string render_human(const plan::Plan& plan, Colour colour);
[[nodiscard]] std::string render_markdown(const plan::Plan& plan);
// "hf:Qwen/Qwen2.5-0.5B-Instruct@7ae5573": the source with its short pinned commit, or
// the revision when no commit is known.
[[nodiscard]] std::string source_label(const plan::MirrorPlan& m);
// A ref plan's ref as shown: "tag v1.0", "branch dev", "main back after tag v1.0".
[[nodiscard]] std::string ref_label(const plan::MirrorPlan& m);
// What a ref plan does, in words: "create (commit, then tag)", "retag", "up to date", ...
[[nodiscard]] std::string ref_action(const plan::MirrorPlan& m);
// How a changed file travels when that is not the usual download and upload: "copy
// (server-side)" for a step apply copies with lfs-files/duplicate; "" otherwise.
[[nodiscard]] std::string copy_note(const plan::Step& s);
}  // namespace detail

}  // namespace hf2ms::cli::views
