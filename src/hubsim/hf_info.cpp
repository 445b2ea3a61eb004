// whoami-v2, repo info (§4), repo listing by author and auth-check.
#include "hashing/hashing.hpp"
#include "hubsim/hf_routes.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;

std::string object_id_of(std::string_view name) { return hashing::sha256_hex(name).substr(0, 24); }

json sibling_json(const std::string& path, const FileEntry& e, bool blobs) {
  json j{{"rfilename", path}};
  if (blobs) {
    j["size"] = e.size;
    j["blobId"] = e.git_oid;
    if (e.lfs) {
      // siblings call the LFS hash `sha256`, not `oid` (§4.3).
      j["lfs"] = {{"sha256", e.sha256},
                  {"size", e.size},
                  {"pointerSize", lfs_pointer(e.sha256, e.size).size()}};
    }
  }
  return j;
}

// Repo listings leave `siblings` out; building them would make a listing page O(files).
enum class Siblings { listed, omitted };

json repo_json(const RepoMeta& m, const Commit* head, bool blobs, std::size_t siblings_limit,
               Siblings with = Siblings::listed) {
  const std::string author = m.key.id.substr(0, m.key.id.find('/'));
  json j{{"_id", m.object_id},
         {"id", m.key.id},
         {"author", author},
         {"private", m.is_private},
         {"disabled", false},
         {"gated", m.gated.empty() ? json(false) : json(m.gated)},
         {"downloads", 0},
         {"likes", 0},
         {"tags", json::array()},
         {"lastModified", iso_time(m.last_modified_ms)},
         {"createdAt", iso_time(m.created_ms)}};
  if (m.key.type == RepoType::model) {
    j["modelId"] = m.key.id;
  }
  if (m.key.type == RepoType::space) {
    const auto sdk = m.properties.find("sdk");
    j["sdk"] = sdk == m.properties.end() ? "static" : sdk->second;
  }
  if (head != nullptr) {
    j["sha"] = head->oid;
    json siblings = json::array();
    std::uint64_t used = 0;
    for (const auto& [path, e] : head->files) {
      if (with == Siblings::listed && siblings.size() < siblings_limit) {
        siblings.push_back(sibling_json(path, e, blobs));
      }
      used += e.size;
    }
    if (with == Siblings::listed) {
      j["siblings"] = siblings;
    }
    j["usedStorage"] = used;
  }
  return j;
}

// With `expand`, the answer holds only _id, id and the requested keys (§4.1).
json apply_expand(const json& full, const std::vector<std::string>& expand) {
  if (expand.empty()) {
    return full;
  }
  json out{{"_id", jget(full, "_id")}, {"id", jget(full, "id")}};
  for (const auto& key : expand) {
    if (full.contains(key)) {
      out[key] = full[key];
    }
  }
  return out;
}

}  // namespace

void handle_whoami(const httplib::Request& req, httplib::Response& res, SimContext& ctx) {
  const auto who = ctx.identify(req, Hub::hf);
  if (!who) {
    return send_error(res, 401, "", "Invalid credentials in Authorization header");
  }
  json orgs = json::array();
  for (const auto& org : who->user.orgs) {
    orgs.push_back({{"type", "org"},
                    {"id", object_id_of("org:" + org)},
                    {"name", org},
                    {"fullname", org},
                    {"email", nullptr},
                    {"canPay", false},
                    {"avatarUrl", "/avatars/org.svg"},
                    {"periodEnd", nullptr}});
  }
  const char* role = who->token.role == Access::write ? "write" : "read";
  send_json(res, json{{"type", "user"},
                      {"id", object_id_of("user:" + who->user.name)},
                      {"name", who->user.name},
                      {"fullname", who->user.fullname},
                      {"email", who->user.email},
                      {"emailVerified", true},
                      {"canPay", false},
                      {"isPro", false},
                      {"periodEnd", nullptr},
                      {"avatarUrl", "/avatars/user.svg"},
                      {"billingMode", "postpaid"},
                      {"orgs", orgs},
                      {"auth",
                       {{"type", "access_token"},
                        {"accessToken",
                         {{"displayName", who->token.display_name},
                          {"role", role},
                          {"createdAt", "2024-01-01T00:00:00.000Z"}}}}}});
}

void handle_list_repos(RepoType type, const Caller& caller, const std::string& query,
                       httplib::Response& res, SimContext& ctx) {
  const std::string author = query_value(query, "author").value_or("");
  std::vector<RepoMeta> repos = ctx.store.list_repos(Hub::hf, type, author);
  std::erase_if(repos, [&](const RepoMeta& m) { return !can_read(caller.who, m); });
  std::size_t limit = ctx.options.page_size;
  if (const auto l = query_value(query, "limit")) {
    limit = std::max<std::size_t>(1, std::strtoull(l->c_str(), nullptr, 10));
  }
  const std::size_t cursor =
      std::strtoull(query_value(query, "cursor").value_or("0").c_str(), nullptr, 10);
  json out = json::array();
  for (std::size_t i = cursor; i < repos.size() && i < cursor + limit; ++i) {
    auto head = ctx.store.resolve(repos[i].key, "");
    out.push_back(repo_json(repos[i], head ? head->get() : nullptr, false, 0, Siblings::omitted));
  }
  if (cursor + limit < repos.size()) {
    res.set_header("Link", "<" + ctx.hf_url + "/api/" + plural(type) +
                               "?author=" + url_encode(author, Slash::encode) +
                               "&limit=" + std::to_string(limit) +
                               "&cursor=" + std::to_string(cursor + limit) + ">; rel=\"next\"");
  }
  send_json(res, out);
}

void handle_repo_info(HfRepoRequest& r) {
  const auto repo = hf_repo_for(r.caller, r.key, Need::read, r.res, r.ctx);
  if (!repo) {
    return;
  }
  const auto head = hf_commit_for(r.key, r.rev.empty() ? "HEAD" : r.rev, r.res, r.ctx);
  if (!head) {
    return;
  }
  auto expand = query_values(r.query, "expand");
  for (auto& e : query_values(r.query, "expand[]")) {
    expand.push_back(e);
  }
  const bool blobs = is_truthy(query_value(r.query, "blobs").value_or(""));
  send_json(
      r.res,
      apply_expand(repo_json(*repo, head->get(), blobs, r.ctx.options.hf_siblings_limit), expand));
}

void handle_auth_check(HfRepoRequest& r, Need need) {
  if (hf_repo_for(r.caller, r.key, need, r.res, r.ctx)) {
    send_json(r.res, json::object());
  }
}

}  // namespace hf2ms::hubsim
