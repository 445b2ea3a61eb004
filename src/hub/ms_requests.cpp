// Read-side ModelScope request builders and the error mapping (protocols/modelscope-hub.md).
#include "hub/ms_requests.hpp"

#include "http/error_map.hpp"

namespace hf2ms::hub {
namespace {

std::string repo_url(const Site& site, const RepoKey& key) {
  return site.endpoint + "/api/v1/" + std::string(ms_segment(key.type)) + "/" +
         http::encode_path(key.id);
}

std::string query(std::initializer_list<std::pair<std::string_view, std::string_view>> params) {
  std::string out;
  for (const auto& [name, value] : params) {
    out += (out.empty() ? "?" : "&") + std::string(name) + "=" + http::encode_component(value);
  }
  return out;
}

}  // namespace

std::string_view ms_segment(manifest::RepoType type) {
  return type == manifest::RepoType::dataset ? "datasets" : "models";
}

http::Request ms_whoami_request(const Site& site) {
  return api_request(site, http::Method::get, site.endpoint + "/openapi/v1/users/me");
}

http::Request ms_repo_info_request(const Site& site, const RepoKey& key) {
  return api_request(site, http::Method::get, repo_url(site, key));
}

http::Request ms_revisions_request(const Site& site, const RepoKey& key) {
  return api_request(site, http::Method::get, repo_url(site, key) + "/revisions");
}

http::Request ms_branch_head_request(const Site& site, const RepoKey& key,
                                     std::string_view revision) {
  return api_request(site, http::Method::get,
                     repo_url(site, key) + "/commits" +
                         query({{"Ref", revision}, {"PageNumber", "1"}, {"PageSize", "1"}}));
}

http::Request ms_model_files_request(const Site& site, const RepoKey& key,
                                     std::string_view revision, std::string_view root,
                                     bool recursive) {
  std::string url = repo_url(site, key) + "/repo/files" +
                    query({{"Revision", revision}, {"Recursive", recursive ? "True" : "False"}});
  if (!root.empty()) {
    url += "&Root=" + http::encode_component(root);
  }
  return api_request(site, http::Method::get, std::move(url));
}

http::Request ms_dataset_tree_request(const Site& site, const RepoKey& key,
                                      std::string_view revision, std::size_t page_number,
                                      std::size_t page_size) {
  const std::string number = std::to_string(page_number);
  const std::string size = std::to_string(page_size);
  // owner/name in the path, as the current SDKs send it (§5.2); Root omitted means "/".
  return api_request(site, http::Method::get,
                     repo_url(site, key) + "/repo/tree" +
                         query({{"Revision", revision},
                                {"Recursive", "True"},
                                {"PageNumber", number},
                                {"PageSize", size}}));
}

http::Request ms_repo_list_request(const Site& site, manifest::RepoType type,
                                   std::string_view owner, std::size_t page_number) {
  const std::string number = std::to_string(page_number);
  const std::string size = std::to_string(k_ms_list_page_size);
  return api_request(site, http::Method::get,
                     site.endpoint + "/openapi/v1/" + std::string(ms_segment(type)) +
                         query({{"owner", owner}, {"page_number", number}, {"page_size", size}}));
}

http::Request ms_download_request(const Site& site, const RepoKey& key, std::string_view revision,
                                  std::string_view path, std::optional<ByteRange> range) {
  http::Request request = api_request(
      site, http::Method::get,
      repo_url(site, key) + "/repo" + query({{"Revision", revision}, {"FilePath", path}}));
  request.headers.remove("Accept");
  request.headers.set("Accept-Encoding", "identity");
  if (range) {
    request.headers.set("Range", range_header(range->offset, range->length));
  }
  return request;
}

Error ms_response_error(http::Method method, const http::Response& response) {
  if (response.transport != http::Transport::none || response.status < 400) {
    return http::to_error(method, response);
  }
  Error error = ms_error(response.status, response.body);
  error.retry_after_seconds = http::to_error(method, response).retry_after_seconds;
  return error;
}

}  // namespace hf2ms::hub
