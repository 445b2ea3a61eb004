#include "cli/views/plan_view.hpp"

#include "plan/plan_json.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace hf2ms::cli::views {

namespace {

// Which hubs the plan talked to: a reviewer sees where the tokens went (docs/security.md).
std::string endpoints_line(const plan::Plan& plan, ViewKind kind) {
  const auto show = [kind](const std::string& url) {
    return kind == ViewKind::markdown ? "`" + url + "`" : url;
  };
  return "Endpoints: hf " + show(plan.endpoints.hf) + ", ms " + show(plan.endpoints.ms) + "\n";
}

}  // namespace

std::string render_plan(const plan::Plan& plan, const ViewOptions& options) {
  switch (options.kind) {
    case ViewKind::human:
      return detail::render_human(plan, options.colour) + endpoints_line(plan, options.kind);
    case ViewKind::markdown:
      return detail::render_markdown(plan) + "\n" + endpoints_line(plan, options.kind);
    case ViewKind::json:
      return plan::to_json(plan);
  }
  return plan::to_json(plan);
}

std::string render_summary(const plan::Plan& plan) {
  const plan::Totals& t = plan.totals;
  std::string out = "Plan: " + std::to_string(t.mirrors_to_create) + " to create, " +
                    std::to_string(t.mirrors_to_update) + " to update, " +
                    std::to_string(t.mirrors_unchanged) + " unchanged, " +
                    std::to_string(t.mirrors_skipped) + " skipped";
  if (t.mirrors_failed > 0) {
    out += ", " + std::to_string(t.mirrors_failed) + " failed";
  }
  return out + ". " + std::to_string(t.files_to_copy) + " files (" + format_bytes(t.bytes_to_copy) +
         ") to copy, " + std::to_string(t.files_to_delete) + " to delete.";
}

std::string render_headline(const plan::Plan& plan) {
  const std::uint64_t failed = plan.totals.mirrors_failed;
  const std::string mirrors = failed == 1 ? "1 mirror" : std::to_string(failed) + " mirrors";
  if (plan.mirrors.empty()) {
    return "No mirrors selected.";
  }
  if (failed > 0 && failed == plan.mirrors.size()) {
    return failed == 1 ? "No plan: the mirror failed (see the error below)."
                       : "No plan: all " + mirrors + " failed (see the errors below).";
  }
  if (plan::has_changes(plan)) {
    return failed == 0 ? "hf2ms will perform the following actions:"
                       : "hf2ms would perform the following actions, but " + mirrors +
                             " failed (see below); nothing can be applied until " +
                             (failed == 1 ? "it is" : "they are") + " fixed:";
  }
  return failed == 0 ? "No changes: nothing to copy or delete."
                     : "No changes in the mirrors that could be planned, but " + mirrors +
                           " failed (see below).";
}

std::string format_bytes(std::uint64_t bytes) {
  if (bytes < 1000) {
    return std::to_string(bytes) + " B";
  }
  constexpr std::array<const char*, 6> k_units{"kB", "MB", "GB", "TB", "PB", "EB"};
  auto value = static_cast<double>(bytes) / 1000.0;
  std::size_t unit = 0;
  // Promote at 999.95 so rounding never prints "1000.0 kB".
  while (value >= 999.95 && unit + 1 < k_units.size()) {
    value /= 1000.0;
    ++unit;
  }
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.1f %s", value, k_units[unit]);
  return buf.data();
}

namespace detail {

std::string source_label(const plan::MirrorPlan& m) {
  std::string at = m.source_commit.empty() ? m.source_revision : m.source_commit.substr(0, 7);
  return m.source.to_string() + (at.empty() ? "" : "@" + at);
}

std::string ref_label(const plan::MirrorPlan& m) {
  if (!m.ref) {
    return "";
  }
  std::string ref = std::string(plan::to_string(m.ref->kind)) + " " + m.ref->name;
  return m.ref->op == plan::RefOp::restore ? m.target_branch + " back after " + ref : ref;
}

std::string ref_action(const plan::MirrorPlan& m) {
  const bool tag = m.ref && m.ref->kind == plan::RefKind::tag;
  const bool files = std::any_of(m.steps.begin(), m.steps.end(), [](const plan::Step& s) {
    return s.action != plan::Action::keep;
  });
  switch (m.ref ? m.ref->op : plan::RefOp::keep) {
    case plan::RefOp::keep:
      return "up to date";
    case plan::RefOp::create:
      if (!tag) {
        return "create from " + m.ref->start_point.value_or("").substr(0, 7) + ", then update";
      }
      return files ? "create (commit to " + m.target_branch + ", then tag)"
                   : "create (tag " + m.target_branch + ")";
    case plan::RefOp::replace:
      return "retag (the source tag moved; retag = true)";
    case plan::RefOp::update:
      return "update";
    case plan::RefOp::restore:
      return "restore";
  }
  return "";
}

std::string copy_note(const plan::Step& s) {
  const bool copies = s.action == plan::Action::create || s.action == plan::Action::update;
  return copies && s.source_xet_hash ? "copy (server-side)" : "";
}

}  // namespace detail

}  // namespace hf2ms::cli::views
