// HfClient's ref calls (protocols/huggingface-hub.md §7.5 and §9). Names are percent-encoded
// with no safe characters, as the Python client sends them (§1.4).
#include "hub/hf_client.hpp"
#include "hub/hf_requests.hpp"
#include "hub/json_adapter.hpp"

#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

using nlohmann::json;

std::string refs_url(const Site& site, const RepoKey& key) {
  return site.endpoint + "/api/" + std::string(hf_api_segment(key.type)) + "/" +
         http::encode_path(key.id);
}

http::Request json_request(const Site& site, http::Method method, std::string url,
                           const json& body) {
  http::Request request = api_request(site, method, std::move(url));
  request.headers.set("Content-Type", "application/json");
  request.body = dump_json(body);
  return request;
}

// {"branches":[{"name","ref","targetCommit"}], "tags":[...], ...}: every key is required.
Result<std::vector<GitRef>> parse_list(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) {
    return unexpected(
        make_error(ErrorKind::invalid_input, std::string("refs answer without '") + key + "'"));
  }
  std::vector<GitRef> refs;
  for (const json& r : *it) {
    if (!r.is_object()) {
      return unexpected(make_error(ErrorKind::invalid_input, "refs answer with a non-object"));
    }
    refs.push_back({string_field(r, "name"), string_field(r, "targetCommit")});
  }
  return refs;
}

}  // namespace

Result<RefList> HfClient::list_refs(const RepoKey& key) {
  auto response = call(api_request(site_, http::Method::get, refs_url(site_, key) + "/refs"));
  if (!response) {
    return unexpected(response.error());
  }
  return with_json(response->body, "refs", [](const json& j) -> Result<RefList> {
    auto branches = parse_list(j, "branches");
    auto tags = parse_list(j, "tags");
    if (!branches || !tags) {
      return unexpected(branches ? tags.error() : branches.error());
    }
    return RefList{std::move(*branches), std::move(*tags)};
  });
}

Result<void> HfClient::create_branch(const RepoKey& key, std::string_view name,
                                     std::string_view start_point) {
  auto response = call(json_request(
      site_, http::Method::post, refs_url(site_, key) + "/branch/" + http::encode_component(name),
      json{{"startingPoint", std::string(start_point)}}));
  if (!response) {
    return unexpected(response.error());
  }
  return {};
}

Result<void> HfClient::create_tag(const RepoKey& key, std::string_view name, const TagPoint& at) {
  const std::string& revision = at.commit.empty() ? at.branch : at.commit;
  auto response = call(json_request(
      site_, http::Method::post, refs_url(site_, key) + "/tag/" + http::encode_component(revision),
      json{{"tag", std::string(name)}}));
  if (!response) {
    return unexpected(response.error());
  }
  return {};
}

Result<void> HfClient::delete_tag(const RepoKey& key, std::string_view name) {
  auto response = call(api_request(site_, http::Method::del,
                                   refs_url(site_, key) + "/tag/" + http::encode_component(name)));
  if (!response) {
    return unexpected(response.error());
  }
  return {};
}

}  // namespace hf2ms::hub
