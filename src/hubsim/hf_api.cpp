// Router of the Hugging Face API listener. httplib decodes the path before matching, which
// loses the difference between '/' and '%2F' that §1.4 depends on, so every request goes to
// one catch-all handler that routes on the raw target itself.
#include "hubsim/hf_api.hpp"

#include "hubsim/hf_limits.hpp"
#include "hubsim/hf_routes.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Decoded segments [from, end) joined with '/'.
std::string join_decoded(const std::vector<std::string>& segs, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < segs.size(); ++i) {
    out += (i == from ? "" : "/") + url_decode(segs[i]);
  }
  return out;
}

// Splits segs[from..] into a revision and an in-repo path: the longest prefix that names an
// existing revision wins (§1.4 rule 2, UNCONFIRMED on the real Hub); else the first segment.
void split_rev_path(HfRepoRequest& r, const std::vector<std::string>& segs, std::size_t from) {
  for (std::size_t k = segs.size(); k > from; --k) {
    const std::string rev = join_decoded(segs, from, k);
    if (r.ctx.store.resolve(r.key, rev)) {
      r.rev = rev;
      r.path = join_decoded(segs, k, segs.size());
      return;
    }
  }
  r.rev = from < segs.size() ? url_decode(segs[from]) : "";
  r.path = join_decoded(segs, from + 1, segs.size());
}

void route_repo_api(HfRepoRequest& r, const std::vector<std::string>& segs) {
  const std::string action = segs.size() > 4 ? segs[4] : "";
  const std::string& m = r.req.method;
  const std::string rest = join_decoded(segs, 5, segs.size());
  if (action.empty() && (m == "GET" || m == "HEAD")) {
    return handle_repo_info(r);
  }
  if (action == "revision" || action == "tree" || action == "commits") {
    split_rev_path(r, segs, 5);
    if (action == "revision") {
      r.rev = rest;  // the whole remainder is the revision (it may contain '/')
      return handle_repo_info(r);
    }
    if (action == "tree") {
      handle_tree(r);
      return add_xet_hashes(r);
    }
    return handle_commits(r);
  }
  r.rev = rest;
  if (action == "paths-info" && m == "POST") {
    handle_paths_info(r);
    return add_xet_hashes(r);
  }
  if (action == "preupload" && m == "POST") {
    return handle_preupload(r);
  }
  if (action == "commit" && m == "POST") {
    return handle_commit(r);
  }
  if (action == "lfs-files" && rest == "duplicate" && m == "POST") {
    return handle_lfs_duplicate(r);
  }
  if (action == "refs") {
    return handle_refs(r);
  }
  if (action == "settings" && m == "PUT") {
    return handle_settings(r);
  }
  if (action == "branch") {
    return handle_branch(r, rest);
  }
  if (action == "tag") {
    return handle_tag(r, rest);
  }
  if (action == "auth-check") {
    return handle_auth_check(r, rest == "write" ? Need::write : Need::read);
  }
  send_error(r.res, 404, "", "Not found: " + r.req.target);
}

void route_api(const httplib::Request& req, httplib::Response& res, SimContext& ctx, HfState& state,
               const Caller& caller, const std::vector<std::string>& segs, const RawTarget& t) {
  if (segs.size() == 2 && segs[1] == "whoami-v2") {
    return handle_whoami(req, res, ctx);
  }
  if (segs.size() == 2 && segs[1] == "validate-yaml" && req.method == "POST") {
    return handle_validate_yaml(req, res);
  }
  // /api/resolve-cache/{type}s/{ns}/{name}/{commit}/{path}: the second hop of a regular
  // file's /resolve/ (§6.2).
  if (segs.size() >= 7 && segs[1] == "resolve-cache" && type_from_plural(segs[2]) &&
      (req.method == "GET" || req.method == "HEAD")) {
    HfRepoRequest r{
        req,
        res,
        ctx,
        caller,
        {Hub::hf, *type_from_plural(segs[2]), url_decode(segs[3]) + "/" + url_decode(segs[4])},
        url_decode(segs[5]),
        join_decoded(segs, 6, segs.size()),
        t.query,
        &state};
    return handle_resolve_cache(r);
  }
  if (segs.size() == 3 && segs[1] == "repos" && segs[2] == "create" && req.method == "POST") {
    return handle_create_repo(req, res, ctx, caller);
  }
  if (segs.size() == 3 && segs[1] == "repos" && segs[2] == "delete" && req.method == "DELETE") {
    return handle_delete_repo(req, res, ctx, caller);
  }
  const auto type = segs.size() > 1 ? type_from_plural(segs[1]) : std::nullopt;
  if (type && segs.size() == 2) {
    return handle_list_repos(*type, caller, t.query, res, ctx);
  }
  if (type && segs.size() >= 4) {
    HfRepoRequest r{req,
                    res,
                    ctx,
                    caller,
                    {Hub::hf, *type, url_decode(segs[2]) + "/" + url_decode(segs[3])},
                    "",
                    "",
                    t.query,
                    &state};
    return route_repo_api(r, segs);
  }
  send_error(res, 404, "", "Not found: " + req.target);
}

