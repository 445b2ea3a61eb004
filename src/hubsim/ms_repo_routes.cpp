// Repo management routes of the ModelScope side: create a model (JSON body) or a dataset
// (multipart form, §7.2), delete either, and change visibility / gating (§7.5). "Already
// exists" is HTTP 400 with the hub's business code, because B swallows any create error and
// A checks Code (§7.1, §7.3).
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_json.hpp"
#include "hubsim/ms_routes.hpp"
#include "hubsim/ms_store_view.hpp"

#include <httplib.h>

#include <charconv>

namespace hf2ms::hubsim {
namespace {

constexpr std::string_view k_name_taken = "该名称已被注册使用，请重新命名";

// The fields both create bodies carry, read from JSON (models) or form fields (datasets).
struct CreateFields {
  std::string owner;
  std::string name;
  std::string license;
  std::string description;
  std::string chinese_name;
  int visibility = k_ms_visibility_public;
  int protected_mode = k_ms_protected_off;
};

int int_of(const std::string& text, int fallback) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : fallback;
}

// Visibility and ProtectedMode may come as numbers or decimal strings.
int json_number(const nlohmann::json& body, std::string_view key, int fallback) {
  if (const auto n = json_int(body, key)) {
    return static_cast<int>(*n);
  }
  return int_of(json_string(body, key).value_or(""), fallback);
}

CreateFields fields_from_json(const nlohmann::json& body) {
  CreateFields f;
  f.owner = json_string(body, "Path").value_or("");
  f.name = json_string(body, "Name").value_or("");
  f.license = json_string(body, "License").value_or("");
  f.description = json_string(body, "Description").value_or("");
  f.chinese_name = json_string(body, "ChineseName").value_or("");
  f.visibility = json_number(body, "Visibility", k_ms_visibility_public);
  f.protected_mode = json_number(body, "ProtectedMode", k_ms_protected_off);
  return f;
}

std::string form_value(const httplib::Request& req, const std::string& key) {
  return req.has_file(key) ? req.get_file_value(key).content : ms_param(req, key);
}

CreateFields fields_from_form(const httplib::Request& req) {
  CreateFields f;
  f.owner = form_value(req, "Owner");
  f.name = form_value(req, "Name");
  f.license = form_value(req, "License");
  f.description = form_value(req, "Description");
  f.chinese_name = form_value(req, "ChineseName");
  f.visibility = int_of(form_value(req, "Visibility"), k_ms_visibility_public);
  f.protected_mode = int_of(form_value(req, "ProtectedMode"), k_ms_protected_off);
  return f;
}

void apply_settings(RepoMeta& meta, int visibility, int protected_mode) {
  meta.is_private = visibility == k_ms_visibility_private;
  if (visibility == k_ms_visibility_internal) {
    meta.properties[std::string(k_ms_visibility_property)] = "3";
  } else {
    meta.properties.erase(std::string(k_ms_visibility_property));
  }
  // ProtectedMode only means something on private repos (§4.1); the simulator gates any.
  meta.gated = protected_mode == k_ms_protected_gated ? "manual" : "";
}

bool may_create(SimContext& ctx, const httplib::Request& req, httplib::Response& res,
                const CreateFields& f, std::optional<Identity>& who) {
  who = ms_identify(ctx, req);
  if (!who) {
    send_legacy_error(res, 401, "用户未登录 user not logged in", k_ms_code_not_logged_in);
    return false;
  }
  if (!is_valid_repo_name(f.owner) || !is_valid_repo_name(f.name)) {
    send_legacy_error(res, 400, "invalid repo name: " + f.owner + "/" + f.name);
    return false;
  }
  if (access_to_namespace(*who, f.owner) != Access::write) {
    send_legacy_error(res, 403, "no write permission on namespace " + f.owner);
    return false;
  }
  return true;
}

void create_repo(SimContext& ctx, const httplib::Request& req, httplib::Response& res,
                 MsRepoKind kind, const CreateFields& f) {
  std::optional<Identity> who;
  if (!may_create(ctx, req, res, f, who)) {
    return;
  }
  RepoMeta meta;
  meta.key = ms_repo_key(kind, f.owner, f.name);
  meta.default_branch = std::string(k_ms_default_branch);
  meta.properties["license"] = f.license;
  meta.properties["description"] = f.description;
  meta.properties["chinese_name"] = f.chinese_name;
  apply_settings(meta, f.visibility, f.protected_mode);
  const auto created = ctx.store.create_repo(meta, {}, who->user.name, "Initial commit");
  if (!created) {
    if (created.error().kind == ErrorKind::conflict) {
      send_legacy_error(
          res, 400, k_name_taken,
          kind == MsRepoKind::model ? k_ms_code_model_exists : k_ms_code_dataset_exists);
    } else {
      send_legacy_error(res, 500, created.error().message);
    }
    return;
  }
  send_legacy_ok(res, legacy_info_json(ms_repo_view(ctx.store, *created, nullptr)));
}

void handle_delete(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto meta = ms_open_repo(ctx, res, ms_identify(ctx, req), target, MsNeed::write);
  if (!meta) {
    return;
  }
  // The live hub now refuses token deletes (§7.4); the simulator allows them so tests can
  // clean up, which is the behaviour older SDKs were written against.
  const auto deleted = ctx.store.delete_repo(meta->key);
  if (!deleted) {
    send_legacy_error(res, 500, deleted.error().message);
    return;
  }
  send_legacy_ok(res, nlohmann::json::object());
}

void update_settings(SimContext& ctx, const httplib::Request& req, httplib::Response& res,
                     const MsTarget& target) {
  const auto meta = ms_open_repo(ctx, res, ms_identify(ctx, req), target, MsNeed::write);
  if (!meta) {
    return;
  }
  const auto body = parse_json_body(req.body);
  if (!body || !body->is_object()) {
    send_legacy_error(res, 400, "invalid request body");
    return;
  }
  const int visibility = json_number(*body, "Visibility", ms_visibility(*meta));
  const int protected_mode = json_number(
      *body, "ProtectedMode", meta->gated.empty() ? k_ms_protected_off : k_ms_protected_gated);
  const auto updated = ctx.store.update_repo(meta->key, [&](RepoMeta& m) {
    apply_settings(m, visibility, protected_mode);
    if (const auto text = json_string(*body, "Description")) {
      m.properties["description"] = *text;
    }
    if (const auto text = json_string(*body, "License")) {
      m.properties["license"] = *text;
    }
  });
  if (!updated) {
    send_legacy_error(res, 500, updated.error().message);
    return;
  }
  send_legacy_ok(res, nlohmann::json::object());
}

void handle_dataset_settings(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  std::int64_t id = 0;
  const std::string text = req.matches[1].str();
  std::from_chars(text.data(), text.data() + text.size(), id);
  const auto meta = find_ms_dataset_by_id(ctx.store, id);
  if (!meta) {
    send_legacy_error(res, 404, ms_missing_message(MsRepoKind::dataset));
    return;
  }
  const auto slash = meta->key.id.find('/');
  update_settings(
      ctx, req, res,
      MsTarget{MsRepoKind::dataset, meta->key.id.substr(0, slash), meta->key.id.substr(slash + 1)});
}

}  // namespace

