// MsClient: the write side (protocols/modelscope-hub.md §7, §8).
#include "hub/backoff.hpp"
#include "hub/ms_client.hpp"
#include "hub/ms_requests.hpp"
#include "hub/upload.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace hf2ms::hub {
namespace {

Error no_studios() {
  return make_error(ErrorKind::invalid_input, "ModelScope has no API to create or write studios");
}

}  // namespace

Result<void> MsClient::create_repo(const RepoKey& key, const CreateOptions& options) {
  if (key.type == manifest::RepoType::space) {
    return unexpected(no_studios());
  }
  auto response = call(ms_create_repo_request(site_, key, options));
  if (!response) {
    return unexpected(response.error());
  }
  return {};
}

Result<void> MsClient::set_visibility(const RepoKey& key, RepoVisibility visibility) {
  if (key.type == manifest::RepoType::space) {
    return unexpected(no_studios());
  }
  auto info = call(ms_repo_info_request(site_, key));
  if (!info) {
    return unexpected(info.error());
  }
  auto request = ms_visibility_request(site_, key, info->body, visibility);
  if (!request) {
    return unexpected(request.error());
  }
  auto response = call(std::move(*request));
  if (!response) {
    return unexpected(response.error());
  }
  return {};
}

Result<std::vector<StorageDecision>> MsClient::decide_storage(const RepoKey& key,
                                                              std::string_view /*branch*/,
                                                              std::span<const StagedFile> files) {
  std::vector<StorageDecision> out;
  for (const StagedFile& f : files) {
    out.push_back({f.path, ms_storage_for(key.type, f.path, f.size), false, std::nullopt});
  }
  return out;
}

Result<std::vector<BlobUpload>> MsClient::plan_uploads(const RepoKey& key,
                                                       std::string_view /*branch*/,
                                                       std::span<const BlobSpec> blobs) {
  if (key.type == manifest::RepoType::space) {
    return unexpected(no_studios());
  }
  std::vector<BlobUpload> uploads;
  for (std::size_t i = 0; i < blobs.size(); i += k_ms_blob_batch) {
    auto batch = blobs.subspan(i, std::min(k_ms_blob_batch, blobs.size() - i));
    auto response = call(ms_blob_batch_request(site_, key, batch));
    if (!response) {
      return unexpected(response.error());
    }
    auto slots = parse_ms_blob_batch(response->body);
    if (!slots) {
      return unexpected(slots.error());
    }
    std::vector<BlobSpec> answered;
    for (const MsUploadSlot& slot : *slots) {
      answered.push_back({slot.sha256, 0});
    }
    if (auto checked = check_batch_answer(batch, answered, false); !checked) {
      return unexpected(checked.error());
    }
    for (const MsUploadSlot& slot : *slots) {
      auto it = std::find_if(batch.begin(), batch.end(),
                             [&](const BlobSpec& b) { return b.sha256 == slot.sha256; });
      uploads.push_back(ms_blob_upload(site_, *it, slot));
    }
  }
  return uploads;
}

Result<std::string> MsClient::commit_once(const RepoKey& key, std::string_view branch,
                                          const std::string& body) {
  http::Sleeper& sleeper = options_.sleeper ? *options_.sleeper : http::system_sleeper();
  for (int attempt = 1;; ++attempt) {
    auto response = call(ms_commit_request(site_, key, branch, body));
    if (response) {
      return parse_ms_commit(response->body);
    }
    // 429 "Commit frequency limit exceeded": refused, not applied, so sending it again is safe.
    if (response.error().kind != ErrorKind::rate_limited || attempt >= options_.commit_attempts) {
      return unexpected(response.error());
    }
    sleeper.sleep_for(commit_backoff(attempt, response.error().retry_after_seconds));
  }
}

Result<CommitResult> MsClient::commit(const RepoKey& key, const CommitSpec& spec) {
  if (key.type == manifest::RepoType::space) {
    return unexpected(no_studios());
  }
  CommitResult result;
  for (const std::string& body : ms_commit_bodies(spec)) {
    auto oid = commit_once(key, spec.branch, body);
    if (!oid) {
      Error error = oid.error();
      if (!result.commit_oids.empty()) {
        error.message += " (after " + std::to_string(result.commit_oids.size()) +
                         " earlier commit(s) of this change landed)";
      }
      return unexpected(std::move(error));
    }
    result.commit_oids.push_back(std::move(*oid));
  }
  return result;
}

}  // namespace hf2ms::hub
