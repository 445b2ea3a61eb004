// The human plan of DESIGN.md §3: one line per mirror, one per changed file, then the summary.
#include "cli/views/plan_view.hpp"

#include <algorithm>

namespace hf2ms::cli::views::detail {

namespace {

constexpr std::size_t k_min_path_width = 24;
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

std::string mirror_line(const plan::MirrorPlan& m, Colour colour) {
  std::string head = "  " + paint(plan::symbol(m.action), colour) + " " + m.target.to_string();
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
      return head + "  skipped: " + m.reason;
    case plan::MirrorAction::error:
      return head + "  error: " + m.reason;
  }
  return head;
}

// Changed files; in a created repo every file is "missing on target", so no reason is shown,
// except for a transformed file, whose reason says what the transformation changes.
std::string step_lines(const plan::MirrorPlan& m, Colour colour) {
  std::size_t width = k_min_path_width;
  for (const auto& s : m.steps) {
    width = std::max(width, s.path.size() + 2);
  }
  std::string out;
  for (const auto& s : m.steps) {
    if (s.action == plan::Action::keep) {
      continue;
    }
    std::string size = s.action == plan::Action::remove ? "" : format_bytes(s.size);
    std::string line = "      " + paint(plan::symbol(s.action), colour) + " " +
                       pad_right(s.path, width) + pad_left(size, k_size_width);
    if (m.action != plan::MirrorAction::create || s.transform) {
      line += "   " + s.reason;
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
  return out + (plan.mirrors.empty() ? "" : "\n") + render_summary(plan) + "\n";
}

}  // namespace hf2ms::cli::views::detail
