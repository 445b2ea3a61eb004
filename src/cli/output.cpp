#include "cli/output.hpp"

#include "plan/plan_json.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace hf2ms::cli {

void add_view_flags(CLI::App& sub, ViewFlags& flags) {
  auto* json = sub.add_flag("--json", flags.json, "Print the plan as JSON (versioned format)");
  auto* md =
      sub.add_flag("--markdown", flags.markdown, "Print Markdown, for pull-request comments");
  json->excludes(md);
}

views::ViewOptions view_options(const ViewFlags& flags) {
  views::ViewOptions o;
  o.kind = flags.json       ? views::ViewKind::json
           : flags.markdown ? views::ViewKind::markdown
                            : views::ViewKind::human;
  const char* no_colour = std::getenv("NO_COLOR");  // https://no-color.org: set and non-empty
  const bool wants_colour = no_colour == nullptr || *no_colour == '\0';
  o.colour = wants_colour && ::isatty(STDOUT_FILENO) == 1 ? views::Colour::on : views::Colour::off;
  return o;
}

bool write_stdout(const std::string& text) {
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() &&
         std::fflush(stdout) == 0;
}

bool print_plan(const plan::Plan& plan, const views::ViewOptions& options) {
  if (options.kind != views::ViewKind::json) {
    return write_stdout(views::render_plan(plan, options));
  }
  bool ok = true;
  plan::write_json(plan, [&ok](std::string_view part) {
    ok = ok && std::fwrite(part.data(), 1, part.size(), stdout) == part.size();
  });
  return ok && std::fflush(stdout) == 0;
}

}  // namespace hf2ms::cli
