#include "applier/commit_replay.hpp"

#include <algorithm>

namespace hf2ms::applier {
namespace {

const hub::FileEntry* find_entry(std::span<const hub::FileEntry> target, const std::string& path) {
  auto it = std::find_if(target.begin(), target.end(),
                         [&](const hub::FileEntry& e) { return e.path == path; });
  return it == target.end() ? nullptr : &*it;
}

bool holds(const plan::Step& s, const hub::FileEntry& e) {
  if (e.size != s.size) {
    return false;
  }
  if (s.sha256 && e.sha256) {
    return *s.sha256 == *e.sha256;
  }
  // Equal git blob oids are equal bytes, whichever hash the step also has.
  return s.source_git_oid && e.git_oid && *s.source_git_oid == *e.git_oid;
}

}  // namespace

bool target_matches_steps(std::span<const plan::Step> steps,
                          std::span<const hub::FileEntry> target) {
  return std::all_of(steps.begin(), steps.end(), [&](const plan::Step& s) {
    const hub::FileEntry* e = find_entry(target, s.path);
    if (s.action == plan::Action::remove) {
      return e == nullptr;
    }
    if (s.action != plan::Action::create && s.action != plan::Action::update) {
      return true;
    }
    return e != nullptr && holds(s, *e);
  });
}

bool already_applied(const transfer::CommitMirror& m, hub::HubReader& target) {
  const hub::RepoKey key{m.target.hub, m.target.type, m.target.id};
  auto info = target.repo_info(key, m.target.branch);
  if (!info || !info->has_value() || (*info)->head_commit == m.parent_commit) {
    return false;  // no target, or unchanged since the plan: nothing was committed yet
  }
  // ModelScope is listed by branch name: it refuses commit ids as Revision (real-hub-limits.md
  // ModelScope §1). HF is listed at the head just read.
  const std::string& revision =
      m.target.hub == manifest::Hub::ms ? m.target.branch : (*info)->head_commit;
  auto files = target.list_files(key, revision);
  return files && target_matches_steps(m.steps, *files);
}

}  // namespace hf2ms::applier
