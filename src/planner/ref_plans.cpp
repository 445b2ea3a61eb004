#include "planner/ref_plans.hpp"

#include "planner/diff.hpp"

#include <algorithm>
#include <limits>

namespace hf2ms::planner::detail {
namespace {

using manifest::Hub;
using manifest::Mirror;
using plan::MirrorAction;
using plan::RefOp;
using state::MirrorObservation;
using state::RefKind;

plan::RefKind kind_of(RefKind kind) {
  return kind == RefKind::branch ? plan::RefKind::branch : plan::RefKind::tag;
}

plan::MirrorPlan header(const Mirror& m, const MirrorObservation& o,
                        const plan::MirrorPlan* main_plan) {
  plan::MirrorPlan p;
  p.mirror_index = o.mirror_index;
  p.source = o.source.ref;
  p.source_type = m.type;
  p.source_revision = o.ref->name;
  p.source_commit = o.source.head_commit;
  p.target = o.target.ref;
  p.target_type = m.target_type;
  p.ref = plan::RefPlan{kind_of(o.ref->kind), o.ref->name, RefOp::keep, std::nullopt};
  if (o.ref->kind == RefKind::branch) {
    p.target_branch = o.ref->name;
  } else if (main_plan != nullptr) {
    p.target_branch = main_plan->target_branch;
  } else {
    p.target_branch = m.target.hub == Hub::hf ? "main" : "master";
  }
  return p;
}

plan::MirrorPlan refuse(plan::MirrorPlan p, const std::string& why, const std::string& hint,
                        const Mirror& m, Diagnostics& diags) {
  diags.error("mirror " + p.target.to_string() + " " + std::string(plan::to_string(p.ref->kind)) +
                  " " + p.ref->name + ": " + why,
              hint, m.location.file.empty() ? std::nullopt : std::optional(m.location));
  p.action = MirrorAction::error;
  p.reason = why;
  p.steps.clear();
  return p;
}

plan::MirrorPlan skip(plan::MirrorPlan p, std::string why) {
  p.action = MirrorAction::skip;
  p.reason = std::move(why);
  p.steps.clear();
  return p;
}

bool changes_files(const std::vector<plan::Step>& steps) {
  return std::any_of(steps.begin(), steps.end(),
                     [](const plan::Step& s) { return s.action != plan::Action::keep; });
}

// The mirror as a tag's tree asks for it: every selected file equal, so target files the tag
// lacks go whatever `prune` says, and no deletion guard applies (the default branch keeps
// its files: the restore plan puts them back).
Mirror tree_mirror(const Mirror& m) {
  Mirror t = m;
  t.prune = manifest::Prune::yes;
  t.max_delete = std::numeric_limits<std::uint32_t>::max();
  t.max_delete_percent = 100;
  return t;
}

// `files` standing as the target (the tree the target branch holds at that point).
state::RepoSnapshot as_target(const state::RepoSnapshot& files, const state::RepoSnapshot& target) {
  state::RepoSnapshot t = target;
  t.exists = true;
  t.files = files.files;
  return t;
}

// The steps, or the first refusal.
struct Steps {
  std::vector<plan::Step> steps;
  std::optional<Refusal> refusal;
};

Steps steps_of(const Mirror& m, const MirrorObservation& o, const state::Snapshot& snapshot,
               const PlanOptions& options) {
  FileDiff d = diff_files(m, o, snapshot, options);
  if (!d.errors.empty()) {
    return {{}, d.errors.front()};
  }
  return {std::move(d.steps), std::nullopt};
}

std::vector<plan::MirrorPlan> plan_branch(const Mirror& m, const MirrorObservation& o,
                                          const plan::MirrorPlan& main_plan, plan::MirrorPlan p,
                                          const state::Snapshot& snapshot,
                                          const PlanOptions& options, Diagnostics& diags) {
  if (!o.ref->on_target && o.target.ref.hub == Hub::ms) {
    return {skip(std::move(p), "ModelScope documents no API to create branches; create branch " +
                                   o.ref->name + " on the target to mirror it")};
  }
  Steps s = steps_of(m, o, snapshot, options);
  if (s.refusal) {
    return {refuse(std::move(p), s.refusal->message, s.refusal->hint, m, diags)};
  }
  p.steps = std::move(s.steps);
  if (o.ref->on_target) {
    p.target_head = o.target.head_commit;
    const bool changes = changes_files(p.steps);
    p.action = changes ? MirrorAction::update : MirrorAction::keep;
    p.ref->op = changes ? RefOp::update : RefOp::keep;
    return {std::move(p)};
  }
  // Created from the default branch as planning saw it (its head, or the branch itself when
  // the repo is created by this plan); the steps are the diff against that tree.
  p.ref->op = RefOp::create;
  p.ref->start_point = main_plan.target_head.value_or(main_plan.target_branch);
  p.action = MirrorAction::update;
  return {std::move(p)};
}

std::vector<plan::MirrorPlan> plan_tag(const Mirror& m, const MirrorObservation& o,
                                       const MirrorObservation& main,
                                       const plan::MirrorPlan& main_plan, plan::MirrorPlan p,
                                       const state::Snapshot& snapshot, const PlanOptions& options,
                                       Diagnostics& diags) {
  if (o.target.ref.hub == Hub::ms && m.target_type != manifest::RepoType::model) {
    return {skip(std::move(p), "ModelScope documents tag creation for models only")};
  }
  const Mirror tree = tree_mirror(m);
  RefOp op = RefOp::create;
  if (o.ref->on_target) {
    Steps same = steps_of(tree, o, snapshot, options);
    if (same.refusal) {
      return {refuse(std::move(p), same.refusal->message, same.refusal->hint, m, diags)};
    }
    if (!changes_files(same.steps)) {
      p.steps = std::move(same.steps);
      p.action = MirrorAction::keep;
      return {std::move(p)};
    }
    const auto differ = std::count_if(same.steps.begin(), same.steps.end(),
                                      [](const auto& s) { return s.action != plan::Action::keep; });
    const std::string moved = "the source tag moved: the target's tag " + o.ref->name +
                              " has another tree (" + std::to_string(differ) +
                              " files differ); tags are immutable once mirrored";
    if (!m.retag) {
      return {refuse(std::move(p), moved,
                     "check the source's release; set retag = true on this mirror to move the "
                     "target tag",
                     m, diags)};
    }
    if (o.target.ref.hub == Hub::ms) {
      return {refuse(std::move(p), moved + ", and ModelScope documents no API to delete a tag",
                     "delete the tag on ModelScope by hand, then plan again", m, diags)};
    }
    op = RefOp::replace;
  }
  // Forward: the default branch as the mirror's own plan leaves it → the tag's tree.
  MirrorObservation forward = o;
  forward.target = as_target(main.source, main.target);
  Steps there = steps_of(tree, forward, snapshot, options);
  if (there.refusal) {
    return {refuse(std::move(p), there.refusal->message, there.refusal->hint, m, diags)};
  }
  p.target_branch = main_plan.target_branch;
  p.target_head = main_plan.target_head;
  p.ref->op = op;
  p.steps = std::move(there.steps);
  p.action = MirrorAction::update;
  std::vector<plan::MirrorPlan> out{p};
  if (!changes_files(out.front().steps)) {
    return out;
  }
  // Restore: the tag's tree → the source default branch's, read from the mirror's commit.
  MirrorObservation back = main;
  back.target = as_target(o.source, main.target);
  Steps home = steps_of(tree, back, snapshot, options);
  if (home.refusal) {
    return {refuse(std::move(p), home.refusal->message, home.refusal->hint, m, diags)};
  }
  plan::MirrorPlan r = std::move(p);
  r.source_revision = main_plan.source_revision;
  r.source_commit = main_plan.source_commit;
  r.ref->op = RefOp::restore;
  r.steps = std::move(home.steps);
  out.push_back(std::move(r));
  return out;
}

}  // namespace

std::vector<plan::MirrorPlan> plan_ref(const Mirror& m, const MirrorObservation& o,
                                       const MirrorObservation* main,
                                       const plan::MirrorPlan* main_plan,
                                       const state::Snapshot& snapshot, const PlanOptions& options,
                                       Diagnostics& diags) {
  plan::MirrorPlan p = header(m, o, main_plan);
  if (main == nullptr || main_plan == nullptr) {
    return {
        refuse(std::move(p), "internal: the mirror's own observation is missing", "", m, diags)};
  }
  if (main_plan->action == MirrorAction::skip || main_plan->action == MirrorAction::error) {
    return {skip(std::move(p), "the mirror itself is not applied (" +
                                   std::string(plan::to_string(main_plan->action)) + ")")};
  }
  if (o.error) {
    return {refuse(std::move(p), *o.error, "", m, diags)};
  }
  if (o.ref->kind == RefKind::branch) {
    return plan_branch(m, o, *main_plan, std::move(p), snapshot, options, diags);
  }
  return plan_tag(m, o, *main, *main_plan, std::move(p), snapshot, options, diags);
}

}  // namespace hf2ms::planner::detail
