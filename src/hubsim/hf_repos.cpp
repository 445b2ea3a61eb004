// Repo management (§7): create, delete, settings, branches and tags; refs and commit
// listing (§9).
#include "hubsim/hf_routes.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;

// The repo a create/delete body names: {"name","organization","type"}; bare names belong to
// the caller.
std::optional<RepoKey> key_from_body(const json& body, const Caller& caller) {
  if (!body.is_object() || !jget(body, "name").is_string()) {
    return std::nullopt;
  }
  std::string name = jget(body, "name").get<std::string>();
  std::string ns =
      jget(body, "organization").is_string() ? jget(body, "organization").get<std::string>() : "";
  if (name.find('/') != std::string::npos) {
    ns = name.substr(0, name.find('/'));
    name = name.substr(name.find('/') + 1);
  }
  if (ns.empty()) {
    ns = caller.who ? caller.who->user.name : "";
  }
  const std::string t =
      jget(body, "type").is_string() ? jget(body, "type").get<std::string>() : "model";
  const auto type = repo_type_from_string(t);
  if (!type || ns.empty()) {
    return std::nullopt;
  }
  return RepoKey{Hub::hf, *type, ns + "/" + name};
}

// `private` (bool, older clients) or `visibility` (string), both accepted (§7.1, §7.3).
std::optional<bool> privacy_of(const json& body) {
  if (body.contains("visibility") && jget(body, "visibility").is_string()) {
    return jget(body, "visibility").get<std::string>() != "public";
  }
  if (body.contains("private") && jget(body, "private").is_boolean()) {
    return jget(body, "private").get<bool>();
  }
  return std::nullopt;
}

bool is_valid_name_part(const std::string& s) {
  if (s.empty() || s.size() > 96 || s.find("--") != std::string::npos ||
      s.find("..") != std::string::npos) {
    return false;
  }
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  return word(s.front()) && word(s.back()) &&
         std::all_of(s.begin(), s.end(), [&](char c) { return word(c) || c == '-' || c == '.'; });
}

json ref_json(const std::string& name, const std::string& ref, const std::string& oid) {
  return {{"name", name}, {"ref", ref}, {"targetCommit", oid}};
}

}  // namespace

void handle_create_repo(const httplib::Request& req, httplib::Response& res, SimContext& ctx,
                        const Caller& caller) {
  if (!caller.who) {
    return send_error(res, 401, "", "You must be authenticated to create a repo");
  }
  const auto body = parse_json(req.body).value_or(json());
  const auto key = key_from_body(body, caller);
  if (!key || !is_valid_name_part(key->id.substr(0, key->id.find('/'))) ||
      !is_valid_name_part(key->id.substr(key->id.find('/') + 1))) {
    return send_error(res, 400, "", "Invalid repo name");
  }
  if (access_to_namespace(*caller.who, key->id.substr(0, key->id.find('/'))) != Access::write) {
    return send_error(res, 403, "",
                      "You don't have the rights to create a repo under this namespace");
  }
  const std::string url = ctx.hf_url + "/" + web_prefix(key->type) + key->id;
  RepoMeta meta;
  meta.key = *key;
  meta.is_private = privacy_of(body).value_or(false);
  if (key->type == RepoType::space) {
    meta.properties["sdk"] =
        jget(body, "sdk").is_string() ? jget(body, "sdk").get<std::string>() : "static";
  }
  FileMap initial;
  auto attrs = ctx.store.put_blob(default_gitattributes());
  if (attrs) {
    if (auto entry = ctx.store.make_entry(*attrs, Storage::regular)) {
      initial[".gitattributes"] = *entry;
    }
  }
  auto created = ctx.store.create_repo(meta, initial, caller.who->user.name, "initial commit");
  if (!created) {
    if (created.error().kind == ErrorKind::conflict) {
      res.set_header("X-Error-Message",
                     "You already created this " + std::string(to_string(key->type)) + " repo");
      return send_json(
          res,
          json{{"error", "You already created this " + std::string(to_string(key->type)) + " repo"},
               {"url", url}},
          409);
    }
    return send_error(res, 500, "", created.error().message);
  }
  send_json(res, json{{"url", url}, {"name", created->key.id}, {"id", created->object_id}});
}

void handle_delete_repo(const httplib::Request& req, httplib::Response& res, SimContext& ctx,
                        const Caller& caller) {
  const auto key = key_from_body(parse_json(req.body).value_or(json()), caller);
  if (!key) {
    return send_error(res, 400, "", "Invalid repo name");
  }
  if (!hf_repo_for(caller, *key, Need::write, res, ctx)) {
    return;
  }
  if (auto deleted = ctx.store.delete_repo(*key); !deleted) {
    return send_error(res, 404, "RepoNotFound", "Repository not found");
  }
  res.status = 200;
  res.set_content("OK", "text/plain; charset=utf-8");
}

void handle_settings(HfRepoRequest& r) {
  if (!hf_repo_for(r.caller, r.key, Need::write, r.res, r.ctx)) {
    return;
  }
  const auto body = parse_json(r.req.body).value_or(json::object());
  const auto privacy = privacy_of(body);
  auto updated = r.ctx.store.update_repo(r.key, [&](RepoMeta& m) {
    if (privacy) {
      m.is_private = *privacy;
    }
    if (body.contains("gated")) {
      m.gated = jget(body, "gated").is_string() ? jget(body, "gated").get<std::string>() : "";
    }
  });
  if (!updated) {
    return send_error(r.res, 500, "", updated.error().message);
  }
  // UNCONFIRMED (protocols/huggingface-hub.md §7.3): the answer's shape; clients ignore it.
  send_json(r.res, json{{"private", updated->is_private},
                        {"gated", updated->gated.empty() ? json(false) : json(updated->gated)}});
}

