#include "applier/commit_step.hpp"

#include "applier/commit_replay.hpp"
#include "applier/ref_chain.hpp"
#include "hashing/hashing.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace hf2ms::applier {

namespace {

using transfer::CommitMirror;
using transfer::FileResult;
using transfer::FileStatus;
using transfer::MirrorOutcome;
using transfer::MirrorReport;

using ResultIndex = std::map<std::pair<std::size_t, std::string>, const FileResult*>;

ResultIndex index_results(std::span<const transfer::TaskResult> results) {
  ResultIndex index;
  for (const transfer::TaskResult& r : results) {
    for (const FileResult& f : r.files) {
      auto& slot = index[{f.mirror, f.path}];
      if (slot == nullptr || slot->status == FileStatus::failed) {
        slot = &f;  // a success reported by any task wins over a failure
      }
    }
  }
  return index;
}

// Outcome of building one add: the add, or why the mirror cannot be committed, or neither
// when the target ignores the path (it is left out of the commit and reported).
struct AddOrProblem {
  std::optional<hub::CommitAdd> add;
  MirrorOutcome outcome = MirrorOutcome::applied;
  std::string problem;
  bool ignored = false;
};

AddOrProblem problem(MirrorOutcome outcome, std::string text) {
  return AddOrProblem{std::nullopt, outcome, std::move(text), false};
}

AddOrProblem ok(hub::CommitAdd add) {
  return AddOrProblem{std::move(add), MirrorOutcome::applied, {}, false};
}

AddOrProblem embedded_add(const plan::Step& s) {
  const std::string content = s.content.value_or("");
  const std::string sha = hashing::sha256_hex(content);
  if (s.sha256 && *s.sha256 != sha) {
    return problem(MirrorOutcome::failed, s.path +
                                              ": the embedded content does not match its "
                                              "SHA-256 in the plan");
  }
  return ok(hub::CommitAdd{s.path, content.size(), sha, hub::Storage::inline_, content});
}

// Inline bytes checked against the plan (size; SHA-256, else the git blob oid): the commit
// carries the SHA-256 computed from them, never one the plan asserted.
AddOrProblem checked_inline(const plan::Step& s, std::string bytes) {
  const std::string sha = hashing::sha256_hex(bytes);
  const bool size_ok = bytes.size() == s.size;
  const bool hash_ok =
      s.sha256 ? *s.sha256 == sha
               : s.source_git_oid && *s.source_git_oid == hashing::git_blob_sha1_hex(bytes);
  if (!size_ok || !hash_ok) {
    return problem(MirrorOutcome::failed,
                   s.path + ": the source bytes do not match the plan (size or hash differs)");
  }
  return ok(hub::CommitAdd{s.path, bytes.size(), sha, hub::Storage::inline_, std::move(bytes)});
}

AddOrProblem inline_add(const plan::Step& s, const CommitMirror& m, hub::HubReader& source) {
  const hub::RepoKey key{m.source.hub, m.source.type, m.source.id};
  auto bytes = source.fetch_small_file(key, transfer::read_revision(m.source), s.path);
  if (!bytes) {
    return problem(MirrorOutcome::failed, s.path + ": " + describe(bytes.error()));
  }
  return checked_inline(s, std::move(*bytes));
}

// The SHA-256 an LFS add may reference: the plan's when the transfer's result (computed from
// the bytes, or the target's own blob for already_present) agrees with it; without one in
// the plan, the one the transfer computed from bytes it verified against the plan's git oid.
std::optional<std::string> lfs_sha256(const plan::Step& s, const FileResult& r) {
  if (s.sha256) {
    return r.sha256 == s.sha256 ? s.sha256 : std::nullopt;
  }
  if (r.sha256 && r.git_oid && s.source_git_oid && *r.git_oid == *s.source_git_oid) {
    return r.sha256;
  }
  return std::nullopt;
}

AddOrProblem copied_add(const plan::Step& s, const CommitMirror& m, const ResultIndex& index,
                        hub::HubReader& source) {
  auto it = index.find({m.mirror, s.path});
  if (it == index.end()) {
    return problem(MirrorOutcome::skipped, s.path + ": no transfer reported this file");
  }
  const FileResult& r = *it->second;
  switch (r.status) {
    case FileStatus::failed:
      return problem(MirrorOutcome::skipped, s.path + ": transfer failed: " + r.error);
    case FileStatus::inline_deferred:
      // Bytes the transfer read travel in its result (one source request per small file).
      return r.content ? checked_inline(s, *r.content) : inline_add(s, m, source);
    case FileStatus::ignored:
      return AddOrProblem{std::nullopt, MirrorOutcome::applied, {}, true};
    case FileStatus::uploaded:
    case FileStatus::already_present:
      break;
  }
  const std::optional<std::string> sha = lfs_sha256(s, r);
  if (!sha || r.size != s.size) {
    return problem(MirrorOutcome::failed, s.path + ": the stored blob does not match the plan");
  }
  return ok(hub::CommitAdd{s.path, s.size, *sha, hub::Storage::lfs, {}});
}

// A source read by branch or tag name (ModelScope) must still be at the planned commit, or
// the bytes read may mix two states of the source: "" when it is, else why not.
std::string source_moved(const CommitMirror& m, hub::HubReader& source) {
  const std::string& revision = transfer::read_revision(m.source);
  if (revision == m.source.commit) {
    return "";
  }
  auto now = source.repo_info({m.source.hub, m.source.type, m.source.id}, revision);
  if (!now) {
    return "cannot check that source " + m.source.id +
           " is still at the planned commit: " + describe(now.error()) + "; nothing was committed";
  }
  if (!*now || (*now)->head_commit != m.source.commit) {
    const std::string head = *now ? (*now)->head_commit.substr(0, 12) : "nothing";
    return "source " + manifest::to_string(m.source.hub) + ":" + m.source.id + " (" + revision +
           ") moved from " + m.source.commit.substr(0, 12) + " to " + head +
           " during the transfer; nothing was committed: plan again";
  }
  return "";
}

// Why a mirror whose deletes the hub refused for the token is not applied (real-hub-limits.md
// ModelScope §3: never a silent success).
std::string refused_deletes_reason(const hub::CommitResult& committed) {
  const std::size_t n = committed.refused_deletes.size();
  return "the hub refused to delete " + std::to_string(n) + (n == 1 ? " file" : " files") +
         " with this token (\"" + committed.refusal +
         "\"); everything else was committed. Delete " + (n == 1 ? "it" : "them") +
         " on the hub's site (a web login may delete), or set prune = false for this mirror";
}

MirrorReport commit_mirror(const CommitMirror& m, const ResultIndex& index,
                           transfer::HubClients& clients) {
  MirrorReport report{m.mirror,
                      manifest::to_string(m.target.hub) + ":" + m.target.id,
                      MirrorOutcome::failed,
                      {},
                      {},
                      {},
                      {}};
  auto source = clients.reader(m.source.hub);
  auto target = clients.writer(m.target.hub);
  if (!source || !target) {
    report.error = describe(source ? target.error() : source.error());
    return report;
  }
  if (std::string moved = source_moved(m, **source); !moved.empty()) {
    report.error = std::move(moved);
    return report;
  }
  hub::CommitSpec spec;
  spec.branch = m.target.branch;
  spec.message = "Mirror " + m.source.id + "@" + m.source.commit.substr(0, 12) + " with hf2ms";
  // HF sends it as parentCommit; MsClient checks the head against it before each commit.
  spec.parent_commit = m.parent_commit;
  for (const plan::Step& s : m.steps) {
    if (s.action == plan::Action::remove) {
      spec.deletes.push_back(s.path);
      continue;
    }
    AddOrProblem a = s.transport == plan::Transport::embedded ? embedded_add(s)
                                                              : copied_add(s, m, index, **source);
    if (a.ignored) {
      report.ignored.push_back(s.path);
      continue;
    }
    if (!a.add) {
      report.outcome = a.outcome;
      report.error = a.problem;
      return report;
    }
    spec.adds.push_back(std::move(*a.add));
  }
  if (spec.adds.empty() && spec.deletes.empty()) {
    report.outcome = MirrorOutcome::applied;
    return report;
  }
  // The replay check compares by SHA-256 where the hub lists one: give it the SHA-256 each
  // add carries (verified from the bytes), also where the plan had only a git oid.
  transfer::CommitMirror verified = m;
  for (plan::Step& s : verified.steps) {
    auto add = std::find_if(spec.adds.begin(), spec.adds.end(),
                            [&](const hub::CommitAdd& a) { return a.path == s.path; });
    if (add != spec.adds.end()) {
      s.sha256 = add->sha256;
    }
  }
  if (auto reader = clients.reader(m.target.hub); reader && already_applied(verified, **reader)) {
    report.outcome = MirrorOutcome::applied;  // committed before (commit_replay.hpp): no-op
    return report;
  }
  // Inline files were read just now: the source must not have moved while they were.
  if (std::string moved = source_moved(m, **source); !moved.empty()) {
    report.error = std::move(moved);
    return report;
  }
  auto committed = (*target)->commit({m.target.hub, m.target.type, m.target.id}, spec);
  if (!committed) {
    report.error = describe(committed.error());
    return report;
  }
  report.outcome = MirrorOutcome::applied;
  report.commits = committed->commit_oids;
  if (!committed->refused_deletes.empty()) {
    report.outcome = MirrorOutcome::failed;
    report.not_deleted = committed->refused_deletes;
    report.error = refused_deletes_reason(*committed);
  }
  return report;
}

// commit_mirror within its chain of plans on one target branch, then the plan's tag.
// `landed`: the commit went through (even when the tag after it failed: the restore after it
// must still run).
MirrorReport commit_ref_plan(const CommitMirror& original, const ResultIndex& index,
                             transfer::HubClients& clients, const RefChains& chains, bool& landed) {
  if (std::string why = chains.blocked(original); !why.empty()) {
    return MirrorReport{original.mirror,
                        manifest::to_string(original.target.hub) + ":" + original.target.id,
                        MirrorOutcome::skipped,
                        {},
                        std::move(why),
                        {},
                        {}};
  }
  const CommitMirror m = chains.chained(original);
  MirrorReport report = commit_mirror(m, index, clients);
  landed = report.outcome == MirrorOutcome::applied;
  if (!landed || !m.ref) {
    return report;
  }
  auto target = clients.writer(m.target.hub);
  auto tagged = target ? make_tag(m, chains.head_after(m, report.commits), **target)
                       : Result<void>(unexpected(target.error()));
  if (!tagged) {
    report.outcome = MirrorOutcome::failed;
    report.error = tagged.error().message;
  }
  return report;
}

}  // namespace

std::vector<transfer::Task> make_tasks(const plan::Plan& plan, std::span<const Shard> shards,
                                       const std::vector<transfer::HubAccess>& hubs) {
  std::vector<std::vector<transfer::FileKey>> keys;
  for (const Shard& shard : shards) {
    auto& files = keys.emplace_back();
    for (const FileToCopy& f : shard.files) {
      files.push_back({f.mirror, f.path});
    }
  }
  return transfer::make_tasks(plan, keys, hubs);
}

transfer::CommitReport run_commit_job(const transfer::CommitJob& job,
                                      std::span<const transfer::TaskResult> results,
                                      transfer::HubClients& clients) {
  const ResultIndex index = index_results(results);
  transfer::CommitReport report;
  report.ok = true;
  RefChains chains;
  for (const CommitMirror& original : job.mirrors) {
    bool landed = false;
    MirrorReport r = commit_ref_plan(original, index, clients, chains, landed);
    chains.record(original, r.commits, landed);
    report.ok = report.ok && r.outcome == MirrorOutcome::applied;
    report.mirrors.push_back(std::move(r));
  }
  return report;
}

}  // namespace hf2ms::applier
