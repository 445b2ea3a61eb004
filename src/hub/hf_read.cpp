// HfClient::read_repo: a whole repo in one `api` request where the Hub allows it
// (docs/hubs.md "Requests per repo read"). The revision info with blobs=true names the commit
// and lists every file with its size, blob id and LFS hash; only when that list cannot be
// trusted to be complete (k_hf_siblings_trusted), or the answer is too large to read, are the
// tree pages listed at the pinned commit instead.
#include "http/error_map.hpp"
#include "hub/hf_client.hpp"
#include "hub/hf_requests.hpp"

namespace hf2ms::hub {
namespace {

Result<RepoInfo> checked_info(RepoInfo info, const RepoKey& key, std::string_view revision) {
  if (info.head_commit.empty()) {
    return unexpected(
        make_error(ErrorKind::invalid_input,
                   "the Hub named no commit for " + to_string(key) + "@" + std::string(revision)));
  }
  return info;
}

}  // namespace

Result<std::optional<RepoListing>> HfClient::read_repo(const RepoKey& key,
                                                       std::string_view revision, Privacy) {
  using Listing = std::optional<RepoListing>;
  auto response = performer_.perform(hf_repo_files_request(site_, key, revision));
  if (!response) {
    return unexpected(response.error());
  }
  std::optional<HfRepoFiles> answer;
  // An answer over k_hf_repo_files_max_body (a huge repo's siblings) is cut off: not an error,
  // the head comes from a small expand answer and the files from the tree.
  if (response->transport != http::Transport::aborted) {
    if (!http::is_success(*response)) {
      const Error error = hf_response_error(http::Method::get, *response);
      return error.kind == ErrorKind::not_found ? Result<Listing>(Listing())
                                                : Result<Listing>(unexpected(error));
    }
    auto parsed = parse_hf_repo_files(response->body);
    if (!parsed) {
      return unexpected(parsed.error());
    }
    answer = std::move(*parsed);
  } else {
    auto head = call(hf_repo_head_request(site_, key, revision));
    if (!head) {
      return head.error().kind == ErrorKind::not_found ? Result<Listing>(Listing())
                                                       : Result<Listing>(unexpected(head.error()));
    }
    auto info = parse_hf_repo_info(head->body);
    if (!info) {
      return unexpected(info.error());
    }
    answer = HfRepoFiles{std::move(*info), std::nullopt};
  }
  auto info = checked_info(std::move(answer->info), key, revision);
  if (!info) {
    return unexpected(info.error());
  }
  if (!answer->files) {
    auto files = list_files(key, info->head_commit);
    if (!files) {
      return unexpected(files.error());
    }
    answer->files = std::move(*files);
  }
  return Listing(RepoListing{std::move(*info), std::move(*answer->files)});
}

}  // namespace hf2ms::hub
