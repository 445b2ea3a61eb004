#include "hub/hf_requests.hpp"

#include "http/error_map.hpp"
#include "hub/base64.hpp"
#include "hub/json_adapter.hpp"

#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

using nlohmann::json;

std::string api_repo_url(const Site& site, const RepoKey& key) {
  return site.endpoint + "/api/" + std::string(hf_api_segment(key.type)) + "/" +
         http::encode_path(key.id);
}

http::Request json_post(const Site& site, std::string url, const json& body) {
  http::Request request = api_request(site, http::Method::post, std::move(url));
  request.headers.set("Content-Type", "application/json");
  request.body = dump_json(body);
  return request;
}

std::pair<std::string, std::string> split_id(const std::string& id) {
  const auto slash = id.find('/');
  if (slash == std::string::npos) {
    return {"", id};
  }
  return {id.substr(0, slash), id.substr(slash + 1)};
}

// `visibility` only, and only on the create and settings bodies (huggingface-hub.md §7.1,
// §7.3): the current client sends `visibility`, older ones `private`, and the current one
// refuses to send both (real-hub-limits.md HF §8).
json visibility_fields(json body, RepoVisibility visibility) {
  body["visibility"] = visibility == RepoVisibility::private_ ? "private" : "public";
  return body;
}

}  // namespace

std::string_view hf_api_segment(manifest::RepoType type) {
  switch (type) {
    case manifest::RepoType::dataset:
      return "datasets";
    case manifest::RepoType::space:
      return "spaces";
    case manifest::RepoType::model:
      break;
  }
  return "models";
}

std::string_view hf_web_prefix(manifest::RepoType type) {
  switch (type) {
    case manifest::RepoType::dataset:
      return "datasets/";
    case manifest::RepoType::space:
      return "spaces/";
    case manifest::RepoType::model:
      break;
  }
  return "";
}

http::Request hf_whoami_request(const Site& site) {
  return api_request(site, http::Method::get, site.endpoint + "/api/whoami-v2");
}

http::Request hf_repo_info_request(const Site& site, const RepoKey& key,
                                   std::string_view revision) {
  return api_request(site, http::Method::get,
                     api_repo_url(site, key) + "/revision/" + http::encode_component(revision));
}

http::Request hf_repo_files_request(const Site& site, const RepoKey& key,
                                    std::string_view revision) {
  http::Request request = api_request(
      site, http::Method::get,
      api_repo_url(site, key) + "/revision/" + http::encode_component(revision) + "?blobs=true");
  request.max_body = k_hf_repo_files_max_body;
  return request;
}

http::Request hf_repo_head_request(const Site& site, const RepoKey& key,
                                   std::string_view revision) {
  // Keys from the Python client's expand lists; spaces are never gated and list `sdk`.
  const std::string_view last = key.type == manifest::RepoType::space ? "sdk" : "gated";
  return api_request(site, http::Method::get,
                     api_repo_url(site, key) + "/revision/" + http::encode_component(revision) +
                         "?expand=sha&expand=private&expand=" + std::string(last));
}

http::Request hf_branch_head_request(const Site& site, const RepoKey& key,
                                     std::string_view branch) {
  return api_request(
      site, http::Method::get,
      api_repo_url(site, key) + "/commits/" + http::encode_component(branch) + "?limit=1");
}

http::Request hf_tree_request(const Site& site, const RepoKey& key, std::string_view commit) {
  return api_request(site, http::Method::get,
                     api_repo_url(site, key) + "/tree/" + http::encode_component(commit) +
                         "?recursive=true&expand=false");
}

http::Request hf_repo_list_request(const Site& site, manifest::RepoType type, std::string_view ns) {
  return api_request(site, http::Method::get,
                     site.endpoint + "/api/" + std::string(hf_api_segment(type)) +
                         "?author=" + http::encode_component(ns) + "&limit=1000");
}

http::Request hf_next_page_request(const Site& site, std::string url) {
  return api_request(site, http::Method::get, std::move(url));
}

http::Request hf_download_request(const Site& site, const RepoKey& key, std::string_view commit,
                                  std::string_view path, std::optional<ByteRange> range) {
  http::Request request = api_request(
      site, http::Method::get,
      site.endpoint + "/" + std::string(hf_web_prefix(key.type)) + http::encode_path(key.id) +
          "/resolve/" + http::encode_component(commit) + "/" + http::encode_path(path));
  request.headers.remove("Accept");
  // Compressed transfer would drop Content-Length and break range arithmetic (§6.2).
  request.headers.set("Accept-Encoding", "identity");
  if (range) {
    request.headers.set("Range", range_header(range->offset, range->length));
  }
  return request;
}

http::Request hf_create_repo_request(const Site& site, const RepoKey& key,
                                     const CreateOptions& options) {
  auto [ns, name] = split_id(key.id);
  json body = {{"name", name}, {"type", manifest::to_string(key.type)}};
  body["organization"] = ns.empty() ? json(nullptr) : json(ns);
  if (key.type == manifest::RepoType::space) {
    // The Hub requires an sdk for spaces; "static" is what huggingface.js defaults to.
    body["sdk"] = options.space_sdk.value_or("static");
  }
  return json_post(site, site.endpoint + "/api/repos/create",
                   visibility_fields(std::move(body), options.visibility));
}

