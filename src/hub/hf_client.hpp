// HfClient: the Hugging Face Hub behind HubReader and HubWriter, over the Hub's HTTP API as
// the official clients use it (protocols/huggingface-hub.md). It builds requests with
// hf_requests.hpp, runs them through a Performer and reads the answers with hf_json.hpp.
// The token is bound to the endpoint's origin only. Thread-compatible: calls may run from
// several threads when the Performer allows it (it holds no mutable state).
#pragma once

#include "hub/hub.hpp"
#include "hub/performer.hpp"
#include "hub/site.hpp"

#include <memory>
#include <optional>

namespace hf2ms::hub {

class HfClient final : public HubReader, public HubWriter {
 public:
  // invalid_input when `endpoint` is not an absolute http(s) URL.
  [[nodiscard]] static Result<std::unique_ptr<HfClient>> create(std::string_view endpoint,
                                                                const std::optional<Secret>& token,
                                                                Performer& performer);

  [[nodiscard]] Result<Identity> whoami() override;
  [[nodiscard]] Result<std::optional<RepoInfo>> repo_info(const RepoKey& key,
                                                          std::string_view revision) override;
  [[nodiscard]] Result<std::vector<std::string>> list_repos(manifest::RepoType type,
                                                            std::string_view ns) override;
  // Follows every `Link: rel="next"` page of the recursive tree.
  [[nodiscard]] Result<std::vector<FileEntry>> list_files(const RepoKey& key,
                                                          std::string_view commit) override;
  [[nodiscard]] http::Request download_request(const RepoKey& key, std::string_view commit,
                                               std::string_view path,
                                               std::optional<ByteRange> range) const override;
  [[nodiscard]] Result<std::string> fetch_small_file(const RepoKey& key, std::string_view commit,
                                                     std::string_view path) override;

  [[nodiscard]] Result<void> create_repo(const RepoKey& key, const CreateOptions& options) override;
  [[nodiscard]] Result<void> set_visibility(const RepoKey& key, RepoVisibility visibility) override;
  // The Hub's preupload answer, in batches of k_hf_preupload_batch.
  [[nodiscard]] Result<std::vector<StorageDecision>> decide_storage(
      const RepoKey& key, std::string_view branch, std::span<const StagedFile> files) override;
  // LFS batch (basic or multipart), in batches of k_hf_lfs_batch.
  [[nodiscard]] Result<std::vector<BlobUpload>> plan_uploads(
      const RepoKey& key, std::string_view branch, std::span<const BlobSpec> blobs) override;
  // One NDJSON commit with parentCommit when set; an empty spec makes no request.
  [[nodiscard]] Result<CommitResult> commit(const RepoKey& key, const CommitSpec& spec) override;

  [[nodiscard]] const Site& site() const { return site_; }

 private:
  HfClient(Site site, Performer& performer) : site_(std::move(site)), performer_(performer) {}
  // Runs `request`; any answer that is not a 2xx becomes an Error.
  [[nodiscard]] Result<http::Response> call(http::Request request);
  // Every page of a Link-paginated listing, starting at `first`; `read` takes each body.
  template <class Read>
  [[nodiscard]] Result<void> each_page(http::Request first, Read&& read);

  Site site_;
  Performer& performer_;
};

}  // namespace hf2ms::hub
