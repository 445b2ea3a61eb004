#include "planner/planner.hpp"

#include "planner/diff.hpp"
#include "planner/guards.hpp"
#include "planner/ref_plans.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace hf2ms::planner {

namespace {

using manifest::Hub;
using manifest::Mirror;
using state::MirrorObservation;

std::string default_branch(Hub hub) { return hub == Hub::hf ? "main" : "master"; }

plan::MirrorPlan header(const Mirror& m, const MirrorObservation& o) {
  plan::MirrorPlan p;
  p.mirror_index = o.mirror_index;
  p.source = o.source.ref;
  p.source_type = m.type;
  p.source_revision = m.revision.value_or(o.source.default_branch);
  p.source_commit = o.source.head_commit;
  p.target = o.target.ref;
  p.target_type = m.target_type;
  if (m.target_branch) {
    p.target_branch = *m.target_branch;
  } else {
    p.target_branch = o.target.exists && !o.target.default_branch.empty()
                          ? o.target.default_branch
                          : default_branch(o.target.ref.hub);
  }
  if (o.target.exists) {
    p.target_head = o.target.head_commit;
  }
  return p;
}

std::optional<SourceLocation> where(const Mirror& m) {
  if (m.location.file.empty()) {
    return std::nullopt;
  }
  return m.location;
}

plan::MirrorPlan refuse(plan::MirrorPlan p, const detail::Refusal& why, const Mirror& m,
                        Diagnostics& diags) {
  diags.error("mirror " + p.target.to_string() + ": " + why.message, why.hint, where(m));
  p.action = plan::MirrorAction::error;
  p.reason = why.message;
  p.steps.clear();
  return p;
}

bool is_space_to_ms(const Mirror& m) {
  return m.target.hub == Hub::ms && m.target_type == manifest::RepoType::space;
}

manifest::Visibility create_visibility(const Mirror& m, const state::RepoSnapshot& source) {
  if (m.visibility != manifest::Visibility::preserve) {
    return m.visibility;
  }
  return source.is_private ? manifest::Visibility::private_ : manifest::Visibility::public_;
}

bool changes_files(const plan::MirrorPlan& p) {
  return std::any_of(p.steps.begin(), p.steps.end(),
                     [](const plan::Step& s) { return s.action != plan::Action::keep; });
}

plan::MirrorPlan plan_mirror(const Mirror& m, const MirrorObservation& o,
                             const state::Snapshot& snapshot, const PlanOptions& options,
                             Diagnostics& diags) {
  plan::MirrorPlan p = header(m, o);
  if (is_space_to_ms(m)) {
    p.action = plan::MirrorAction::skip;
    p.reason = std::string(k_space_to_ms_reason);
    return p;
  }
  if (o.error) {
    return refuse(std::move(p), {*o.error, ""}, m, diags);
  }
  if (auto bad = detail::bad_expanded_name(m, p)) {
    return refuse(std::move(p), {*bad, "hf2ms mirrors only repos whose names follow the id rules"},
                  m, diags);
  }
  if (!o.source.exists) {
    return refuse(std::move(p), {"source " + o.source.ref.to_string() + " does not exist", ""}, m,
                  diags);
  }
  detail::FileDiff diff = detail::diff_files(m, o, snapshot, options);
  for (const auto& w : diff.warnings) {
    diags.warning("mirror " + p.target.to_string() + ": " + w, "", where(m));
  }
  if (!diff.errors.empty()) {
    for (std::size_t i = 1; i < diff.errors.size(); ++i) {
      diags.error("mirror " + p.target.to_string() + ": " + diff.errors[i].message,
                  diff.errors[i].hint, where(m));
    }
    return refuse(std::move(p), diff.errors.front(), m, diags);
  }
  p.steps = std::move(diff.steps);
  if (!o.target.exists) {
    p.action = plan::MirrorAction::create;
    p.create_visibility = create_visibility(m, o.source);
  } else {
    p.action = changes_files(p) ? plan::MirrorAction::update : plan::MirrorAction::keep;
  }
  return p;
}

// A selected mirror the observer returned nothing for: a `*` that matched no repo (a
// warning), or an observer bug (an error mirror, so the plan shows it).
void report_unobserved(const manifest::Manifest& manifest, const std::set<std::size_t>& seen,
                       const PlanOptions& options, PlanResult& r) {
  for (std::size_t i = 0; i < manifest.mirrors.size(); ++i) {
    const Mirror& m = manifest.mirrors[i];
    if (seen.count(i) != 0 ||
        (!m.target.is_wildcard() && !is_selected(m.target.to_string(), options.selection))) {
      continue;
    }
    if (m.source.is_wildcard()) {
      r.diagnostics.warning("mirror " + m.target.to_string() + ": " + m.source.to_string() +
                                " matched no repositories",
                            "", where(m));
      continue;
    }
    MirrorObservation none;
    none.mirror_index = i;
    none.source.ref = m.source;
    none.target.ref = m.target;
    r.plan.mirrors.push_back(
        refuse(header(m, none), {"internal: the mirror was not observed", ""}, m, r.diagnostics));
  }
}

// A mirror's ref plans follow its own plan: branches, then tags by name, each tag's restore
// right after it (the order apply runs them in).
auto order_key(const plan::MirrorPlan& p) {
  const int kind = !p.ref ? 0 : p.ref->kind == plan::RefKind::branch ? 1 : 2;
  const std::string name = p.ref ? p.ref->name : "";
  const bool restore = p.ref && p.ref->op == plan::RefOp::restore;
  return std::tuple(p.mirror_index, p.target.to_string(), p.source.to_string(), kind, name,
                    restore);
}

auto main_key(const MirrorObservation& o) {
  return std::tuple(o.mirror_index, o.target.ref, o.source.ref);
}

// A guard that refused a mirror's own plan refuses its ref plans too: they build on it.
void skip_refs_of_refused(std::vector<plan::MirrorPlan>& plans) {
  std::set<std::tuple<std::size_t, std::string, std::string>> refused;
  for (const plan::MirrorPlan& p : plans) {
    if (!p.ref && p.action == plan::MirrorAction::error) {
      refused.emplace(p.mirror_index, p.target.to_string(), p.source.to_string());
    }
  }
  for (plan::MirrorPlan& p : plans) {
    const bool writes =
        p.action == plan::MirrorAction::create || p.action == plan::MirrorAction::update;
    if (p.ref && writes &&
        refused.count({p.mirror_index, p.target.to_string(), p.source.to_string()}) != 0) {
      p.action = plan::MirrorAction::skip;
      p.reason = "the mirror itself is not applied (error)";
      p.steps.clear();
    }
  }
}

}  // namespace

