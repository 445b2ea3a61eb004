#include "hub/hf_client.hpp"

#include "http/error_map.hpp"
#include "http/redact.hpp"
#include "hub/create_retry.hpp"
#include "hub/hf_requests.hpp"
#include "hub/upload.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hf2ms::hub {

Result<std::unique_ptr<HfClient>> HfClient::create(std::string_view endpoint,
                                                   const std::optional<Secret>& token,
                                                   Performer& performer, HfClientOptions options) {
  auto site = make_hf_site(endpoint, token);
  if (!site) {
    return unexpected(site.error());
  }
  return std::unique_ptr<HfClient>(new HfClient(std::move(*site), performer, options));
}

Result<http::Response> HfClient::call(http::Request request) {
  const http::Method method = request.method;
  auto response = performer_.perform(std::move(request));
  if (!response) {
    return unexpected(response.error());
  }
  if (!http::is_success(*response)) {
    return unexpected(hf_response_error(method, *response));
  }
  return response;
}

template <class Read>
Result<void> HfClient::each_page(http::Request first, Read&& read) {
  std::set<std::string> seen;  // a hub repeating a cursor must not loop us forever
  std::optional<http::Request> next = std::move(first);
  while (next) {
    if (!seen.insert(next->url).second) {
      return unexpected(
          make_error(ErrorKind::invalid_input, "the Hub's pagination repeats a page"));
    }
    auto page = call(std::move(*next));
    if (!page) {
      return unexpected(page.error());
    }
    if (auto r = read(page->body); !r) {
      return unexpected(r.error());
    }
    next.reset();
    for (const std::string& link : page->headers.get_all("Link")) {
      if (auto url = parse_next_link(link)) {
        // A listing is only what the hub itself serves: a next page on another origin (a
        // hostile or broken answer) would let anyone else write our view of the repo.
        const auto origin = http::parse_origin(*url);
        if (!origin || *origin != site_.origin) {
          return unexpected(
              make_error(ErrorKind::invalid_input, "the Hub's next-page link points away from " +
                                                       http::to_string(site_.origin) + ": " +
                                                       http::redact_url_for_message(*url)));
        }
        next = hf_next_page_request(site_, std::move(*url));
      }
    }
  }
  return {};
}

Result<Identity> HfClient::whoami() {
  auto response = call(hf_whoami_request(site_));
  if (!response) {
    return unexpected(response.error());
  }
  return parse_hf_whoami(response->body);
}

Result<std::optional<RepoInfo>> HfClient::repo_info(const RepoKey& key, std::string_view revision) {
  auto response = call(hf_repo_info_request(site_, key, revision));
  if (!response) {
    if (response.error().kind == ErrorKind::not_found) {
      return std::optional<RepoInfo>();
    }
    return unexpected(response.error());
  }
  auto info = parse_hf_repo_info(response->body);
  if (!info) {
    return unexpected(info.error());
  }
  if (info->head_commit.empty()) {
    return unexpected(
        make_error(ErrorKind::invalid_input,
                   "the Hub named no commit for " + to_string(key) + "@" + std::string(revision)));
  }
  return std::optional<RepoInfo>(std::move(*info));
}

