// MsClient: construction, the read side and the shared call/error path.
#include "hub/ms_client.hpp"

#include "http/error_map.hpp"
#include "hub/ms_requests.hpp"
#include "hub/repo_path.hpp"

#include <algorithm>
#include <deque>
#include <set>

namespace hf2ms::hub {
namespace {

bool is_commit_id(std::string_view revision) {
  return revision.size() == 40 && std::all_of(revision.begin(), revision.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void sort_by_path(std::vector<FileEntry>& files) {
  std::sort(files.begin(), files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
}

}  // namespace

Result<std::unique_ptr<MsClient>> MsClient::create(std::string_view endpoint,
                                                   const std::optional<Secret>& token,
                                                   Performer& performer, MsClientOptions options) {
  auto site = make_ms_site(endpoint, token);
  if (!site) {
    return unexpected(site.error());
  }
  return std::unique_ptr<MsClient>(new MsClient(std::move(*site), performer, std::move(options)));
}

Result<http::Response> MsClient::call(http::Request request) {
  const http::Method method = request.method;
  auto response = performer_.perform(std::move(request));
  if (!response) {
    return unexpected(response.error());
  }
  if (!http::is_success(*response)) {
    return unexpected(ms_response_error(method, *response));
  }
  return response;
}

Result<Identity> MsClient::whoami() {
  auto response = call(ms_whoami_request(site_));
  if (!response) {
    return unexpected(response.error());
  }
  return parse_ms_users_me(response->body);
}

Result<std::string> MsClient::head_commit(const RepoKey& key, std::string_view revision) {
  if (is_commit_id(revision)) {
    // UNCONFIRMED (real-hub-limits.md ModelScope §1): one API generation refuses commit ids as
    // Revision; a manifest that pins a ModelScope commit is taken at its word.
    return std::string(revision);
  }
  // The head from the ref's commit listing, not the revisions' CommitId (UNCONFIRMED as
  // always sent, §5.3): a branch or tag name is what every later read sends as Revision.
  auto head = branch_head(key, revision);
  if (!head) {
    return unexpected(head.error());
  }
  return std::move(head->id);
}

Result<std::optional<RepoInfo>> MsClient::repo_info(const RepoKey& key, std::string_view revision) {
  if (key.type == manifest::RepoType::space) {
    return std::optional<RepoInfo>();  // ModelScope cannot hold spaces: it has none
  }
  auto info = info_only(key);
  if (!info || !*info) {
    return info;
  }
  auto head = head_commit(key, revision);
  if (!head) {
    return unexpected(head.error());
  }
  (*info)->head_commit = std::move(*head);
  return info;
}

Result<std::optional<RepoInfo>> MsClient::info_only(const RepoKey& key) {
  auto response = call(ms_repo_info_request(site_, key));
  if (!response) {
    if (response.error().kind == ErrorKind::not_found) {
      return std::optional<RepoInfo>();
    }
    return unexpected(response.error());
  }
  auto info = parse_ms_repo_info(response->body);
  if (!info) {
    return unexpected(info.error());
  }
  return std::optional<RepoInfo>(std::move(*info));
}

Result<std::vector<std::string>> MsClient::list_repos(manifest::RepoType type,
                                                      std::string_view ns) {
  std::vector<std::string> ids;
  if (type == manifest::RepoType::space) {
    return ids;
  }
  // OpenAPI caps page_number × page_size at 3000 (§5.5).
  for (std::size_t page = 1; page * k_ms_list_page_size <= 3000; ++page) {
    auto response = call(ms_repo_list_request(site_, type, ns, page));
    if (!response) {
      return unexpected(response.error());
    }
    auto names = parse_ms_repo_list(response->body);
    if (!names) {
      return unexpected(names.error());
    }
    for (const std::string& name : *names) {
      ids.push_back(std::string(ns) + "/" + name);
    }
    if (names->size() < k_ms_list_page_size) {
      break;
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<MsListing> MsClient::model_level(const RepoKey& key, std::string_view commit,
                                        std::string_view root, bool recursive) {
  auto response = call(ms_model_files_request(site_, key, commit, root, recursive));
  if (!response) {
    return unexpected(response.error());
  }
  return parse_ms_files(response->body);
}

Result<std::vector<FileEntry>> MsClient::rewalk_model(const RepoKey& key, std::string_view commit) {
  std::vector<FileEntry> files;
  std::deque<std::string> pending{""};
  std::set<std::string> seen{""};
  while (!pending.empty()) {
    const std::string dir = std::move(pending.front());
    pending.pop_front();
    auto level = model_level(key, commit, dir, false);
    if (!level) {
      return unexpected(level.error());
    }
    if (level->entry_count >= options_.files_truncation_limit) {
      return unexpected(make_error(
          ErrorKind::invalid_input,
          "ModelScope cannot list folder '" + dir + "' of " + to_string(key) + ": it holds " +
              std::to_string(options_.files_truncation_limit) + " or more entries"));
    }
    std::move(level->files.begin(), level->files.end(), std::back_inserter(files));
    for (std::string& sub : level->directories) {
      if (!is_safe_repo_path(sub)) {
        return unexpected(make_error(ErrorKind::invalid_input, "unsafe path in listing: " + sub));
      }
      if (seen.insert(sub).second) {
        pending.push_back(std::move(sub));
      }
    }
  }
  return files;
}

Result<std::vector<FileEntry>> MsClient::dataset_files(const RepoKey& key,
                                                       std::string_view commit) {
  std::vector<FileEntry> files;
  const std::size_t size = options_.dataset_page_size;
  for (std::size_t page = 1;; ++page) {
    auto response = call(ms_dataset_tree_request(site_, key, commit, page, size));
    // Large datasets now and then refuse a later page with a spurious 403 (§5.2): ask again.
    for (int again = 0; again < 3 && page > 1 && !response && response.error().http_status == 403;
         ++again) {
      response = call(ms_dataset_tree_request(site_, key, commit, page, size));
    }
    if (!response) {
      return unexpected(response.error());
    }
    auto listing = parse_ms_files(response->body);
    if (!listing) {
      return unexpected(listing.error());
    }
    std::move(listing->files.begin(), listing->files.end(), std::back_inserter(files));
    if (listing->entry_count < size) {
      return files;
    }
  }
}

Result<std::vector<FileEntry>> MsClient::list_files(const RepoKey& key, std::string_view commit) {
  if (key.type == manifest::RepoType::space) {
    return unexpected(make_error(ErrorKind::invalid_input, "ModelScope has no studio API"));
  }
  Result<std::vector<FileEntry>> files = std::vector<FileEntry>();
  if (key.type == manifest::RepoType::dataset) {
    files = dataset_files(key, commit);
  } else if (auto all = model_level(key, commit, "", true); !all) {
    return unexpected(all.error());
  } else if (all->entry_count >= options_.files_truncation_limit) {
    files = rewalk_model(key, commit);  // silently truncated (§5.1)
  } else {
    files = std::move(all->files);
  }
  if (files) {
    sort_by_path(*files);
  }
  return files;
}

http::Request MsClient::download_request(const RepoKey& key, std::string_view commit,
                                         std::string_view path,
                                         std::optional<ByteRange> range) const {
  return ms_download_request(site_, key, commit, path, range);
}

DownloadRefusal MsClient::download_error(const http::Response& answer) const {
  return DownloadRefusal{ms_response_error(http::Method::get, answer), false};
}

Result<std::string> MsClient::fetch_small_file(const RepoKey& key, std::string_view commit,
                                               std::string_view path) {
  auto response = call(ms_download_request(site_, key, commit, path, std::nullopt));
  if (!response) {
    return unexpected(response.error());
  }
  return std::move(response->body);
}

}  // namespace hf2ms::hub
