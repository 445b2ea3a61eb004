// MsClient: ModelScope behind HubReader and HubWriter, over the legacy `/api/v1` API the
// official SDK uses (plus OpenAPI for whoami and namespace listings), see
// protocols/modelscope-hub.md. Models and datasets only: ModelScope has no API for studios, so
// a space key is invalid_input. Thread-compatible like HfClient.
#pragma once

#include "http/clock.hpp"
#include "hub/hub.hpp"
#include "hub/ms_json.hpp"
#include "hub/performer.hpp"
#include "hub/site.hpp"

#include <chrono>
#include <memory>
#include <optional>

namespace hf2ms::hub {

struct MsClientOptions {
  // Entries per dataset tree page (the SDK uses 200, §5.2).
  std::size_t dataset_page_size = 200;
  // The model `repo/files` listing is cut silently at this many entries (§5.1).
  std::size_t files_truncation_limit = 3000;
  // A commit the hub refused and asks to send again: 429 E1021 "Commit frequency limit
  // exceeded", 409 "branch changed, please retry", or a message saying "Could not update refs"
  // or "try again" (real-hub-limits.md ModelScope §2). Sent again after the advertised wait or
  // min(2^n, 60) s, as the SDK does, while the waits for one commit stay within this budget.
  std::chrono::milliseconds commit_retry_budget{300'000};
  // Answers that left one commit's outcome unknown (5xx, timeout) before giving up; each is
  // followed by a re-read of the branch head.
  int commit_attempts = 5;
  http::Sleeper* sleeper = nullptr;  // null: http::system_sleeper()
};

class MsClient final : public HubReader, public HubWriter {
 public:
  [[nodiscard]] static Result<std::unique_ptr<MsClient>> create(std::string_view endpoint,
                                                                const std::optional<Secret>& token,
                                                                Performer& performer,
                                                                MsClientOptions options = {});

  [[nodiscard]] Result<Identity> whoami() override;
  // Head commit from the commit listing of the branch or tag named `revision` (§5.4), never
  // from a `CommitId` field; a 40-hex revision is taken as the commit itself.
  [[nodiscard]] Result<std::optional<RepoInfo>> repo_info(const RepoKey& key,
                                                          std::string_view revision) override;
  [[nodiscard]] Result<std::vector<std::string>> list_repos(manifest::RepoType type,
                                                            std::string_view ns) override;
  // Two requests (ms_read.cpp): the head from the commit listing of `revision`, then the
  // listing by that name; the repo info first when `privacy` is needed, or after a 404 to
  // tell a missing repo (nullopt) from a missing branch (an error). Large repos cost what
  // list_files costs.
  [[nodiscard]] Result<std::optional<RepoListing>> read_repo(const RepoKey& key,
                                                             std::string_view revision,
                                                             Privacy privacy) override;
  // Models: one recursive `repo/files`; when it holds the truncation limit's worth of entries,
  // a re-walk folder by folder (Recursive=False&Root=<dir>); a single folder over the limit is
  // an error, never a silent gap. Datasets: the paged `repo/tree`.
  [[nodiscard]] Result<std::vector<FileEntry>> list_files(const RepoKey& key,
                                                          std::string_view commit) override;
  [[nodiscard]] http::Request download_request(const RepoKey& key, std::string_view commit,
                                               std::string_view path,
                                               std::optional<ByteRange> range) const override;
  [[nodiscard]] Result<std::string> fetch_small_file(const RepoKey& key, std::string_view commit,
                                                     std::string_view path) override;
  // The hub's own message (ms_response_error); ModelScope has no storage-locked state.
  [[nodiscard]] DownloadRefusal download_error(const http::Response& answer) const override;

