#include "planner/guards.hpp"

#include "manifest/repo_id.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace hf2ms::planner::detail {
namespace {

using TargetKey = std::tuple<manifest::Hub, std::string, std::string, manifest::RepoType>;

TargetKey key_of(const plan::MirrorPlan& p) {
  return {p.target.hub, to_lower_ascii(p.target.ns), to_lower_ascii(p.target.name), p.target_type};
}

bool writes(const plan::MirrorPlan& p) {
  return p.action != plan::MirrorAction::skip && p.action != plan::MirrorAction::error;
}

void refuse(plan::MirrorPlan& p, const manifest::Manifest& manifest, const std::string& why,
            const std::string& hint, Diagnostics& diags) {
  std::optional<SourceLocation> at;
  if (p.mirror_index < manifest.mirrors.size() &&
      !manifest.mirrors[p.mirror_index].location.file.empty()) {
    at = manifest.mirrors[p.mirror_index].location;
  }
  diags.error("mirror " + p.target.to_string() + ": " + why, hint, at);
  p.action = plan::MirrorAction::error;
  p.reason = why;
  p.create_visibility.reset();
  p.steps.clear();
}

// A hub-provided name, quoted only when it is short printable ASCII (it reaches terminals and
// pull-request comments).
std::string shown(const std::string& name) {
  const bool plain = name.size() <= 100 && std::all_of(name.begin(), name.end(), [](char c) {
                       return c >= 0x20 && c < 0x7f;
                     });
  return plain ? "'" + name + "'" : "(not printable)";
}

std::uint64_t removals(const plan::MirrorPlan& p) {
  std::uint64_t n = 0;
  for (const plan::Step& s : p.steps) {
    n += s.action == plan::Action::remove ? 1 : 0;
  }
  return n;
}

}  // namespace

void refuse_shared_targets(const manifest::Manifest& manifest, PlanResult& result) {
  std::map<TargetKey, std::vector<std::size_t>> by_target;
  auto& mirrors = result.plan.mirrors;
  for (std::size_t i = 0; i < mirrors.size(); ++i) {
    if (writes(mirrors[i]) && !mirrors[i].ref) {  // a mirror's ref plans share its target
      by_target[key_of(mirrors[i])].push_back(i);
    }
  }
  for (const auto& [key, indexes] : by_target) {
    if (indexes.size() < 2) {
      continue;
    }
    std::string lines;
    for (std::size_t i : indexes) {
      lines += (lines.empty() ? "" : ", ") + std::to_string(mirrors[i].mirror_index + 1);
    }
    for (std::size_t i : indexes) {
      refuse(mirrors[i], manifest,
             "written by " + std::to_string(indexes.size()) + " mirrors (numbers " + lines +
                 " in file order) after expanding '*'",
             "a target repo can have only one source; narrow a mirror with --exclude or change "
             "its target namespace",
             result.diagnostics);
    }
  }
}

void refuse_excess_deletions(const manifest::Manifest& manifest, PlanResult& result) {
  std::uint64_t total = 0;
  for (const plan::MirrorPlan& p : result.plan.mirrors) {
    total += writes(p) ? removals(p) : 0;
  }
  if (total <= manifest.max_delete_total) {
    return;
  }
  for (plan::MirrorPlan& p : result.plan.mirrors) {
    if (writes(p) && removals(p) > 0) {
      refuse(p, manifest,
             "the plan deletes " + std::to_string(total) +
                 " files over all mirrors, more than max_delete_total = " +
                 std::to_string(manifest.max_delete_total),
             "check the sources and filters, or raise max_delete_total", result.diagnostics);
    }
  }
}

std::optional<std::string> bad_expanded_name(const manifest::Mirror& mirror,
                                             const plan::MirrorPlan& p) {
  if (!mirror.source.is_wildcard()) {
    return std::nullopt;
  }
  for (const manifest::RepoRef* ref : {&p.source, &p.target}) {
    if (auto problem = manifest::check_repo_id(ref->hub, ref->ns, ref->name);
        problem || ref->is_wildcard()) {
      return "the hub listed an invalid repo name " + shown(ref->name) + " for " +
             mirror.source.to_string() + ": " + (problem ? problem->what : "'*' is not a name");
    }
  }
  return std::nullopt;
}

}  // namespace hf2ms::planner::detail
