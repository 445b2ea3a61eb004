// Task, TaskResult, CommitJob and CommitReport: the values that cross the process boundary
// between the applier and `hf2ms transfer` (locally, or in a Modal container, DESIGN.md §7).
// A Task is one shard of a plan's file copies: for each mirror it touches, the pinned source
// commit, the target branch and the files with the size and SHA-256 the plan promised. The
// worker answers with a TaskResult; once every task has reported, the CommitJob (the plan's
// mirrors with their steps) and the results drive the commit step, which answers with a
// CommitReport. task_json.hpp reads and writes all four.
//
// Tokens never appear here: a HubAccess names the environment variable that holds the token,
// and the worker reads it from its own environment.
#pragma once

#include "hub/write_types.hpp"
#include "manifest/manifest.hpp"
#include "plan/plan.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hf2ms::transfer {

// Version of the task/result/commit-job JSON; readers refuse any other.
inline constexpr std::int64_t k_task_format_version = 1;

// Where a hub lives and how to authenticate to it.
struct HubAccess {
  manifest::Hub hub = manifest::Hub::hf;
  std::string endpoint;   // API base URL, "https://huggingface.co"
  std::string token_env;  // name of the environment variable holding the token; "" = none
  bool operator==(const HubAccess&) const = default;
};

struct SourceRepo {
  manifest::Hub hub = manifest::Hub::hf;
  manifest::RepoType type = manifest::RepoType::model;
  std::string id;      // "ns/name"
  std::string commit;  // the pinned 40-hex commit
  // The branch or tag the plan pinned `commit` from; "" when unknown (older tasks).
  std::string revision;
  bool operator==(const SourceRepo&) const = default;
};

// The revision every read of the source sends. HF reads name the pinned commit. ModelScope
// takes branch and tag names only (one API generation refuses commit ids as Revision,
// real-hub-limits.md ModelScope §1), so its reads name `revision`, and the commit step checks
// that it still points at `commit` (applier/commit_step.hpp).
[[nodiscard]] const std::string& read_revision(const SourceRepo& source);

struct TargetRepo {
  manifest::Hub hub = manifest::Hub::ms;
  manifest::RepoType type = manifest::RepoType::model;
  std::string id;
  std::string branch;
  bool operator==(const TargetRepo&) const = default;
};

// One file to copy, with what the plan promised about its content.
struct TaskFile {
  std::string path;
  std::uint64_t size = 0;
  std::optional<std::string> sha256;          // lower-case hex; absent for small HF files
  std::optional<std::string> source_git_oid;  // HF git blob oid, when known
  bool source_lfs = false;
  bool operator==(const TaskFile&) const = default;
};

// The files of one mirror that a task copies.
struct MirrorGroup {
  std::size_t mirror = 0;  // index of the mirror in the plan
  SourceRepo source;
  TargetRepo target;
  std::vector<TaskFile> files;  // sorted by path
  bool operator==(const MirrorGroup&) const = default;
};

struct Task {
  std::int64_t format_version = k_task_format_version;
  std::size_t index = 0;        // position in the job's task list
  std::vector<HubAccess> hubs;  // one entry per hub the groups use
  std::vector<MirrorGroup> groups;
  bool operator==(const Task&) const = default;
};

// What happened to one file of a task.
enum class FileStatus {
  uploaded,         // streamed, verified and stored on the target
  already_present,  // the target already stores a blob with this SHA-256: nothing sent
  inline_deferred,  // the target keeps it inline: the commit step fetches it itself
  failed,           // never stored (or stored incompletely); must not be committed
  // The target hub ignores this path (HF preupload `shouldIgnore`: the target's .gitignore
  // excludes it, huggingface-hub.md §8.1): not copied, left out of the commit, and reported;
  // the rest of the mirror goes on.
  ignored,
};

struct FileResult {
  std::size_t mirror = 0;
  std::string path;
  std::uint64_t size = 0;  // bytes seen (the plan's size when nothing was streamed)
  // SHA-256 computed from the bytes that went through; for already_present the computed one
  // when the file was read whole, else the plan's; absent for failures before the end of
  // the file and for inline_deferred files the transfer did not read.
  std::optional<std::string> sha256;
  // Git blob oid computed from the same bytes (absent when the file was not read). With
  // `sha256` it is a pair the applier remembers in the oid cache (issue #17 item 1).
  std::optional<std::string> git_oid;
  // inline_deferred files read whole by the transfer: their bytes, so the commit step need
  // not download them again (it re-hashes them against the plan). JSON: base64.
  std::optional<std::string> content;
  hub::Storage storage = hub::Storage::lfs;
  FileStatus status = FileStatus::failed;
  std::string error;  // empty unless failed
  bool operator==(const FileResult&) const = default;
};

struct TaskResult {
  std::size_t task = 0;
  bool ok =
      false;  // no file failed (each is uploaded, already_present, inline_deferred or ignored)
  std::string error;  // first failure, for the summary; empty when ok
  // When not ok: true if every failure was transient (worth running the task again).
  bool retryable = false;
  std::vector<FileResult> files;
  std::uint64_t bytes = 0;  // bytes streamed from the sources
  double seconds = 0;
  bool operator==(const TaskResult&) const = default;
};

// One mirror as the commit step needs it: the plan's create/update/remove steps.
struct CommitMirror {
  std::size_t mirror = 0;
  SourceRepo source;
  TargetRepo target;
  // HF: the target head seen when planning, sent as parentCommit. Absent for a new repo.
  std::optional<std::string> parent_commit;
  std::vector<plan::Step> steps;  // create, update and remove steps only
  // A ref plan's ref (plan::MirrorPlan::ref): the commit step makes the tag after the commit,
  // and chains the plans of one target branch (docs/apply.md "Branches and tags").
  std::optional<plan::RefPlan> ref;
  bool operator==(const CommitMirror&) const = default;
};

struct CommitJob {
  std::int64_t format_version = k_task_format_version;
  std::vector<HubAccess> hubs;
  std::vector<CommitMirror> mirrors;  // mirrors with changes, plan order
  bool operator==(const CommitJob&) const = default;
};

enum class MirrorOutcome {
  applied,  // committed (or nothing needed committing)
  failed,   // a file or the commit failed; the target is unchanged or partly committed
  skipped,  // not attempted: a transfer of one of its files failed or never reported
};

struct MirrorReport {
  std::size_t mirror = 0;
  std::string target;  // "ms:ns/name", for the summary
  MirrorOutcome outcome = MirrorOutcome::skipped;
  std::vector<std::string> commits;  // commit oids made, in order
  std::string error;
  // Remove steps the target hub refused for the token (ModelScope): the outcome is failed,
  // `error` says why, and everything else of the mirror is in `commits`.
  std::vector<std::string> not_deleted;
  std::vector<std::string>
      ignored;  // paths the target ignores (FileStatus::ignored), not committed
  bool operator==(const MirrorReport&) const = default;
};

struct CommitReport {
  bool ok = false;  // every mirror applied
  std::vector<MirrorReport> mirrors;
  bool operator==(const CommitReport&) const = default;
};

// Stable JSON names.
[[nodiscard]] std::string_view to_string(FileStatus status);
[[nodiscard]] std::string_view to_string(MirrorOutcome outcome);
[[nodiscard]] std::string_view to_string(hub::Storage storage);  // "lfs" | "inline"

// The HubAccess for `hub` in `hubs`; nullptr when absent.
[[nodiscard]] const HubAccess* find_hub(const std::vector<HubAccess>& hubs, manifest::Hub hub);

}  // namespace hf2ms::transfer