void handle_refs(HfRepoRequest& r) {
  const auto repo = hf_repo_for(r.caller, r.key, Need::read, r.res, r.ctx);
  if (!repo) {
    return;
  }
  json branches = json::array();
  json prs = json::array();
  for (const auto& [name, oid] : repo->branches) {
    if (name.rfind("refs/pr/", 0) == 0) {
      prs.push_back(ref_json(name.substr(8), name, oid));
    } else {
      branches.push_back(ref_json(name, "refs/heads/" + name, oid));
    }
  }
  json tags = json::array();
  for (const auto& [name, oid] : repo->tags) {
    tags.push_back(ref_json(name, "refs/tags/" + name, oid));
  }
  // Python needs every key, so all are always sent (§9).
  json out{{"branches", branches}, {"converts", json::array()}, {"tags", tags}};
  out["pullRequests"] =
      is_truthy(query_value(r.query, "include_prs").value_or("")) ? prs : json::array();
  send_json(r.res, out);
}

void handle_commits(HfRepoRequest& r) {
  if (!hf_repo_for(r.caller, r.key, Need::read, r.res, r.ctx)) {
    return;
  }
  auto history = r.ctx.store.history(r.key, r.rev);
  if (!history) {
    return send_error(r.res, 404, "RevisionNotFound", "Invalid rev id: " + r.rev);
  }
  std::size_t limit = r.ctx.options.commits_page_size;
  if (const auto l = query_value(r.query, "limit")) {
    limit = std::max<std::size_t>(1, std::strtoull(l->c_str(), nullptr, 10));
  }
  const std::size_t cursor =
      std::strtoull(query_value(r.query, "cursor").value_or("0").c_str(), nullptr, 10);
  json out = json::array();
  for (std::size_t i = cursor; i < history->size() && i < cursor + limit; ++i) {
    const Commit& c = *(*history)[i];
    out.push_back(
        {{"id", c.oid},
         {"title", c.title},
         {"message", c.message},
         {"authors", json::array({{{"user", c.author}, {"avatar", "/avatars/user.svg"}}})},
         {"date", iso_time(c.time_ms)}});
  }
  // UNCONFIRMED (§9): the Hub's own paging parameters; ours is an opaque cursor.
  if (cursor + limit < history->size()) {
    r.res.set_header("Link", "<" + r.ctx.hf_url + split_target(r.req).path +
                                 "?limit=" + std::to_string(limit) +
                                 "&cursor=" + std::to_string(cursor + limit) + ">; rel=\"next\"");
  }
  r.res.set_header("X-Total-Count", std::to_string(history->size()));
  send_json(r.res, out);
}

void handle_branch(HfRepoRequest& r, const std::string& name) {
  if (!hf_repo_for(r.caller, r.key, Need::write, r.res, r.ctx)) {
    return;
  }
  Result<void> done;
  if (r.req.method == "DELETE") {
    done = r.ctx.store.delete_branch(r.key, name);
  } else {
    const auto body = parse_json(r.req.body).value_or(json::object());
    const bool has_start =
        body.contains("startingPoint") && jget(body, "startingPoint").is_string();
    const std::string start = has_start ? jget(body, "startingPoint").get<std::string>() : "HEAD";
    if (body.contains("emptyBranch") && jget(body, "emptyBranch") == json(true)) {
      // A branch with no commits: the store keeps every branch at a commit. Refused loudly
      // rather than answered with something the Hub would not do.
      return send_error(r.res, 501, "", "hf2ms-hubsim does not implement emptyBranch");
    }
    const auto repo = r.ctx.store.find_repo(r.key);
    const bool exists = repo && repo->branches.count(name) != 0;
    const bool overwrite = body.contains("overwrite") && jget(body, "overwrite") == json(true);
    if (exists && overwrite) {
      // JS createBranch: `overwrite` alone on an existing branch is a no-op; with a
      // startingPoint the branch is moved there (protocols/huggingface-hub.md §7.5).
      if (!has_start) {
        return send_json(r.res, json::object());
      }
      if (!r.ctx.store.resolve(r.key, start)) {
        return send_error(r.res, 404, "RevisionNotFound", "Invalid rev id: " + start);
      }
      done = r.ctx.store.delete_branch(r.key, name);
      if (done) {
        done = r.ctx.store.create_branch(r.key, name, start);
      }
    } else {
      done = r.ctx.store.create_branch(r.key, name, start);
    }
  }
  if (!done) {
    const int status = done.error().http_status.value_or(400);
    return send_error(r.res, status, status == 404 ? "RevisionNotFound" : "", done.error().message);
  }
  send_json(r.res, json::object());
}

void handle_tag(HfRepoRequest& r, const std::string& name) {
  if (!hf_repo_for(r.caller, r.key, Need::write, r.res, r.ctx)) {
    return;
  }
  Result<void> done;
  if (r.req.method == "DELETE") {
    done = r.ctx.store.delete_tag(r.key, name);
  } else {
    // POST /tag/{rev} with {"tag": name}.
    const auto body = parse_json(r.req.body).value_or(json::object());
    const std::string tag = body.contains("tag") && jget(body, "tag").is_string()
                                ? jget(body, "tag").get<std::string>()
                                : "";
    done = r.ctx.store.create_tag(r.key, tag, name);
  }
  if (!done) {
    const int status = done.error().http_status.value_or(400);
    return send_error(r.res, status, status == 404 ? "RevisionNotFound" : "", done.error().message);
  }
  send_json(r.res, json::object());
}

}  // namespace hf2ms::hubsim