Result<std::vector<std::string>> HfClient::list_repos(manifest::RepoType type,
                                                      std::string_view ns) {
  std::vector<std::string> ids;
  auto done = each_page(hf_repo_list_request(site_, type, ns), [&](const std::string& body) {
    auto page = parse_hf_repo_list(body);
    if (!page) {
      return Result<void>(unexpected(page.error()));
    }
    ids.insert(ids.end(), page->begin(), page->end());
    return Result<void>();
  });
  if (!done) {
    return unexpected(done.error());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::vector<FileEntry>> HfClient::list_files(const RepoKey& key, std::string_view commit) {
  std::vector<FileEntry> files;
  auto done = each_page(hf_tree_request(site_, key, commit), [&](const std::string& body) {
    auto page = parse_hf_tree_page(body);
    if (!page) {
      return Result<void>(unexpected(page.error()));
    }
    std::move(page->begin(), page->end(), std::back_inserter(files));
    return Result<void>();
  });
  if (!done) {
    return unexpected(done.error());
  }
  std::sort(files.begin(), files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  return files;
}

http::Request HfClient::download_request(const RepoKey& key, std::string_view commit,
                                         std::string_view path,
                                         std::optional<ByteRange> range) const {
  return hf_download_request(site_, key, commit, path, range);
}

Result<std::string> HfClient::fetch_small_file(const RepoKey& key, std::string_view commit,
                                               std::string_view path) {
  auto response = call(hf_download_request(site_, key, commit, path, std::nullopt));
  if (!response) {
    return unexpected(response.error());
  }
  return std::move(response->body);
}

Result<void> HfClient::create_repo(const RepoKey& key, const CreateOptions& options) {
  const SendCreate send = [&]() -> Result<void> {
    auto response = call(hf_create_repo_request(site_, key, options));
    if (!response) {
      return unexpected(response.error());
    }
    return {};
  };
  CreateRetryOptions retry;
  retry.sleeper = options_.sleeper;
  // A new HF repo's branch is "main" (protocols/huggingface-hub.md §7.1).
  return create_repo_converging(*this, key, "main", options, send, retry);
}

Result<void> HfClient::set_visibility(const RepoKey& key, RepoVisibility visibility) {
  auto response = call(hf_settings_request(site_, key, visibility));
  if (!response) {
    return unexpected(response.error());
  }
  return {};
}

Result<void> HfClient::copy_server_side(const RepoKey& source, const RepoKey& target,
                                        std::span<const ServerCopy> files) {
  for (std::size_t i = 0; i < files.size(); i += k_hf_duplicate_batch) {
    auto batch = files.subspan(i, std::min(k_hf_duplicate_batch, files.size() - i));
    auto response = call(hf_duplicate_request(site_, source, target, batch));
    if (!response) {
      return unexpected(response.error());
    }
  }
  return {};
}

Result<std::vector<StorageDecision>> HfClient::decide_storage(const RepoKey& key,
                                                              std::string_view branch,
                                                              std::span<const StagedFile> files) {
  std::map<std::string, StorageDecision> by_path;
  for (std::size_t i = 0; i < files.size(); i += k_hf_preupload_batch) {
    auto batch = files.subspan(i, std::min(k_hf_preupload_batch, files.size() - i));
    auto response = call(hf_preupload_request(site_, key, branch, batch));
    if (!response) {
      return unexpected(response.error());
    }
    auto decisions = parse_hf_preupload(response->body);
    if (!decisions) {
      return unexpected(decisions.error());
    }
    for (StorageDecision& d : *decisions) {
      by_path[d.path] = std::move(d);
    }
  }
  std::vector<StorageDecision> out;
  for (const StagedFile& f : files) {
    auto it = by_path.find(f.path);
    if (it == by_path.end()) {
      return unexpected(
          make_error(ErrorKind::invalid_input, "preupload answer does not mention " + f.path));
    }
    out.push_back(it->second);
    if (f.size == 0) {
      // Empty files are always committed as regular files: the storage answers 501 to an
      // empty LFS upload (real-hub-limits.md HF §5; huggingface_hub _commit_api.py does this).
      out.back().storage = Storage::inline_;
    }
  }
  return out;
}

Result<std::vector<BlobUpload>> HfClient::plan_uploads(const RepoKey& key, std::string_view branch,
                                                       std::span<const BlobSpec> blobs) {
  std::vector<BlobUpload> uploads;
  for (std::size_t i = 0; i < blobs.size(); i += k_hf_lfs_batch) {
    auto batch = blobs.subspan(i, std::min(k_hf_lfs_batch, blobs.size() - i));
    auto response = call(hf_lfs_batch_request(site_, key, branch, batch));
    if (!response) {
      return unexpected(response.error());
    }
    auto actions = parse_hf_lfs_batch(response->body);
    if (!actions) {
      return unexpected(actions.error());
    }
    std::vector<BlobSpec> answered;
    for (const HfLfsAction& action : *actions) {
      answered.push_back(action.blob);
    }
    if (auto checked = check_batch_answer(batch, answered); !checked) {
      return unexpected(checked.error());
    }
    for (const HfLfsAction& action : *actions) {
      uploads.push_back(hf_blob_upload(site_, action));
    }
  }
  return uploads;
}

}  // namespace hf2ms::hub
