// HubReader and HubWriter: everything hf2ms asks of a hub, as two capabilities (STYLE.md §3:
// observing takes a HubReader&, only the applier gets a HubWriter&). HfClient and MsClient
// implement both over their hub's real HTTP API (protocols/huggingface-hub.md,
// protocols/modelscope-hub.md). Every call blocks; errors come back as Result with the hub's
// own message kept (hf_error / ms_error).
//
// Requests that move file bytes are not run here: download_request and plan_uploads return
// http::Request values the transfer engine executes concurrently, streaming.
#pragma once

#include "http/request.hpp"
#include "hub/ref_types.hpp"
#include "hub/types.hpp"
#include "hub/upload.hpp"
#include "hub/write_types.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hub {

// A slice of a file: `length` bytes from `offset`, or to the end when `length` is nullopt.
struct ByteRange {
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> length;
};

// Why a source download was refused. `storage_locked`: the hub refuses downloads of the repo
// while its organisation is over its storage quota (HF 403 on /resolve/, real-hub-limits.md
// HF §6); its LFS objects can still be read through lfs_download_batch_request.
struct DownloadRefusal {
  Error error;
  bool storage_locked = false;
};

class HubReader {
 public:
  HubReader() = default;
  HubReader(const HubReader&) = delete;
  HubReader& operator=(const HubReader&) = delete;
  virtual ~HubReader() = default;

  // Who the token belongs to; unauthorized when it is missing or rejected.
  [[nodiscard]] virtual Result<Identity> whoami() = 0;

  // The repo at `revision` (branch, tag or commit) with its head commit pinned; nullopt when
  // the repo does not exist or is invisible to the token. gated/unauthorized errors pass.
  [[nodiscard]] virtual Result<std::optional<RepoInfo>> repo_info(const RepoKey& key,
                                                                  std::string_view revision) = 0;

  // Names ("namespace/name") of every repo of `type` in `ns` the token can see.
  [[nodiscard]] virtual Result<std::vector<std::string>> list_repos(manifest::RepoType type,
                                                                    std::string_view ns) = 0;

  // Every file of the repo at `commit`, recursively, sorted by path, paths validated.
  [[nodiscard]] virtual Result<std::vector<FileEntry>> list_files(const RepoKey& key,
                                                                  std::string_view commit) = 0;

  // The repo at `revision` with its head pinned and every file at that commit, in as few
  // requests as the hub allows (docs/hubs.md "Requests per repo read"): HF one revision-info
  // call when it lists every file, ModelScope the head and the listing, plus its repo info
  // when `privacy` is needed (else RepoInfo::is_private and gated are false). nullopt when
  // the repo does not exist or is invisible to the token. The head is read before the
  // listing, so a revision that moves in between yields a listing newer than the pinned head,
  // which apply refuses (the target's head moved; the source is not at the planned commit).
  // The default runs repo_info, then list_files at the head (HF) or at `revision` (ModelScope,
  // which takes branch and tag names only).
  [[nodiscard]] virtual Result<std::optional<RepoListing>> read_repo(const RepoKey& key,
                                                                     std::string_view revision,
                                                                     Privacy privacy);

  // A GET of the file's content at `commit` (redirects followed; the credential stays on the
  // hub's own origins). The caller attaches a consumer to stream it.
  [[nodiscard]] virtual http::Request download_request(const RepoKey& key, std::string_view commit,
                                                       std::string_view path,
                                                       std::optional<ByteRange> range) const = 0;

  // The whole content of a small file (a README, a non-LFS file whose SHA-256 is needed).
  [[nodiscard]] virtual Result<std::string> fetch_small_file(const RepoKey& key,
                                                             std::string_view commit,
                                                             std::string_view path) = 0;

  // What a failed answer to download_request means, with the hub's own message. Default: the
  // HTTP layer's mapping, never storage_locked.
  [[nodiscard]] virtual DownloadRefusal download_error(const http::Response& answer) const;

