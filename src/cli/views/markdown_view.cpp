// The plan as GitHub-flavoured Markdown for pull-request comments: the summary, a table of
// mirrors, and a collapsible file table per changed mirror; a warning when a path holds
// characters a reader cannot see.
#include "cli/views/plan_view.hpp"
#include "cli/views/text_safety.hpp"

namespace hf2ms::cli::views::detail {

namespace {

// Text and code in table cells come from hubs and pull requests: escaped so that no path or
// reason can add HTML, a link, an image or a column (text_safety.hpp), and with invisible
// characters shown as markers.
std::string cell(const std::string& s) { return markdown_text(visible_text(s)); }

std::string code(const std::string& s) { return markdown_code(visible_text(s)); }

std::string what(const plan::MirrorPlan& m) {
  if (m.ref && (m.action == plan::MirrorAction::create || m.action == plan::MirrorAction::update ||
                m.action == plan::MirrorAction::keep)) {
    return cell(ref_action(m));
  }
  switch (m.action) {
    case plan::MirrorAction::create:
      return "create, " +
             manifest::to_string(m.create_visibility.value_or(manifest::Visibility::public_));
    case plan::MirrorAction::update:
      return "update";
    case plan::MirrorAction::keep:
      return "up to date, " + std::to_string(m.steps.size()) + " files";
    case plan::MirrorAction::skip:
      return "skipped: " + cell(m.reason);
    case plan::MirrorAction::error:
      return "**error**: " + cell(m.reason);
  }
  return "";
}

std::string mirror_table(const plan::Plan& plan) {
  std::string out = "| | target | action | source |\n|---|---|---|---|\n";
  for (const auto& m : plan.mirrors) {
    const std::string ref = m.ref ? " " + cell(ref_label(m)) : "";
    out += "| " + std::string(1, plan::symbol(m.action)) + " | " + code(m.target.to_string()) +
           " (" + manifest::to_string(m.target_type) + ")" + ref + " | " + what(m) + " | " +
           code(source_label(m)) + " |\n";
  }
  return out;
}

std::string file_table(const plan::MirrorPlan& m) {
  std::size_t changed = 0;
  std::string rows;
  for (const auto& s : m.steps) {
    if (s.action == plan::Action::keep) {
      continue;
    }
    ++changed;
    std::string size = s.action == plan::Action::remove ? "" : format_bytes(s.size);
    const std::string note = copy_note(s);
    rows += "| " + std::string(1, plan::symbol(s.action)) + " | " + code(s.path) + " | " + size +
            " | " + cell(s.reason) + (note.empty() ? "" : "; " + note) + " |\n";
  }
  const std::string ref = m.ref ? " " + html_text(visible_text(ref_label(m))) : "";
  return "<details><summary><code>" + html_text(visible_text(m.target.to_string())) + "</code>" +
         ref + ": " + std::to_string(changed) + " file changes</summary>\n\n" +
         "| | path | size | reason |\n|---|---|---:|---|\n" + rows + "\n</details>\n";
}

}  // namespace

std::string render_markdown(const plan::Plan& plan) {
  // The headline only where the summary line alone could mislead: failed mirrors, or none.
  const bool say = plan.mirrors.empty() || plan.totals.mirrors_failed > 0;
  std::string out = "### hf2ms plan\n\n" + (say ? render_headline(plan) + "\n\n" : "") + "**" +
                    render_summary(plan) + "**\n\n";
  if (plan.mirrors.empty()) {
    return out;
  }
  out += mirror_table(plan);
  for (const auto& m : plan.mirrors) {
    if (m.action == plan::MirrorAction::create || m.action == plan::MirrorAction::update) {
      out += "\n" + file_table(m);
    }
  }
  if (const std::string warning = hidden_paths_warning(plan); !warning.empty()) {
    out += "\n> **" + markdown_text(warning) + "**\n";
  }
  return out;
}

}  // namespace hf2ms::cli::views::detail