  [[nodiscard]] Result<void> create_repo(const RepoKey& key, const CreateOptions& options) override;
  [[nodiscard]] Result<void> set_visibility(const RepoKey& key, RepoVisibility visibility) override;
  // Local rule (ms_storage_for); no request.
  [[nodiscard]] Result<std::vector<StorageDecision>> decide_storage(
      const RepoKey& key, std::string_view branch, std::span<const StagedFile> files) override;
  // Blob batch in groups of k_ms_blob_batch; known blobs are left out.
  [[nodiscard]] Result<std::vector<BlobUpload>> plan_uploads(
      const RepoKey& key, std::string_view branch, std::span<const BlobSpec> blobs) override;
  // Commits of at most k_ms_commit_caps (256 actions, ~8 MiB body), in commit_order; stops at
  // the first failure (earlier batches stay). ModelScope has no parentCommit, so right before
  // each commit the branch head is read again: it must be spec.parent_commit (when set) or our
  // previous commit, else the change is refused as a conflict. Refusals that ask to try again
  // are resent within commit_retry_budget; after a 5xx or a timeout the re-read tells whether
  // the commit landed (the head is a new commit with its title). When the hub refuses the
  // deletes for the token ("no longer supports deletion operations"), the batch is sent again
  // without them, later batches leave their deletes out, and every delete not made is listed
  // in CommitResult::refused_deletes with the hub's words.
  [[nodiscard]] Result<CommitResult> commit(const RepoKey& key, const CommitSpec& spec) override;
  // The newest commit of a branch or tag (the commit listing, §5.4).
  [[nodiscard]] Result<BranchHead> branch_head(const RepoKey& key, std::string_view revision);
  // Refs (ms_refs.cpp, protocols/modelscope-hub.md §5.3, §7.5): the revisions list; a tag by
  // POST repo/tag {"TagName", "Ref": branch} (models only). The notes document no call to
  // create a branch or delete a tag, so those answer invalid_input saying so.
  [[nodiscard]] Result<RefList> list_refs(const RepoKey& key) override;
  [[nodiscard]] Result<void> create_branch(const RepoKey& key, std::string_view name,
                                           std::string_view start_point) override;
  [[nodiscard]] Result<void> create_tag(const RepoKey& key, std::string_view name,
                                        const TagPoint& at) override;
  [[nodiscard]] Result<void> delete_tag(const RepoKey& key, std::string_view name) override;

  [[nodiscard]] const Site& site() const { return site_; }

 private:
  MsClient(Site site, Performer& performer, MsClientOptions options)
      : site_(std::move(site)), performer_(performer), options_(std::move(options)) {}
  [[nodiscard]] Result<http::Response> call(http::Request request);
  // GET /api/v1/{t}s/{o}/{n} alone: nullopt on 404; head_commit left empty.
  [[nodiscard]] Result<std::optional<RepoInfo>> info_only(const RepoKey& key);
  [[nodiscard]] Result<MsListing> model_level(const RepoKey& key, std::string_view commit,
                                              std::string_view root, bool recursive);
  [[nodiscard]] Result<std::vector<FileEntry>> rewalk_model(const RepoKey& key,
                                                            std::string_view commit);
  [[nodiscard]] Result<std::vector<FileEntry>> dataset_files(const RepoKey& key,
                                                             std::string_view commit);
  [[nodiscard]] Result<std::string> head_commit(const RepoKey& key, std::string_view revision);
  // Sends one batch until it lands or fails; `expected` is the head it must be made on
  // (nullopt: any), `expected_title` the title of our previous commit ("" for none).
  [[nodiscard]] Result<std::string> commit_batch(const RepoKey& key, const CommitSpec& batch,
                                                 std::optional<std::string>& expected,
                                                 const std::string& expected_title);
  // commit_batch for one batch of commit(), without its deletes once the hub refused deletes
  // for the token (they go to `result`). "" when nothing was left to send.
  [[nodiscard]] Result<std::string> send_batch(const RepoKey& key, CommitSpec batch,
                                               std::optional<std::string>& expected,
                                               const std::string& expected_title,
                                               CommitResult& result);

  Site site_;
  Performer& performer_;
  MsClientOptions options_;
};

}  // namespace hf2ms::hub
