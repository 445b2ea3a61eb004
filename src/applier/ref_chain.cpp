#include "applier/ref_chain.hpp"

namespace hf2ms::applier {

RefChains::Key RefChains::key_of(const transfer::CommitMirror& m) {
  return {m.target.hub, m.target.id, m.target.branch};
}

std::string RefChains::blocked(const transfer::CommitMirror& m) const {
  const auto it = chains_.find(key_of(m));
  if (!m.ref || it == chains_.end() || !it->second.failed) {
    return "";
  }
  return "not attempted: an earlier change to branch " + m.target.branch +
         " of this target failed, and " + std::string(plan::to_string(m.ref->kind)) + " " +
         m.ref->name + " builds on it";
}

transfer::CommitMirror RefChains::chained(transfer::CommitMirror m) const {
  const auto it = chains_.find(key_of(m));
  if (it != chains_.end() && it->second.now && m.parent_commit == it->second.planned) {
    m.parent_commit = it->second.now;
  }
  return m;
}

std::optional<std::string> RefChains::head_after(const transfer::CommitMirror& m,
                                                 const std::vector<std::string>& commits) const {
  if (!commits.empty()) {
    return commits.back();
  }
  return m.parent_commit;  // nothing committed: the branch is where the chain left it
}

void RefChains::record(const transfer::CommitMirror& original,
                       const std::vector<std::string>& commits, bool applied) {
  auto [it, fresh] = chains_.try_emplace(key_of(original));
  Chain& c = it->second;
  if (fresh) {
    c.planned = original.parent_commit;
  }
  if (!applied) {
    c.failed = true;
  } else if (!commits.empty()) {
    c.now = commits.back();
  }
}

Result<void> make_tag(const transfer::CommitMirror& m, const std::optional<std::string>& head,
                      hub::HubWriter& target) {
  if (!m.ref || m.ref->kind != plan::RefKind::tag ||
      (m.ref->op != plan::RefOp::create && m.ref->op != plan::RefOp::replace)) {
    return {};
  }
  const hub::RepoKey key{m.target.hub, m.target.type, m.target.id};
  auto fail = [&m](std::string what, const Error& e) {
    Error out = e;
    out.message = what + " tag " + m.ref->name + ": " + describe(e);
    return unexpected(out);
  };
  if (m.ref->op == plan::RefOp::replace) {
    if (auto gone = target.delete_tag(key, m.ref->name); !gone) {
      return fail("cannot delete the target's", gone.error());
    }
  }
  if (auto made = target.create_tag(key, m.ref->name, {head.value_or(""), m.target.branch});
      !made) {
    return fail("committed, but cannot create", made.error());
  }
  return {};
}

}  // namespace hf2ms::applier
