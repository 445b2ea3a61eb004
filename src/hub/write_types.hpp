// Value types of the write side of the hub clients: how a repo is created, how the hub wants
// each file stored, what one commit carries and what it produced. Hub-neutral; HfClient and
// MsClient translate them to each hub's wire format. Pure data, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hf2ms::hub {

enum class RepoVisibility { public_, private_ };

struct CreateOptions {
  RepoVisibility visibility = RepoVisibility::public_;
  // HF spaces only: the SDK the space runs ("gradio", "streamlit", "docker", "static").
  std::optional<std::string> space_sdk;
  // ModelScope only: the `License` of the create body, a ModelScope licence id
  // (manifest::ms_license_for); nullopt sends none.
  std::optional<std::string> license;
};

// How a file lives in the repo: inline in the commit (git blob) or as an LFS object that is
// uploaded first and referenced by SHA-256.
enum class Storage { inline_, lfs };

// A file about to be committed, as the storage decision needs it. `sample` is the first
// ≤512 bytes (HF's preupload looks at them; ModelScope decides by name and size).
struct StagedFile {
  std::string path;
  std::uint64_t size = 0;
  std::string sample;
};

// The hub's answer for one StagedFile.
struct StorageDecision {
  std::string path;
  Storage storage = Storage::lfs;
  // HF: a .gitignore in the repo excludes the file; it must be left out of the commit.
  bool ignored = false;
  // HF: the oid the path already has at the branch head (git sha1 for inline files), if any.
  std::optional<std::string> remote_oid;
  bool operator==(const StorageDecision&) const = default;
};

// An LFS object by content hash: what an upload batch asks about.
struct BlobSpec {
  std::string sha256;  // 64 lower-case hex
  std::uint64_t size = 0;
  bool operator==(const BlobSpec&) const = default;
};

// A Xet-backed file to copy server-side from one HF repo to another (lfs-files/duplicate).
struct ServerCopy {
  std::string path;      // the file's name in the request ("filename")
  std::string sha256;    // 64 lower-case hex
  std::string xet_hash;  // 64 lower-case hex, from the source's tree listing
  bool operator==(const ServerCopy&) const = default;
};

// One file added (or replaced) by a commit. Inline files carry their bytes in `content`; LFS
// files must have been uploaded before the commit.
struct CommitAdd {
  std::string path;
  std::uint64_t size = 0;
  std::string sha256;
  Storage storage = Storage::lfs;
  std::string content;  // the whole file, for Storage::inline_ only
};

struct CommitSpec {
  std::string branch;   // "main" / "master"
  std::string message;  // one line
  std::vector<CommitAdd> adds;
  std::vector<std::string> deletes;
  // The head the plan saw. HF sends it as parentCommit of the first commit of the chain (the
  // hub refuses with 412 → conflict when the branch moved); ModelScope has no parentCommit,
  // so MsClient re-reads the head before each commit and refuses when it is not this one.
  std::optional<std::string> parent_commit;
};

// What a commit produced: one oid per hub commit, in order (a large change is several
// commits, commit_batches.hpp). Empty when there was nothing to commit.
struct CommitResult {
  std::vector<std::string> commit_oids;
  // Deletes the hub refused for this credential (ModelScope: "the current token no longer
  // supports deletion operations"); the rest of the change was committed without them.
  std::vector<std::string> refused_deletes;
  std::string refusal;  // the hub's words, when refused_deletes is not empty
};

// The newest commit of a branch, from the hub's commit listing: how a client learns a head
// without trusting a `CommitId` field, and recognises its own commit by its title after an
// answer that left the outcome unknown.
struct BranchHead {
  std::string id;
  std::string title;
  bool operator==(const BranchHead&) const = default;
};

}  // namespace hf2ms::hub
