#include "applier/stale_check.hpp"

namespace hf2ms::applier {
namespace {

std::string short_oid(const std::string& oid) { return oid.substr(0, 7); }

// How the target moved, or "" when it did not.
std::string describe_move(const plan::MirrorPlan& m, const std::optional<hub::RepoInfo>& now) {
  if (!m.target_head) {
    return now ? "the repo appeared (head " + short_oid(now->head_commit) + ") since planning" : "";
  }
  if (!now) {
    return "the repo (or branch " + m.target_branch + ") disappeared since planning";
  }
  if (now->head_commit != *m.target_head) {
    return "head moved from " + short_oid(*m.target_head) + " to " + short_oid(now->head_commit) +
           " since planning";
  }
  return "";
}

}  // namespace

std::string target_label(const plan::MirrorPlan& m) {
  if (!m.ref) {
    return m.target.to_string();
  }
  const std::string ref = std::string(plan::to_string(m.ref->kind)) + " " + m.ref->name;
  return m.target.to_string() + (m.ref->op == plan::RefOp::restore
                                     ? " (" + m.target_branch + " back after " + ref + ")"
                                     : " (" + ref + ")");
}

std::string source_label(const plan::MirrorPlan& m) { return m.source.to_string(); }

bool changes_target(const plan::MirrorPlan& m) {
  return m.action == plan::MirrorAction::create || m.action == plan::MirrorAction::update;
}

Result<std::vector<StaleTarget>> find_stale_targets(const plan::Plan& plan,
                                                    transfer::HubClients& hubs) {
  std::vector<StaleTarget> stale;
  for (std::size_t i = 0; i < plan.mirrors.size(); ++i) {
    const plan::MirrorPlan& m = plan.mirrors[i];
    // A branch to create has no head yet; creating it refuses if it appeared meanwhile.
    const bool new_branch =
        m.ref && m.ref->kind == plan::RefKind::branch && m.ref->op == plan::RefOp::create;
    if (!changes_target(m) || new_branch) {
      continue;
    }
    auto reader = hubs.reader(m.target.hub);
    if (!reader) {
      return unexpected(reader.error());
    }
    auto now =
        (*reader)->repo_info({m.target.hub, m.target_type, m.target.repo_id()}, m.target_branch);
    if (!now) {
      Error e = now.error();
      e.message = "cannot read " + target_label(m) + ": " + e.message;
      return unexpected(e);
    }
    if (std::string how = describe_move(m, *now); !how.empty()) {
      stale.push_back({i, target_label(m), std::move(how)});
    }
  }
  return stale;
}

}  // namespace hf2ms::applier