PlanResult make_plan(const manifest::Manifest& manifest, const state::Snapshot& snapshot,
                     const PlanOptions& options) {
  PlanResult r;
  std::set<std::size_t> seen;
  // The mirror's own observation and plan, for its ref observations (planned after it).
  std::map<decltype(main_key(MirrorObservation{})),
           std::pair<const MirrorObservation*, std::size_t>>
      mains;
  std::vector<const MirrorObservation*> refs;
  for (const auto& o : snapshot.observations) {
    if (o.mirror_index >= manifest.mirrors.size()) {
      r.diagnostics.error("internal: an observation names mirror " +
                          std::to_string(o.mirror_index) + ", which the manifest does not have");
      continue;
    }
    seen.insert(o.mirror_index);
    if (!is_selected(o.target.ref.to_string(), options.selection)) {
      continue;
    }
    if (o.ref) {
      refs.push_back(&o);
      continue;
    }
    const Mirror& m = manifest.mirrors[o.mirror_index];
    mains[main_key(o)] = {&o, r.plan.mirrors.size()};
    r.plan.mirrors.push_back(plan_mirror(m, o, snapshot, options, r.diagnostics));
  }
  for (const MirrorObservation* o : refs) {
    const auto it = mains.find(main_key(*o));
    const MirrorObservation* main = it == mains.end() ? nullptr : it->second.first;
    const plan::MirrorPlan copy =
        it == mains.end() ? plan::MirrorPlan{} : r.plan.mirrors[it->second.second];
    for (plan::MirrorPlan& p :
         detail::plan_ref(manifest.mirrors[o->mirror_index], *o, main,
                          it == mains.end() ? nullptr : &copy, snapshot, options, r.diagnostics)) {
      r.plan.mirrors.push_back(std::move(p));
    }
  }
  report_unobserved(manifest, seen, options, r);
  detail::refuse_shared_targets(manifest, r);
  detail::refuse_excess_deletions(manifest, r);
  skip_refs_of_refused(r.plan.mirrors);
  std::stable_sort(r.plan.mirrors.begin(), r.plan.mirrors.end(),
                   [](const auto& a, const auto& b) { return order_key(a) < order_key(b); });
  r.plan.hf2ms_version = options.hf2ms_version;
  r.plan.manifest_digest = options.manifest_digest;
  r.plan.endpoints = options.endpoints;
  r.plan.totals = plan::compute_totals(r.plan.mirrors);
  r.diagnostics.sort_by_location();
  return r;
}

}  // namespace hf2ms::planner
