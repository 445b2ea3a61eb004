// The human plan of DESIGN.md §3: one line per mirror, one per changed file, then the summary.
#include "cli/views/plan_view.hpp"
#include "cli/views/text_safety.hpp"

#include <algorithm>

namespace hf2ms::cli::views::detail {

namespace {

constexpr std::size_t k_min_path_width = 24;
// Paths longer than this are not padded: one 100 000-character path (a hub's answer) must not
// pad every other line of the plan to its length.
constexpr std::size_t k_max_path_width = 120;
constexpr std::size_t k_size_width = 9;

const char* ansi_for(char symbol) {
  switch (symbol) {
    case '+':
      return "\x1b[32m";  // green
    case '~':
    case '!':
      return "\x1b[33m";  // yellow
    case '-':
    case 'x':
      return "\x1b[31m";  // red
    default:
      return nullptr;
  }
}

std::string paint(char symbol, Colour colour) {
  const char* code = colour == Colour::on ? ansi_for(symbol) : nullptr;
  return code == nullptr ? std::string(1, symbol) : code + std::string(1, symbol) + "\x1b[0m";
}

std::string pad_right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

// A ref plan's own line, under its mirror's: "    + tag v1.0  create (...)   from hf:a/b@1234567".
std::string ref_line(const plan::MirrorPlan& m, Colour colour) {
  std::string head =
      "    " + paint(plan::symbol(m.action), colour) + " " + visible_text(ref_label(m)) + "  ";
  switch (m.action) {
    case plan::MirrorAction::skip:
      return head + "skipped: " + visible_text(m.reason);
    case plan::MirrorAction::error:
      return head + "error: " + visible_text(m.reason);
    default:
      return head + ref_action(m) + "   from " + source_label(m);
  }
}

std::string mirror_line(const plan::MirrorPlan& m, Colour colour) {
  if (m.ref) {
    return ref_line(m, colour);
  }
  std::string head =
      "  " + paint(plan::symbol(m.action), colour) + " " + visible_text(m.target.to_string());
  std::string typed = head + " (" + manifest::to_string(m.target_type) + ")  ";
  switch (m.action) {
    case plan::MirrorAction::create:
      return typed + "create, " +
             manifest::to_string(m.create_visibility.value_or(manifest::Visibility::public_)) +
             "   from " + source_label(m);
    case plan::MirrorAction::update:
      return typed + "update   from " + source_label(m);
    case plan::MirrorAction::keep: {
      std::uint64_t bytes = 0;
      for (const auto& s : m.steps) {
        bytes += s.size;
      }
      return typed + "up to date, " + std::to_string(m.steps.size()) + " files, " +
             format_bytes(bytes);
    }
    case plan::MirrorAction::skip:
      return head + "  skipped: " + visible_text(m.reason);
    case plan::MirrorAction::error:
      return head + "  error: " + visible_text(m.reason);
  }
  return head;
}

// Changed files; in a created repo every file is "missing on target", so no reason is shown,
// except for a transformed file, whose reason says what the transformation changes.
std::string step_lines(const plan::MirrorPlan& m, Colour colour) {
  // Paths are the hub's answer: terminal escapes and bidi or zero-width characters are shown
  // as markers (text_safety.hpp), never written to the terminal as they are.
  std::size_t width = k_min_path_width;
  for (const auto& s : m.steps) {
    width = std::max(width, visible_text(s.path).size() + 2);
  }
  width = std::min(width, k_max_path_width);
  std::string out;
  for (const auto& s : m.steps) {
    if (s.action == plan::Action::keep) {
      continue;
    }
    std::string size = s.action == plan::Action::remove ? "" : format_bytes(s.size);
    std::string line = "      " + paint(plan::symbol(s.action), colour) + " " +
                       pad_right(visible_text(s.path), width) + pad_left(size, k_size_width);
    if (m.action != plan::MirrorAction::create || s.transform) {
      line += "   " + visible_text(s.reason);
    }
    if (const std::string note = copy_note(s); !note.empty()) {
      line += "   " + note;
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string render_human(const plan::Plan& plan, Colour colour) {
  std::string out = render_headline(plan) + "\n";
  if (!plan.mirrors.empty()) {
    out += "\n";
  }
  for (const auto& m : plan.mirrors) {
    out += mirror_line(m, colour) + "\n";
    if (m.action == plan::MirrorAction::create || m.action == plan::MirrorAction::update) {
      out += step_lines(m, colour);
    }
  }
  out += (plan.mirrors.empty() ? "" : "\n") + render_summary(plan) + "\n";
  if (const std::string warning = hidden_paths_warning(plan); !warning.empty()) {
    out += "\n" + warning + "\n";
  }
  return out;
}

}  // namespace hf2ms::cli::views::detail