http::Request hf_settings_request(const Site& site, const RepoKey& key, RepoVisibility visibility) {
  http::Request request =
      api_request(site, http::Method::put, api_repo_url(site, key) + "/settings");
  request.headers.set("Content-Type", "application/json");
  request.body = dump_json(visibility_fields(json::object(), visibility));
  return request;
}

http::Request hf_preupload_request(const Site& site, const RepoKey& key, std::string_view branch,
                                   std::span<const StagedFile> files) {
  json list = json::array();
  for (const StagedFile& f : files) {
    list.push_back({{"path", f.path},
                    {"sample", encode_base64(std::string_view(f.sample).substr(0, 512))},
                    {"size", f.size}});
  }
  http::Request request =
      json_post(site, api_repo_url(site, key) + "/preupload/" + http::encode_component(branch),
                json{{"files", list}});
  request.idempotency = http::Idempotency::safe_to_retry;  // a question; changes nothing
  return request;
}

http::Request hf_duplicate_request(const Site& site, const RepoKey& source, const RepoKey& target,
                                   std::span<const ServerCopy> files) {
  json list = json::array();
  for (const ServerCopy& f : files) {
    list.push_back({{"xetHash", f.xet_hash}, {"sha256", f.sha256}, {"filename", f.path}});
  }
  const json body{{"target", {{"type", manifest::to_string(target.type)}, {"name", target.id}}},
                  {"files", list}};
  http::Request request =
      json_post(site, api_repo_url(site, source) + "/lfs-files/duplicate", body);
  // Copying the same objects again changes nothing: safe to send again after a failure.
  request.idempotency = http::Idempotency::safe_to_retry;
  return request;
}

http::Request hf_lfs_batch_request(const Site& site, const RepoKey& key, std::string_view branch,
                                   std::span<const BlobSpec> blobs) {
  json objects = json::array();
  for (const BlobSpec& b : blobs) {
    objects.push_back({{"oid", b.sha256}, {"size", b.size}});
  }
  const json body = {{"operation", "upload"},
                     {"transfers", {"basic", "multipart"}},  // never "xet" (§8.5)
                     {"objects", objects},
                     {"hash_algo", "sha256"},
                     {"ref", {{"name", branch}}}};
  http::Request request = json_post(site,
                                    site.endpoint + "/" + std::string(hf_web_prefix(key.type)) +
                                        http::encode_path(key.id) + ".git/info/lfs/objects/batch",
                                    body);
  request.headers.set("Accept", "application/vnd.git-lfs+json");
  request.headers.set("Content-Type", "application/vnd.git-lfs+json");
  request.idempotency = http::Idempotency::safe_to_retry;
  return request;
}

std::string hf_commit_body(const CommitSpec& spec) {
  json header = {{"summary", spec.message}, {"description", ""}};
  if (spec.parent_commit) {
    header["parentCommit"] = *spec.parent_commit;
  }
  std::string body = dump_json({{"key", "header"}, {"value", header}}) + "\n";
  for (const CommitAdd& add : spec.adds) {
    json line = add.storage == Storage::lfs ? json{{"key", "lfsFile"},
                                                   {"value",
                                                    {{"path", add.path},
                                                     {"algo", "sha256"},
                                                     {"oid", add.sha256},
                                                     {"size", add.size}}}}
                                            : json{{"key", "file"},
                                                   {"value",
                                                    {{"path", add.path},
                                                     {"content", encode_base64(add.content)},
                                                     {"encoding", "base64"}}}};
    body += dump_json(line) + "\n";
  }
  for (const std::string& path : spec.deletes) {
    body += dump_json({{"key", "deletedFile"}, {"value", {{"path", path}}}}) + "\n";
  }
  return body;
}

http::Request hf_commit_request(const Site& site, const RepoKey& key, const CommitSpec& spec) {
  http::Request request =
      api_request(site, http::Method::post,
                  api_repo_url(site, key) + "/commit/" + http::encode_component(spec.branch));
  request.headers.set("Content-Type", "application/x-ndjson");
  request.body = hf_commit_body(spec);
  request.idempotency = http::Idempotency::not_safe;  // a repeat could commit twice (§8.3)
  // The Hub checks every operation before it answers (real-hub-limits.md HF §2).
  request.timeouts = http::Timeouts::long_operation();
  return request;
}

Error hf_response_error(http::Method method, const http::Response& response) {
  if (response.transport != http::Transport::none || response.status < 400) {
    return http::to_error(method, response);
  }
  Error error = hf_error(response.status, response.headers.get("X-Error-Code").value_or(""),
                         response.headers.get("X-Error-Message").value_or(""), response.body);
  error.retry_after_seconds = http::to_error(method, response).retry_after_seconds;
  return error;
}

}  // namespace hf2ms::hub
