// The ModelScope tag route (protocols/modelscope-hub.md §7.5): POST
// /api/v1/models/{owner}/{name}/repo/tag with JSON {"TagName": "v1.0", "Ref": "master"} tags
// the head of branch Ref. The notes document it for models only, and no route to delete a
// tag or to create a branch, so the simulator has none either.
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_routes.hpp"
#include "hubsim/ms_rules.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {

// The SDK's message for an empty tag name (§3.1).
constexpr std::string_view k_tag_name_empty = "参数错误：版本名称不能为空";

void handle_create_tag(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const MsTarget target{MsRepoKind::model, req.matches[1].str(), req.matches[2].str()};
  const auto meta = ms_open_repo(ctx, res, ms_identify(ctx, req), target, MsNeed::write);
  if (!meta) {
    return;
  }
  // A sends its JSON without a Content-Type (§1.4). The SDKs send TagName and Ref; one
  // modelscope_hub revision sends {"Tag", "Revision"}: which one the server takes today is
  // UNCONFIRMED (§12), so only the SDKs' body is taken here.
  const auto body = parse_json_body(req.body);
  if (!body || !body->is_object()) {
    send_legacy_error(res, 400, "invalid request body");
    return;
  }
  const std::string name = json_string(*body, "TagName").value_or("");
  const std::string ref = json_string(*body, "Ref").value_or("");
  if (name.empty()) {
    send_legacy_error(res, 400, k_tag_name_empty);
    return;
  }
  // Ref names a branch (revisions are branch or tag names, and tags are made from branches
  // in the SDKs); a tag or a commit id as Ref is refused like a commit to one: UNCONFIRMED.
  if (!ms_check_branch(res, *meta, ref)) {
    return;
  }
  auto made = ctx.store.create_tag(meta->key, name, ref);
  if (!made) {
    // UNCONFIRMED: the hub's status and text for an existing tag or a bad name; a business
    // error with HTTP 400, like "name already taken" for repos (§7.1).
    const bool exists = made.error().kind == ErrorKind::conflict;
    send_legacy_error(res, 400, exists ? "tag " + name + " already exists" : made.error().message);
    return;
  }
  send_legacy_ok(res, nlohmann::json::object());
}

}  // namespace

void register_ms_tag_route(httplib::Server& api, SimContext& ctx) {
  api.Post("/api/v1/models/([^/]+)/([^/]+)/repo/tag",
           [&ctx](const httplib::Request& req, httplib::Response& res) {
             handle_create_tag(ctx, req, res);
           });
}

}  // namespace hf2ms::hubsim