void register_ms_repo_routes(httplib::Server& api, SimContext& ctx) {
  api.Post("/api/v1/models", [&ctx](const httplib::Request& req, httplib::Response& res) {
    // A sends this JSON without a Content-Type (§1.4): parse whatever arrives.
    const auto body = parse_json_body(req.body);
    if (!body || !body->is_object()) {
      send_legacy_error(res, 400, "invalid request body");
      return;
    }
    create_repo(ctx, req, res, MsRepoKind::model, fields_from_json(*body));
  });
  api.Post("/api/v1/datasets", [&ctx](const httplib::Request& req, httplib::Response& res) {
    create_repo(ctx, req, res, MsRepoKind::dataset, fields_from_form(req));
  });
  api.Delete("/api/v1/(models|datasets)/([^/]+)/([^/]+)",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               handle_delete(ctx, req, res);
             });
  api.Put("/api/v1/models/([^/]+)/([^/]+)", [&ctx](const httplib::Request& req,
                                                   httplib::Response& res) {
    update_settings(ctx, req, res,
                    MsTarget{MsRepoKind::model, req.matches[1].str(), req.matches[2].str()});
  });
  api.Put("/api/v1/datasets/([0-9]+)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_dataset_settings(ctx, req, res);
  });
}

}  // namespace hf2ms::hubsim
