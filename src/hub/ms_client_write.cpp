// MsClient: the write side (protocols/modelscope-hub.md §7, §8).
#include "hub/backoff.hpp"
#include "hub/create_retry.hpp"
#include "hub/ms_client.hpp"
#include "hub/ms_requests.hpp"
#include "hub/upload.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

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
  const SendCreate send = [&]() -> Result<void> {
    auto response = call(ms_create_repo_request(site_, key, options));
    if (!response) {
      return unexpected(response.error());
    }
    return {};
  };
  CreateRetryOptions retry;
  retry.sleeper = options_.sleeper;
  // A new ModelScope repo's branch is "master" (the SDK's default revision).
  return create_repo_converging(*this, key, "master", options, send, retry);
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
      auto upload = ms_blob_upload(site_, *it, slot);
      if (!upload) {
        return unexpected(upload.error());
      }
      uploads.push_back(std::move(*upload));
    }
  }
  return uploads;
}

Result<BranchHead> MsClient::branch_head(const RepoKey& key, std::string_view revision) {
  auto response = call(ms_branch_head_request(site_, key, revision));
  if (!response) {
    return unexpected(response.error());
  }
  auto head = parse_ms_commit_list(response->body);
  if (!head) {
    return unexpected(head.error());
  }
  if (!*head) {
    return unexpected(make_error(ErrorKind::not_found, "no branch or tag " + std::string(revision) +
                                                           " with commits in " + to_string(key)));
  }
  return std::move(**head);
}

namespace {

bool mentions(std::string_view text, std::string_view what) {
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  const auto it = std::search(text.begin(), text.end(), what.begin(), what.end(),
                              [&](char a, char b) { return lower(a) == lower(b); });
  return it != text.end();
}

// The hub refused the commit and asks for it again (real-hub-limits.md ModelScope §2, §8.3).
bool asks_to_retry(const Error& error) {
  return error.kind == ErrorKind::rate_limited ||
         (error.kind == ErrorKind::conflict && mentions(error.message, "branch changed")) ||
         mentions(error.message, "could not update refs") || mentions(error.message, "try again");
}

Error moved(const RepoKey& key, const CommitSpec& batch, const std::string& expected,
            const BranchHead& head) {
  return make_error(ErrorKind::conflict,
                    "the branch " + batch.branch + " of " + to_string(key) + " is at " + head.id +
                        " (\"" + head.title + "\"), not at " + expected +
                        " where hf2ms was to commit: someone else committed; plan again");
}

}  // namespace

Result<std::string> MsClient::commit_batch(const RepoKey& key, const CommitSpec& batch,
                                           std::optional<std::string>& expected,
                                           const std::string& expected_title) {
  http::Sleeper& sleeper = options_.sleeper ? *options_.sleeper : http::system_sleeper();
  const std::string body = ms_commit_body(batch);
  std::chrono::milliseconds waited{0};
  int refused = 0;
  int unknown = 0;
  bool sent = false;
  for (;;) {
    // Right before every attempt: ModelScope has no parentCommit, so this is our only guard.
    auto head = branch_head(key, batch.branch);
    if (!head) {
      Error error = head.error();
      if (sent) {
        error.message += "; the outcome of the commit is unknown: plan again before applying";
      }
      return unexpected(std::move(error));
    }
    if (sent && is_our_commit(*head, expected, batch.message)) {
      return head->id;  // an earlier attempt landed after all
    }
    // UNCONFIRMED (§8.3): whether the commit answer's Data.oid is the id the commit listing
    // shows; our previous commit is also recognised by its title.
    const bool ours_before = !expected_title.empty() && head->title == expected_title;
    if (expected && head->id != *expected && !ours_before) {
      return unexpected(moved(key, batch, *expected, *head));
    }
    expected = head->id;
    auto response = call(ms_commit_request(site_, key, batch.branch, body));
    sent = true;
    if (response) {
      auto oid = parse_ms_commit(response->body);
      if (oid && oid->empty()) {
        return unexpected(
            make_error(ErrorKind::invalid_input, "ModelScope answered a commit without Data.oid"));
      }
      return oid;
    }
    const Error& error = response.error();
    const bool retry = asks_to_retry(error);
    if (!retry && error.kind != ErrorKind::transient) {
      return unexpected(error);
    }
    if (!retry && ++unknown >= options_.commit_attempts) {
      return unexpected(error);
    }
    const auto wait = commit_backoff(retry ? ++refused : unknown, error.retry_after_seconds);
    if (waited + wait > options_.commit_retry_budget) {
      Error out = error;
      out.message += "; still refused after waiting " + std::to_string(waited.count() / 1000) +
                     " s (the retry budget is " +
                     std::to_string(options_.commit_retry_budget.count() / 1000) + " s)";
      return unexpected(std::move(out));
    }
    sleeper.sleep_for(wait);
    waited += wait;
  }
}

namespace {

// ModelScope refuses deletes for API tokens with "the current token no longer supports
// deletion operations" (real-hub-limits.md ModelScope §3); the status is 400 or 401
// (UNCONFIRMED, protocols/modelscope-hub.md §3.1), so the words decide.
bool is_delete_refusal(const Error& error) {
  return mentions(error.message, "no longer supports deletion");
}

void drop_deletes(CommitSpec& batch, CommitResult& result) {
  for (std::string& path : batch.deletes) {
    result.refused_deletes.push_back(std::move(path));
  }
  batch.deletes.clear();
}

}  // namespace

Result<std::string> MsClient::send_batch(const RepoKey& key, CommitSpec batch,
                                         std::optional<std::string>& expected,
                                         const std::string& expected_title, CommitResult& result) {
  if (!result.refused_deletes.empty()) {
    drop_deletes(batch, result);  // the token cannot delete: do not ask again
  }
  if (batch.adds.empty() && batch.deletes.empty()) {
    return std::string();
  }
  auto oid = commit_batch(key, batch, expected, expected_title);
  if (oid || batch.deletes.empty() || !is_delete_refusal(oid.error())) {
    return oid;
  }
  // Refused before any of it landed: commit the rest of the batch, report the deletes.
  result.refusal = oid.error().message;
  drop_deletes(batch, result);
  if (batch.adds.empty()) {
    return std::string();
  }
  return commit_batch(key, batch, expected, expected_title);
}

Result<CommitResult> MsClient::commit(const RepoKey& key, const CommitSpec& spec) {
  if (key.type == manifest::RepoType::space) {
    return unexpected(no_studios());
  }
  CommitResult result;
  if (spec.adds.empty() && spec.deletes.empty()) {
    return result;
  }
  const std::vector<CommitOp> ops = commit_order(spec);
  const std::span<const CommitOp> all(ops);
  std::optional<std::string> expected = spec.parent_commit;
  std::string expected_title;
  std::size_t pos = 0;
  for (std::size_t k = 1; pos < ops.size(); ++k) {
    const std::size_t end = batch_end(all, pos, k_ms_commit_caps);
    const CommitSpec batch =
        batch_spec(spec, all.subspan(pos, end - pos),
                   batch_message(spec.message, k, pos == 0 && end == ops.size()));
    auto oid = send_batch(key, batch, expected, expected_title, result);
    if (oid && oid->empty()) {  // nothing was left to send
      pos = end;
      continue;
    }
    if (!oid) {
      return unexpected(with_landed_note(oid.error(), result.commit_oids.size()));
    }
    result.commit_oids.push_back(*oid);
    expected = *oid;
    expected_title = batch.message;
    pos = end;
  }
  return result;
}

}  // namespace hf2ms::hub
