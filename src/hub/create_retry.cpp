#include "hub/create_retry.hpp"

#include "hub/backoff.hpp"

namespace hf2ms::hub {
namespace {

// HF answers 409 "Cannot create repo: another conflicting operation is in progress" while a
// create of the same name is under way (protocols/huggingface-hub.md §7.1; the Python client
// retries it): a refusal, not "it exists".
bool is_in_progress(const Error& error) {
  return error.kind == ErrorKind::conflict &&
         error.message.find("conflicting operation is in progress") != std::string::npos;
}

// The repo exists after an attempt whose answer was lost: ours only when it is fresh.
Result<void> adopt_if_fresh(HubReader& reader, const RepoKey& key, std::string_view branch,
                            const CreateOptions& options, const Error& exists) {
  const std::string lost =
      "the hub says " + to_string(key) + " exists after a create whose answer was lost";
  auto info = reader.repo_info(key, branch);
  if (!info || !*info) {
    return unexpected(make_error(ErrorKind::conflict,
                                 lost + ", and it cannot be read (" +
                                     (info ? std::string("not found") : describe(info.error())) +
                                     "): check it, then plan again"));
  }
  auto files = reader.list_files(key, key.hub == manifest::Hub::ms ? branch : (*info)->head_commit);
  if (!files) {
    return unexpected(make_error(ErrorKind::conflict, lost + ", and its files cannot be listed (" +
                                                          describe(files.error()) +
                                                          "): check it, then plan again"));
  }
  if (std::string why = why_not_fresh(**info, *files, options); !why.empty()) {
    Error error = exists;
    error.message = lost + ", but it is not the repo hf2ms created (" + why +
                    "): somebody else created it; plan again";
    return unexpected(std::move(error));
  }
  return {};  // our earlier attempt landed
}

}  // namespace

std::string why_not_fresh(const RepoInfo& info, std::span<const FileEntry> files,
                          const CreateOptions& options) {
  const bool want_private = options.visibility == RepoVisibility::private_;
  if (info.is_private != want_private) {
    return std::string("it is ") + (info.is_private ? "private" : "public") + ", not " +
           (want_private ? "private" : "public");
  }
  for (const FileEntry& f : files) {
    if (f.path != ".gitattributes") {
      return "it holds files, e.g. " + f.path;
    }
  }
  return "";
}

Result<void> create_repo_converging(HubReader& reader, const RepoKey& key, std::string_view branch,
                                    const CreateOptions& options, const SendCreate& send,
                                    const CreateRetryOptions& retry) {
  http::Sleeper& sleeper = retry.sleeper != nullptr ? *retry.sleeper : http::system_sleeper();
  bool unknown = false;  // an earlier attempt may have created the repo
  for (int attempt = 1;; ++attempt) {
    auto sent = send();
    if (sent) {
      return {};
    }
    const Error& error = sent.error();
    const bool refused = error.kind == ErrorKind::rate_limited || is_in_progress(error);
    if (error.kind == ErrorKind::conflict && !refused) {
      if (!unknown) {
        return unexpected(error);  // it was there before we asked
      }
      return adopt_if_fresh(reader, key, branch, options, error);
    }
    if (!refused && error.kind != ErrorKind::transient) {
      return unexpected(error);
    }
    unknown = unknown || !refused;
    if (attempt >= retry.max_attempts) {
      Error out = error;
      out.message += "; the create was sent " + std::to_string(attempt) + " times";
      if (unknown) {
        out.message += " and may have landed: plan again";
      }
      return unexpected(std::move(out));
    }
    sleeper.sleep_for(commit_backoff(attempt - 1, error.retry_after_seconds));
  }
}

}  // namespace hf2ms::hub
