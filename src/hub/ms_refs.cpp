// MsClient's ref calls (protocols/modelscope-hub.md §5.3 revisions, §7.5 tag creation).
#include "hub/json_adapter.hpp"
#include "hub/ms_client.hpp"
#include "hub/ms_json.hpp"
#include "hub/ms_requests.hpp"

#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

std::vector<GitRef> to_refs(const std::vector<MsRef>& list) {
  std::vector<GitRef> refs;
  refs.reserve(list.size());
  for (const MsRef& r : list) {
    refs.push_back({r.name, r.commit_id});
  }
  return refs;
}

}  // namespace

Result<RefList> MsClient::list_refs(const RepoKey& key) {
  if (key.type == manifest::RepoType::space) {
    return RefList{};
  }
  auto response = call(ms_revisions_request(site_, key));
  if (!response) {
    return unexpected(response.error());
  }
  auto revisions = parse_ms_revisions(response->body);
  if (!revisions) {
    return unexpected(revisions.error());
  }
  return RefList{to_refs(revisions->branches), to_refs(revisions->tags)};
}

Result<void> MsClient::create_branch(const RepoKey& /*key*/, std::string_view name,
                                     std::string_view /*start_point*/) {
  return unexpected(make_error(ErrorKind::invalid_input,
                               "cannot create branch '" + std::string(name) +
                                   "': ModelScope documents no API to create branches"));
}

Result<void> MsClient::create_tag(const RepoKey& key, std::string_view name, const TagPoint& at) {
  if (key.type != manifest::RepoType::model) {
    return unexpected(make_error(ErrorKind::invalid_input,
                                 "cannot create tag '" + std::string(name) +
                                     "': ModelScope documents tag creation for models only"));
  }
  // The SDKs' body (TagName, Ref = a branch); one modelscope_hub revision sends
  // {"Tag", "Revision"}: which one the server takes today is UNCONFIRMED (§7.5, §12). Ref is
  // the branch, never a commit id (revisions are names, real-hub-limits.md ModelScope §1).
  http::Request request =
      api_request(site_, http::Method::post,
                  site_.endpoint + "/api/v1/models/" + http::encode_path(key.id) + "/repo/tag");
  request.headers.set("Content-Type", "application/json");
  request.body = dump_json(nlohmann::json{{"TagName", std::string(name)}, {"Ref", at.branch}});
  auto response = call(std::move(request));
  if (!response) {
    return unexpected(response.error());
  }
  return {};
}

Result<void> MsClient::delete_tag(const RepoKey& /*key*/, std::string_view name) {
  return unexpected(make_error(
      ErrorKind::invalid_input,
      "cannot delete tag '" + std::string(name) + "': ModelScope documents no API to delete tags"));
}

}  // namespace hf2ms::hub
