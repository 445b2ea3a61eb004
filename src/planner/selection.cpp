#include "manifest/filter.hpp"
#include "planner/planner.hpp"

#include <algorithm>
#include <utility>

namespace hf2ms::planner {

namespace {

bool matches_any(std::string_view ref, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return manifest::Glob(p).matches(ref); });
}

// True for "acme/x": a '/' after a first segment with neither a hub prefix nor a wildcard
// that could stand for one.
bool lacks_hub(std::string_view pattern) {
  const auto slash = pattern.find('/');
  if (slash == std::string_view::npos) {
    return false;  // matches the repo name alone
  }
  return pattern.substr(0, slash).find_first_of(":*?[\\") == std::string_view::npos;
}

std::string quoted(const std::string& s) { return "`" + s + "`"; }

std::string did_you_mean(const manifest::Manifest& manifest, const std::string& pattern) {
  std::vector<std::string> matching;
  std::vector<std::string> hubs;
  for (const manifest::Hub hub : {manifest::Hub::hf, manifest::Hub::ms}) {
    const std::string candidate = manifest::to_string(hub) + ":" + pattern;
    bool used = false;
    bool matches = false;
    for (const manifest::Mirror& m : manifest.mirrors) {
      used = used || m.target.hub == hub;
      matches = matches ||
                (m.target.hub == hub && manifest::Glob(candidate).matches(m.target.to_string()));
    }
    if (matches) {
      matching.push_back(quoted(candidate));
    } else if (used) {
      hubs.push_back(quoted(candidate));
    }
  }
  const std::vector<std::string>& pick = matching.empty() ? hubs : matching;
  if (pick.empty()) {
    return "";
  }
  return "; did you mean " + pick.front() + (pick.size() > 1 ? " or " + pick[1] : "") + "?";
}

}  // namespace

std::vector<std::string> selection_problems(const manifest::Manifest& manifest,
                                            const MirrorSelection& selection) {
  std::vector<std::string> out;
  for (const auto& [flag, patterns] :
       {std::pair{"--target", &selection.targets}, std::pair{"--exclude", &selection.excludes}}) {
    for (const std::string& p : *patterns) {
      if (lacks_hub(p)) {
        out.push_back(std::string(flag) + " " + quoted(p) +
                      " names no hub, so it matches no target (targets are written "
                      "hub:namespace/name)" +
                      did_you_mean(manifest, p));
      }
    }
  }
  return out;
}

std::vector<std::string> unmatched_selectors(const plan::Plan& plan,
                                             const MirrorSelection& selection) {
  std::vector<std::string> out;
  for (const std::string& p : selection.targets) {
    const manifest::Glob glob(p);
    const bool any =
        std::any_of(plan.mirrors.begin(), plan.mirrors.end(),
                    [&](const plan::MirrorPlan& m) { return glob.matches(m.target.to_string()); });
    if (!any) {
      out.push_back("--target " + quoted(p) + " matched no mirror of the manifest");
    }
  }
  if (plan.mirrors.empty() && out.empty() && !selection.excludes.empty()) {
    out.emplace_back("--exclude left no mirror to plan");
  }
  return out;
}

bool is_selected(std::string_view target_ref, const MirrorSelection& selection) {
  if (!selection.targets.empty() && !matches_any(target_ref, selection.targets)) {
    return false;
  }
  return !matches_any(target_ref, selection.excludes);
}

}  // namespace hf2ms::planner
