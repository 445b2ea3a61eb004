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

#include <memory>
#include <optional>

namespace hf2ms::hub {

struct MsClientOptions {
  // Entries per dataset tree page (the SDK uses 200, §5.2).
  std::size_t dataset_page_size = 200;
  // The model `repo/files` listing is cut silently at this many entries (§5.1).
  std::size_t files_truncation_limit = 3000;
  // Commit answered 429 ("Commit frequency limit exceeded", §8.3): the hub refused it, so it
  // is safe to send again after the wait; at most this many attempts in all.
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
  // Head commit from the revisions listing (branch or tag named `revision`); a 40-hex
  // revision is taken as the commit itself.
  [[nodiscard]] Result<std::optional<RepoInfo>> repo_info(const RepoKey& key,
                                                          std::string_view revision) override;
  [[nodiscard]] Result<std::vector<std::string>> list_repos(manifest::RepoType type,
                                                            std::string_view ns) override;
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

  [[nodiscard]] Result<void> create_repo(const RepoKey& key, const CreateOptions& options) override;
  [[nodiscard]] Result<void> set_visibility(const RepoKey& key, RepoVisibility visibility) override;
  // Local rule (ms_storage_for); no request.
  [[nodiscard]] Result<std::vector<StorageDecision>> decide_storage(
      const RepoKey& key, std::string_view branch, std::span<const StagedFile> files) override;
  // Blob batch in groups of k_ms_blob_batch; known blobs are left out.
  [[nodiscard]] Result<std::vector<BlobUpload>> plan_uploads(
      const RepoKey& key, std::string_view branch, std::span<const BlobSpec> blobs) override;
  // One commit per 2000 actions, in order; stops at the first failure (earlier batches stay).
  [[nodiscard]] Result<CommitResult> commit(const RepoKey& key, const CommitSpec& spec) override;

  [[nodiscard]] const Site& site() const { return site_; }

 private:
  MsClient(Site site, Performer& performer, MsClientOptions options)
      : site_(std::move(site)), performer_(performer), options_(std::move(options)) {}
  [[nodiscard]] Result<http::Response> call(http::Request request);
  [[nodiscard]] Result<MsListing> model_level(const RepoKey& key, std::string_view commit,
                                              std::string_view root, bool recursive);
  [[nodiscard]] Result<std::vector<FileEntry>> rewalk_model(const RepoKey& key,
                                                            std::string_view commit);
  [[nodiscard]] Result<std::vector<FileEntry>> dataset_files(const RepoKey& key,
                                                             std::string_view commit);
  [[nodiscard]] Result<std::string> head_commit(const RepoKey& key, std::string_view revision);
  [[nodiscard]] Result<std::string> commit_once(const RepoKey& key, std::string_view branch,
                                                const std::string& body);

  Site site_;
  Performer& performer_;
  MsClientOptions options_;
};

}  // namespace hf2ms::hub
