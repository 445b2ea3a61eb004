#include "transfer/make_tasks.hpp"

#include <algorithm>
#include <map>

namespace hf2ms::transfer {

namespace {

SourceRepo source_of(const plan::MirrorPlan& m) {
  return {m.source.hub, m.source_type, m.source.ns + "/" + m.source.name, m.source_commit,
          m.source_revision};
}

TargetRepo target_of(const plan::MirrorPlan& m) {
  return {m.target.hub, m.target_type, m.target.ns + "/" + m.target.name, m.target_branch};
}

bool has_work(const plan::MirrorPlan& m) {
  return m.action == plan::MirrorAction::create || m.action == plan::MirrorAction::update;
}

const plan::Step* find_step(const plan::MirrorPlan& m, const std::string& path) {
  auto it = std::lower_bound(m.steps.begin(), m.steps.end(), path,
                             [](const plan::Step& s, const std::string& p) { return s.path < p; });
  if (it != m.steps.end() && it->path == path) {
    return &*it;
  }
  // Steps are documented as sorted; fall back to a scan if a plan was not.
  auto scan = std::find_if(m.steps.begin(), m.steps.end(),
                           [&](const plan::Step& s) { return s.path == path; });
  return scan == m.steps.end() ? nullptr : &*scan;
}

TaskFile task_file(const plan::Step& s) {
  return {s.path, s.size, s.sha256, s.source_git_oid, s.source_lfs};
}

}  // namespace

bool is_copied_by_task(const plan::Step& step) {
  const bool changes = step.action == plan::Action::create || step.action == plan::Action::update;
  return changes && step.transport != plan::Transport::embedded;
}

std::vector<FileKey> files_to_copy(const plan::Plan& plan) {
  std::vector<FileKey> out;
  for (std::size_t i = 0; i < plan.mirrors.size(); ++i) {
    if (!has_work(plan.mirrors[i])) {
      continue;
    }
    for (const plan::Step& s : plan.mirrors[i].steps) {
      if (is_copied_by_task(s)) {
        out.push_back({i, s.path});
      }
    }
  }
  return out;
}

std::vector<Task> make_tasks(const plan::Plan& plan, std::span<const std::vector<FileKey>> shards,
                             const std::vector<HubAccess>& hubs) {
  std::vector<Task> tasks;
  for (std::size_t t = 0; t < shards.size(); ++t) {
    std::map<std::size_t, MirrorGroup> groups;  // ordered by mirror
    for (const FileKey& key : shards[t]) {
      if (key.mirror >= plan.mirrors.size() || !has_work(plan.mirrors[key.mirror])) {
        continue;
      }
      const plan::MirrorPlan& m = plan.mirrors[key.mirror];
      const plan::Step* step = find_step(m, key.path);
      if (step == nullptr || !is_copied_by_task(*step)) {
        continue;
      }
      auto [it, fresh] = groups.try_emplace(key.mirror);
      if (fresh) {
        it->second = MirrorGroup{key.mirror, source_of(m), target_of(m), {}};
      }
      it->second.files.push_back(task_file(*step));
    }
    Task task{k_task_format_version, t, hubs, {}};
    for (auto& [mirror, group] : groups) {
      std::sort(group.files.begin(), group.files.end(),
                [](const TaskFile& a, const TaskFile& b) { return a.path < b.path; });
      task.groups.push_back(std::move(group));
    }
    tasks.push_back(std::move(task));
  }
  return tasks;
}

CommitJob make_commit_job(const plan::Plan& plan, const std::vector<HubAccess>& hubs) {
  CommitJob job{k_task_format_version, hubs, {}};
  for (std::size_t i = 0; i < plan.mirrors.size(); ++i) {
    const plan::MirrorPlan& m = plan.mirrors[i];
    if (!has_work(m)) {
      continue;
    }
    CommitMirror cm{i, source_of(m), target_of(m), m.target_head, {}, m.ref};
    for (const plan::Step& s : m.steps) {
      if (s.action != plan::Action::keep) {
        cm.steps.push_back(s);
      }
    }
    job.mirrors.push_back(std::move(cm));
  }
  return job;
}

}  // namespace hf2ms::transfer