// /{prefix}{ns}/{name}/resolve|raw/{rev}/{path} and /{prefix}{ns}/{name}.git/info/lfs/objects/*.
void route_web(const httplib::Request& req, httplib::Response& res, SimContext& ctx, HfState& state,
               const Caller& caller, const std::vector<std::string>& segs, const RawTarget& t) {
  std::size_t i = 0;
  RepoType type = RepoType::model;
  if (!segs.empty() && (segs[0] == "datasets" || segs[0] == "spaces") && segs.size() > 3) {
    type = *type_from_plural(segs[0]);
    i = 1;
  }
  if (segs.size() < i + 3) {
    return send_error(res, 404, "", "Not found: " + req.target);
  }
  std::string name = url_decode(segs[i + 1]);
  const bool git = name.size() > 4 && name.ends_with(".git");
  if (git) {
    name.resize(name.size() - 4);
  }
  HfRepoRequest r{req, res, ctx,     caller, {Hub::hf, type, url_decode(segs[i]) + "/" + name},
                  "",  "",  t.query, &state};
  const std::string tail = join_decoded(segs, i + 2, segs.size());
  if (git && tail == "info/lfs/objects/batch" && req.method == "POST") {
    return handle_lfs_batch(r);
  }
  if (git && tail == "info/lfs/objects/verify" && req.method == "POST") {
    return handle_lfs_verify(r);
  }
  const std::string& kind = segs[i + 2];
  if (!git && (kind == "resolve" || kind == "raw") &&
      (req.method == "GET" || req.method == "HEAD")) {
    split_rev_path(r, segs, i + 3);
    return handle_resolve(r, kind == "raw" ? ResolveKind::raw : ResolveKind::resolve);
  }
  send_error(res, 404, "", "Not found: " + req.target);
}

void route_checked(const httplib::Request& req, httplib::Response& res, SimContext& ctx,
                   HfState& state) {
  const auto caller = hf_caller(req, res, ctx);
  if (!caller) {
    return;
  }
  if (!admit_hf_request(req, res, ctx, state, *caller)) {
    return;  // 429: the caller's quota bucket is exhausted
  }
  const RawTarget t = split_target(req);
  const auto segs = split_path(t.path);
  if (!segs.empty() && segs[0] == "api") {
    return route_api(req, res, ctx, state, *caller, segs, t);
  }
  return route_web(req, res, ctx, state, *caller, segs, t);
}

// The one adapter for nlohmann's throwing accessors (value(), get()) on request bodies: a
// body of the wrong shape is the client's error.
void route(const httplib::Request& req, httplib::Response& res, SimContext& ctx, HfState& state) {
  try {
    route_checked(req, res, ctx, state);
  } catch (const nlohmann::json::exception& e) {
    send_error(res, 400, "", std::string("Invalid request body: ") + e.what());
  }
}

}  // namespace

void register_hf_routes(httplib::Server& api, httplib::Server& cdn, SimContext& ctx) {
  // The handler owns the HF routes' mutable state (quota windows), so each simulator has its
  // own and it lives as long as the server.
  auto state = std::make_shared<HfState>();
  const auto handler = [&ctx, state](const httplib::Request& req, httplib::Response& res) {
    route(req, res, ctx, *state);
  };
  api.Get(".*", handler);
  api.Post(".*", handler);
  api.Put(".*", handler);
  api.Delete(".*", handler);
  register_hf_cdn_routes(cdn, ctx);
}

}  // namespace hf2ms::hubsim
