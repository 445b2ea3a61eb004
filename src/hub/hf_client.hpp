// HfClient: the Hugging Face Hub behind HubReader and HubWriter, over the Hub's HTTP API as
// the official clients use it (protocols/huggingface-hub.md). It builds requests with
// hf_requests.hpp, runs them through a Performer and reads the answers with hf_json.hpp.
// The token is bound to the endpoint's origin only. Thread-compatible: calls may run from
// several threads when the Performer allows it (it holds no mutable state).
#pragma once

#include "http/clock.hpp"
#include "hub/commit_batches.hpp"
#include "hub/hub.hpp"
#include "hub/performer.hpp"
#include "hub/site.hpp"

#include <chrono>
#include <memory>
#include <optional>

namespace hf2ms::hub {

// How HfClient::commit cuts and paces a large change (real-hub-limits.md HF §2, §3).
struct HfClientOptions {
  AdaptiveOptions batch;  // operations per commit: 256 at first, within [20, 1000]
  // Inline (base64) content per commit. The Hub's documented ceiling is ~1 GB; the server's
  // ~60 s budget for checking a commit is the practical one, so we stay far below.
  std::uint64_t max_inline_bytes = std::uint64_t{64} << 20;
  // A commit answered 429 (the hourly commit quota, or the `api` bucket) was refused, so it is
  // sent again after the advertised reset; at most this much waiting per change in all.
  std::chrono::milliseconds rate_limit_budget{3'900'000};
  // Answers that left a commit's outcome unknown (5xx, timeout) in a row before giving up;
  // each is followed by a re-read of the branch head.
  int unknown_outcome_attempts = 5;
  http::Sleeper* sleeper = nullptr;    // null: http::system_sleeper()
  const http::Clock* clock = nullptr;  // null: http::system_clock()
};

class HfClient final : public HubReader, public HubWriter {
 public:
  // invalid_input when `endpoint` is not an absolute http(s) URL.
  [[nodiscard]] static Result<std::unique_ptr<HfClient>> create(std::string_view endpoint,
                                                                const std::optional<Secret>& token,
                                                                Performer& performer,
                                                                HfClientOptions options = {});

  [[nodiscard]] Result<Identity> whoami() override;
  [[nodiscard]] Result<std::optional<RepoInfo>> repo_info(const RepoKey& key,
                                                          std::string_view revision) override;
  [[nodiscard]] Result<std::vector<std::string>> list_repos(manifest::RepoType type,
                                                            std::string_view ns) override;
  // One revision-info request (blobs=true) when its siblings list every file, else the head
  // and the tree pages at it (hf_read.cpp). `privacy` changes nothing: the Hub always says.
  [[nodiscard]] Result<std::optional<RepoListing>> read_repo(const RepoKey& key,
                                                             std::string_view revision,
                                                             Privacy privacy) override;
  // Follows every `Link: rel="next"` page of the recursive tree.
  [[nodiscard]] Result<std::vector<FileEntry>> list_files(const RepoKey& key,
                                                          std::string_view commit) override;
  [[nodiscard]] http::Request download_request(const RepoKey& key, std::string_view commit,
                                               std::string_view path,
                                               std::optional<ByteRange> range) const override;
  [[nodiscard]] Result<std::string> fetch_small_file(const RepoKey& key, std::string_view commit,
                                                     std::string_view path) override;
  // A 403 "storage locked" is storage_locked; LFS objects are then read through the Git LFS
  // batch "download" operation (hf_lfs_download.hpp).
  [[nodiscard]] DownloadRefusal download_error(const http::Response& answer) const override;
  [[nodiscard]] std::optional<http::Request> lfs_download_batch_request(
      const RepoKey& key, const BlobSpec& blob) const override;
  [[nodiscard]] Result<http::Request> lfs_download_request(
      const http::Response& batch_answer, const BlobSpec& blob,
      std::optional<ByteRange> range) const override;

  [[nodiscard]] Result<void> create_repo(const RepoKey& key, const CreateOptions& options) override;
  [[nodiscard]] Result<void> set_visibility(const RepoKey& key, RepoVisibility visibility) override;
  // The Hub's preupload answer, in batches of k_hf_preupload_batch; an empty file is inline
  // whatever the answer says.
  [[nodiscard]] Result<std::vector<StorageDecision>> decide_storage(
      const RepoKey& key, std::string_view branch, std::span<const StagedFile> files) override;
  // LFS batch (basic or multipart), in batches of k_hf_lfs_batch.
  [[nodiscard]] Result<std::vector<BlobUpload>> plan_uploads(
      const RepoKey& key, std::string_view branch, std::span<const BlobSpec> blobs) override;
  // NDJSON commits of at most AdaptiveBatchSize operations and max_inline_bytes each, in
  // commit_order, each with parentCommit = the previous one's oid (the first: spec's, when
  // set). After a 5xx or a timeout the branch head is read again: our commit (head moved, its
  // title is ours) counts as landed, an unmoved head means resend smaller, anything else is a
  // conflict. A 429 is resent after the advertised reset. An empty spec makes no request.
  [[nodiscard]] Result<CommitResult> commit(const RepoKey& key, const CommitSpec& spec) override;
  // lfs-files/duplicate in batches of k_hf_duplicate_batch; any refused batch is the error.
  [[nodiscard]] Result<void> copy_server_side(const RepoKey& source, const RepoKey& target,
                                              std::span<const ServerCopy> files) override;
  // The newest commit of `branch` (GET commits/{branch}?limit=1).
  [[nodiscard]] Result<BranchHead> branch_head(const RepoKey& key, std::string_view branch);
  // Refs (hf_refs.cpp, protocols/huggingface-hub.md §7.5, §9): GET refs; POST branch/{name}
  // {"startingPoint"}; POST tag/{commit or branch} {"tag"}; DELETE tag/{name}.
  [[nodiscard]] Result<RefList> list_refs(const RepoKey& key) override;
  [[nodiscard]] Result<void> create_branch(const RepoKey& key, std::string_view name,
                                           std::string_view start_point) override;
  [[nodiscard]] Result<void> create_tag(const RepoKey& key, std::string_view name,
                                        const TagPoint& at) override;
  [[nodiscard]] Result<void> delete_tag(const RepoKey& key, std::string_view name) override;

  [[nodiscard]] const Site& site() const { return site_; }

 private:
  HfClient(Site site, Performer& performer, HfClientOptions options)
      : site_(std::move(site)), performer_(performer), options_(options) {}
  // Runs `request`; any answer that is not a 2xx becomes an Error.
  [[nodiscard]] Result<http::Response> call(http::Request request);
  // Every page of a Link-paginated listing, starting at `first`; `read` takes each body.
  template <class Read>
  [[nodiscard]] Result<void> each_page(http::Request first, Read&& read);

  // One commit of one batch; its oid.
  [[nodiscard]] Result<std::string> commit_once(const RepoKey& key, const CommitSpec& batch);

  Site site_;
  Performer& performer_;
  HfClientOptions options_;
};

}  // namespace hf2ms::hub
