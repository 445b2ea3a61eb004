#include "planner/plan_check.hpp"

#include "manifest/filter.hpp"
#include "manifest/repo_id.hpp"
#include "state/snapshot.hpp"
#include "util/text.hpp"

#include <map>
#include <set>
#include <tuple>

namespace hf2ms::planner {
namespace {

using manifest::Mirror;
using plan::Action;
using plan::MirrorPlan;

constexpr std::string_view k_readme_transform = "hf-readme-license";
constexpr const char* k_remake = "re-create the plan from this manifest with `hf2ms plan -o`";

struct Checker {
  const manifest::Manifest& manifest;
  const PlanCheckOptions& options;
  Diagnostics diags;

  void refuse(const MirrorPlan& p, std::size_t at, const std::string& what) {
    diags.error("plan mirror " + std::to_string(at) + " (" + p.target.to_string() + "): " + what,
                k_remake);
  }
};

bool same_id_part(const std::string& a, const std::string& b) {
  return to_lower_ascii(a) == to_lower_ascii(b);
}

// The plan's repo `got` is one the manifest's `want` allows; `source_name` is the plan's
// source name (a `*` target takes it).
bool allows(const manifest::RepoRef& want, const manifest::RepoRef& got,
            const std::string& source_name) {
  if (want.hub != got.hub || !same_id_part(want.ns, got.ns) || got.is_wildcard()) {
    return false;
  }
  if (!want.is_wildcard()) {
    return same_id_part(want.name, got.name);
  }
  return !manifest::check_repo_id(got.hub, got.ns, got.name) && got.name == source_name;
}

void check_repos(Checker& c, const Mirror& m, const MirrorPlan& p, std::size_t at) {
  if (!allows(m.source, p.source, p.source.name)) {
    c.refuse(p, at,
             "source " + p.source.to_string() + " is not the manifest's " + m.source.to_string());
  }
  if (!allows(m.target, p.target, p.source.name)) {
    c.refuse(p, at,
             "target is not the manifest's " + m.target.to_string() +
                 (m.target.is_wildcard() ? " with the source's name" : ""));
  }
  if (p.source_type != m.type || p.target_type != m.target_type) {
    c.refuse(p, at,
             "repo types " + manifest::to_string(p.source_type) + " → " +
                 manifest::to_string(p.target_type) + " are not the manifest's " +
                 manifest::to_string(m.type) + " → " + manifest::to_string(m.target_type));
  }
}

// A ref plan (manifest `refs`): its ref must be one the manifest mirrors, read from the
// source by that name and written to the branch its kind allows.
void check_ref_plan(Checker& c, const Mirror& m, const MirrorPlan& p, std::size_t at) {
  const plan::RefPlan& r = *p.ref;
  if (!manifest::selects_ref(m, r.name)) {
    c.refuse(p, at,
             std::string(plan::to_string(r.kind)) + " '" + r.name +
                 "' is not one the manifest's refs select");
  }
  // A restore reads the source's default branch (the mirror's own revision); every other ref
  // plan reads the ref itself.
  const std::string source_default = p.source.hub == manifest::Hub::hf ? "main" : "master";
  const std::string& revision = r.op == plan::RefOp::restore ? source_default : r.name;
  if (p.source_revision != revision) {
    c.refuse(p, at, "reads revision '" + p.source_revision + "' for ref '" + r.name + "'");
  }
  const std::string default_branch = p.target.hub == manifest::Hub::hf ? "main" : "master";
  const std::string& branch = r.kind == plan::RefKind::branch ? r.name : default_branch;
  if (p.target_branch != branch) {
    c.refuse(p, at, "commits to branch '" + p.target_branch + "', not '" + branch + "'");
  }
}

void check_refs(Checker& c, const Mirror& m, const MirrorPlan& p, std::size_t at) {
  if (p.ref) {
    check_ref_plan(c, m, p, at);
    return;
  }
  const std::string branch =
      m.target_branch.value_or(p.target.hub == manifest::Hub::hf ? "main" : "master");
  if (p.target_branch != branch) {
    c.refuse(p, at,
             "commits to branch '" + p.target_branch + "', not '" + branch + "'" +
                 (m.target_branch ? "" : " (set target_branch in the manifest for another one)"));
  }
  if (m.revision && p.source_revision != *m.revision) {
    c.refuse(p, at,
             "pins revision '" + p.source_revision + "', not the manifest's '" + *m.revision + "'");
  }
}

void check_visibility(Checker& c, const Mirror& m, const MirrorPlan& p, std::size_t at) {
  if (!p.create_visibility) {
    return;
  }
  if (p.action != plan::MirrorAction::create) {
    c.refuse(p, at,
             "create_visibility on a mirror that does not create its target (apply never "
             "changes an existing repo's visibility)");
  } else if (m.visibility != manifest::Visibility::preserve &&
             *p.create_visibility != m.visibility) {
    c.refuse(p, at,
             "creates the target " + manifest::to_string(*p.create_visibility) +
                 ", but the manifest says " + manifest::to_string(m.visibility));
  }
}

void check_embedded(Checker& c, const MirrorPlan& p, const plan::Step& s, std::size_t at) {
  if (s.transport != plan::Transport::embedded) {
    if (s.transform || s.content) {
      c.refuse(p, at, s.path + ": a transform or content on a step that is not embedded");
    }
    return;
  }
  if (s.path != state::k_readme_path || s.transform != k_readme_transform ||
      p.target.hub != manifest::Hub::hf) {
    c.refuse(p, at,
             s.path +
                 ": embedded content is allowed only for the Hugging Face README "
                 "rewrite (README.md, transform hf-readme-license, an HF target)");
    return;
  }
  if (!c.options.sha256 || !s.content || !s.sha256 || s.size != s.content->size() ||
      c.options.sha256(*s.content).hex != *s.sha256) {
    c.refuse(p, at, s.path + ": the embedded content does not match its sha256 and size");
  }
}

struct StepCounts {
  std::uint64_t removes = 0;
  std::uint64_t source_side = 0;  // create, update, keep: files the source selects
  std::uint64_t target_side = 0;  // update, keep, remove: target files the filter selects
};

StepCounts check_steps(Checker& c, const Mirror& m, const MirrorPlan& p, std::size_t at) {
  const manifest::Filter filter(m);
  StepCounts n;
  for (const plan::Step& s : p.steps) {
    if (!filter.is_selected(s.path)) {
      c.refuse(p, at, s.path + ": outside the mirror's include/exclude filter");
    }
    check_embedded(c, p, s, at);
    n.removes += s.action == Action::remove ? 1 : 0;
    n.source_side += s.action != Action::remove ? 1 : 0;
    n.target_side += s.action != Action::create ? 1 : 0;
  }
  return n;
}

void check_removals(Checker& c, const Mirror& m, const MirrorPlan& p, std::size_t at,
                    const StepCounts& n) {
  if (n.removes == 0) {
    return;
  }
  const std::string count = std::to_string(n.removes);
  // A tag commit and the restore after it delete what the tag's tree lacks whatever `prune`
  // says: the tag must point at the source tag's tree (docs/apply.md).
  const bool tag_tree = p.ref && p.ref->kind == plan::RefKind::tag;
  if (m.prune == manifest::Prune::no && !tag_tree) {
    c.refuse(p, at, "deletes " + count + " files, but the manifest does not prune this mirror");
  }
  if (n.source_side == 0) {
    c.refuse(p, at, "deletes " + count + " files although the source selects none");
  }
  if (n.removes > m.max_delete && !tag_tree) {
    c.refuse(p, at,
             "deletes " + count + " files, more than max_delete = " + std::to_string(m.max_delete));
  }
  if (!tag_tree && m.max_delete_percent < 100 && n.removes > k_delete_percent_floor &&
      n.removes * 100 > m.max_delete_percent * n.target_side) {
    c.refuse(p, at,
             "deletes " + count + " of " + std::to_string(n.target_side) +
                 " target files, more than max_delete_percent = " +
                 std::to_string(m.max_delete_percent) + "%");
  }
}

// Returns the removals this mirror asks for.
std::uint64_t check_mirror(Checker& c, const MirrorPlan& p, std::size_t at) {
  if (p.mirror_index >= c.manifest.mirrors.size()) {
    c.refuse(p, at,
             "names [[mirror]] " + std::to_string(p.mirror_index + 1) +
                 ", but the "
                 "manifest has " +
                 std::to_string(c.manifest.mirrors.size()));
    return 0;
  }
  const Mirror& m = c.manifest.mirrors[p.mirror_index];
  const bool acts =
      p.action == plan::MirrorAction::create || p.action == plan::MirrorAction::update;
  if (!acts) {
    for (const plan::Step& s : p.steps) {
      if (s.action != Action::keep) {
        c.refuse(p, at, "a " + std::string(plan::to_string(p.action)) + " mirror with changes");
        break;
      }
    }
    if (p.create_visibility) {
      c.refuse(p, at, "create_visibility on a mirror that does not create its target");
    }
    if (p.action == plan::MirrorAction::keep) {
      check_repos(c, m, p, at);
    }
    return 0;
  }
  check_repos(c, m, p, at);
  check_refs(c, m, p, at);
  check_visibility(c, m, p, at);
  const StepCounts n = check_steps(c, m, p, at);
  check_removals(c, m, p, at, n);
  return n.removes;
}

void check_shared_targets(Checker& c, const plan::Plan& plan) {
  std::map<std::tuple<manifest::Hub, std::string, std::string, manifest::RepoType>, std::size_t>
      seen;
  for (std::size_t i = 0; i < plan.mirrors.size(); ++i) {
    const MirrorPlan& p = plan.mirrors[i];
    if (p.action != plan::MirrorAction::create && p.action != plan::MirrorAction::update) {
      continue;
    }
    auto key = std::tuple(p.target.hub, to_lower_ascii(p.target.ns), to_lower_ascii(p.target.name),
                          p.target_type);
    if (auto [it, fresh] = seen.emplace(key, i); !fresh) {
      // The ref plans of one mirror share its target (they apply in order, docs/apply.md).
      const MirrorPlan& first = plan.mirrors[it->second];
      if (!p.ref || first.mirror_index != p.mirror_index) {
        c.refuse(p, i, "the same target as plan mirror " + std::to_string(it->second));
      }
    }
  }
}

}  // namespace

Diagnostics check_plan(const plan::Plan& plan, const manifest::Manifest& manifest,
                       const PlanCheckOptions& options) {
  Checker c{manifest, options, {}};
  if (plan.manifest_digest != options.manifest_digest) {
    c.diags.error("the plan was made from another manifest (digest " + plan.manifest_digest +
                      ", this one is " + options.manifest_digest + ")",
                  "apply a plan with the manifest it was made from; " + std::string(k_remake));
  }
  if (plan.endpoints != options.endpoints) {
    c.diags.error("the plan was made against hf " + plan.endpoints.hf + " and ms " +
                      plan.endpoints.ms + ", but apply would talk to hf " + options.endpoints.hf +
                      " and ms " + options.endpoints.ms,
                  "apply in the environment the plan was made in (HF_ENDPOINT, "
                  "MODELSCOPE_ENDPOINT, HF2MS_ALLOW_ENDPOINTS), or " +
                      std::string(k_remake));
  }
  std::uint64_t removes = 0;
  for (std::size_t i = 0; i < plan.mirrors.size(); ++i) {
    removes += check_mirror(c, plan.mirrors[i], i);
  }
  check_shared_targets(c, plan);
  if (removes > manifest.max_delete_total) {
    c.diags.error(
        "the plan deletes " + std::to_string(removes) +
            " files, more than max_delete_total = " + std::to_string(manifest.max_delete_total),
        k_remake);
  }
  return std::move(c.diags);
}

}  // namespace hf2ms::planner
