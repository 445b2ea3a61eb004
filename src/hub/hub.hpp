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

  // A GET of the file's content at `commit` (redirects followed; the credential stays on the
  // hub's own origins). The caller attaches a consumer to stream it.
  [[nodiscard]] virtual http::Request download_request(const RepoKey& key, std::string_view commit,
                                                       std::string_view path,
                                                       std::optional<ByteRange> range) const = 0;

  // The whole content of a small file (a README, a non-LFS file whose SHA-256 is needed).
  [[nodiscard]] virtual Result<std::string> fetch_small_file(const RepoKey& key,
                                                             std::string_view commit,
                                                             std::string_view path) = 0;
};

class HubWriter {
 public:
  HubWriter() = default;
  HubWriter(const HubWriter&) = delete;
  HubWriter& operator=(const HubWriter&) = delete;
  virtual ~HubWriter() = default;

  // Creates the repo; conflict when it already exists.
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