  // The way around a storage-locked refusal, for LFS objects only: the Git LFS batch request
  // with operation "download" for `blob`, and then the GET of the object the batch answer
  // names, for `range`. The answer is untrusted: it must name exactly `blob` with one href;
  // the href gets the hub's credential only on the hub's own origin. Default: no such API
  // (nullopt; the second call is then never made and answers not_found).
  [[nodiscard]] virtual std::optional<http::Request> lfs_download_batch_request(
      const RepoKey& key, const BlobSpec& blob) const;
  [[nodiscard]] virtual Result<http::Request> lfs_download_request(
      const http::Response& batch_answer, const BlobSpec& blob,
      std::optional<ByteRange> range) const;
  // The repo's branches and tags (manifest `refs`). Readers that cannot list refs answer
  // invalid_input (the default).
  [[nodiscard]] virtual Result<RefList> list_refs(const RepoKey& key);
};

class HubWriter {
 public:
  HubWriter() = default;
  HubWriter(const HubWriter&) = delete;
  HubWriter& operator=(const HubWriter&) = delete;
  virtual ~HubWriter() = default;

  // Creates the repo; conflict when it already exists. The clients send the create again after
  // an answer that left it unknown or refused it (create_retry.hpp): a conflict after such an
  // answer is success only when the repo is as this create would have left it.
  [[nodiscard]] virtual Result<void> create_repo(const RepoKey& key,
                                                 const CreateOptions& options) = 0;

  [[nodiscard]] virtual Result<void> set_visibility(const RepoKey& key,
                                                    RepoVisibility visibility) = 0;

  // How the hub wants each file stored (HF asks the hub: preupload; ModelScope applies the
  // SDK's rule locally). One decision per input, in input order.
  [[nodiscard]] virtual Result<std::vector<StorageDecision>> decide_storage(
      const RepoKey& key, std::string_view branch, std::span<const StagedFile> files) = 0;

  // Asks the hub which of `blobs` it still needs and returns how to upload each of those;
  // blobs the hub already has are left out.
  [[nodiscard]] virtual Result<std::vector<BlobUpload>> plan_uploads(
      const RepoKey& key, std::string_view branch, std::span<const BlobSpec> blobs) = 0;

  // Commits adds and deletes to `spec.branch`. Never retried automatically (a repeat could
  // commit twice); conflict when HF's parent commit is stale.
  [[nodiscard]] virtual Result<CommitResult> commit(const RepoKey& key, const CommitSpec& spec) = 0;

  // Branches and tags (manifest `refs`); conflict when the ref exists. Writers that cannot
  // make refs answer invalid_input (the defaults), and a hub without such an API says so.
  // A new branch `name` starting at `start_point` (a commit or a branch).
  [[nodiscard]] virtual Result<void> create_branch(const RepoKey& key, std::string_view name,
                                                   std::string_view start_point);
  [[nodiscard]] virtual Result<void> create_tag(const RepoKey& key, std::string_view name,
                                                const TagPoint& at);
  [[nodiscard]] virtual Result<void> delete_tag(const RepoKey& key, std::string_view name);
  // Copies `files` from `source` into `target`'s storage without moving bytes, so that a
  // commit to `target` may then add them by SHA-256 (an LFS add of an already_present file).
  // All or nothing per call: an error means the hub refused (any of) them and the caller
  // uploads them instead. Only the Hugging Face Hub has this (lfs-files/duplicate,
  // real-hub-limits.md HF §7); every other hub answers invalid_input.
  [[nodiscard]] virtual Result<void> copy_server_side(const RepoKey& source, const RepoKey& target,
                                                      std::span<const ServerCopy> files) {
    (void)source;
    (void)target;
    (void)files;
    return unexpected(make_error(ErrorKind::invalid_input, "this hub has no server-side copy"));
  }
};

}  // namespace hf2ms::hub
