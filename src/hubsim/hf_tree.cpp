// Tree listing with Link pagination and paths-info (§5).
#include "hashing/hashing.hpp"
#include "hubsim/hf_routes.hpp"

#include <httplib.h>

#include <set>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// Every folder of `files` ("" = root), each with its direct children.
struct Folders {
  std::map<std::string, std::set<std::string>> subdirs;      // folder → child folders
  std::map<std::string, std::vector<std::string>> files_in;  // folder → file paths
};

Folders folders_of(const FileMap& files) {
  Folders f;
  f.subdirs[""];
  for (const auto& [path, e] : files) {
    std::string dir = parent_of(path);
    f.files_in[dir].push_back(path);
    while (!dir.empty()) {
      const std::string up = parent_of(dir);
      f.subdirs[up].insert(dir);
      f.subdirs[dir];
      dir = up;
    }
  }
  return f;
}

std::string base_name(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::string raw_oid(const std::string& hex) {
  return hashing::from_hex(hex).value_or(std::string(20, '\0'));
}

std::string tree_oid_in(const FileMap& files, const Folders& f, const std::string& dir,
                        std::map<std::string, std::string>& memo) {
  if (const auto it = memo.find(dir); it != memo.end()) {
    return it->second;
  }
  // git orders entries by name, comparing a folder's name as if it ended in '/'.
  std::map<std::string, std::string> entries;  // sort key → entry bytes
  if (const auto it = f.files_in.find(dir); it != f.files_in.end()) {
    for (const auto& path : it->second) {
      const std::string name = base_name(path);
      entries[name] = "100644 " + name + '\0' + raw_oid(files.at(path).git_oid);
    }
  }
  for (const auto& sub : f.subdirs.at(dir)) {
    const std::string name = base_name(sub);
    entries[name + "/"] = "40000 " + name + '\0' + raw_oid(tree_oid_in(files, f, sub, memo));
  }
  std::string body;
  for (const auto& [key, bytes] : entries) {
    body += bytes;
  }
  return memo[dir] = hashing::git_object_sha1_hex("tree", body);
}

void collect(const FileMap& files, const Folders& f, const std::string& dir, bool recursive,
             std::map<std::string, std::string>& memo, std::vector<json>& out) {
  for (const auto& sub : f.subdirs.at(dir)) {
    out.push_back(dir_entry_json(sub, tree_oid_in(files, f, sub, memo)));
    if (recursive) {
      collect(files, f, sub, recursive, memo, out);
    }
  }
  if (const auto it = f.files_in.find(dir); it != f.files_in.end()) {
    for (const auto& path : it->second) {
      out.push_back(file_entry_json(path, files.at(path)));
    }
  }
}

// The next-page link keeps the caller's parameters and moves the cursor; absolute (§5.2).
std::string next_link(const HfRepoRequest& r, std::size_t cursor) {
  std::string query;
  for (const char* key : {"recursive", "expand"}) {
    if (const auto v = query_value(r.query, key)) {
      query += std::string(query.empty() ? "" : "&") + key + "=" + url_encode(*v, Slash::encode);
    }
  }
  query += std::string(query.empty() ? "" : "&") + "cursor=" + std::to_string(cursor);
  return "<" + r.ctx.hf_url + split_target(r.req).path + "?" + query + ">; rel=\"next\"";
}

}  // namespace

std::string tree_oid(const FileMap& files, const std::string& dir) {
  std::map<std::string, std::string> memo;
  return tree_oid_in(files, folders_of(files), dir, memo);
}

void handle_tree(HfRepoRequest& r) {
  if (!hf_repo_for(r.caller, r.key, Need::read, r.res, r.ctx)) {
    return;
  }
  const auto commit = hf_commit_for(r.key, r.rev, r.res, r.ctx);
  if (!commit) {
    return;
  }
  std::string dir = r.path;
  while (!dir.empty() && dir.back() == '/') {
    dir.pop_back();
  }
  const FileMap& files = (*commit)->files;
  const Folders f = folders_of(files);
  if (f.subdirs.count(dir) == 0) {
    r.res.set_header("X-Repo-Commit", (*commit)->oid);
    return send_error(r.res, 404, "EntryNotFound", "Entry not found: " + r.path);
  }
  std::vector<json> all;
  std::map<std::string, std::string> memo;
  collect(files, f, dir, is_truthy(query_value(r.query, "recursive").value_or("")), memo, all);
  std::sort(all.begin(), all.end(), [](const json& a, const json& b) {
    return jget(a, "path").get<std::string>() < jget(b, "path").get<std::string>();
  });
  const bool expand = is_truthy(query_value(r.query, "expand").value_or(""));
  const std::size_t page =
      expand ? std::min<std::size_t>(50, r.ctx.options.page_size) : r.ctx.options.page_size;
  const std::size_t cursor =
      std::strtoull(query_value(r.query, "cursor").value_or("0").c_str(), nullptr, 10);
  json out = json::array();
  for (std::size_t i = cursor; i < all.size() && i < cursor + page; ++i) {
    if (expand) {
      all[i]["lastCommit"] = {{"id", (*commit)->oid},
                              {"title", (*commit)->title},
                              {"date", iso_time((*commit)->time_ms)}};
    }
    out.push_back(std::move(all[i]));
  }
  if (cursor + page < all.size()) {
    r.res.set_header("Link", next_link(r, cursor + page));
  }
  r.res.set_header("X-Repo-Commit", (*commit)->oid);
  send_json(r.res, out);
}

void handle_paths_info(HfRepoRequest& r) {
  if (!hf_repo_for(r.caller, r.key, Need::read, r.res, r.ctx)) {
    return;
  }
  const auto commit = hf_commit_for(r.key, r.rev, r.res, r.ctx);
  if (!commit) {
    return;
  }
  // JS sends JSON, Python form-urlencoded with `paths` repeated (§5.3).
  std::vector<std::string> paths;
  if (const auto j = parse_json(r.req.body);
      j && j->is_object() && jget((*j), "paths").is_array()) {
    for (const auto& p : jget((*j), "paths")) {
      if (p.is_string()) {
        paths.push_back(p.get<std::string>());
      }
    }
  } else {
    paths = query_values(r.req.body, "paths");
  }
  if (paths.size() > 1000) {
    return send_error(r.res, 413, "", "too many parameters");
  }
  const FileMap& files = (*commit)->files;
  const Folders f = folders_of(files);
  std::map<std::string, std::string> memo;
  json out = json::array();
  for (const auto& p : paths) {
    if (const auto it = files.find(p); it != files.end()) {
      out.push_back(file_entry_json(p, it->second));
    } else if (!p.empty() && f.subdirs.count(p) != 0) {
      out.push_back(dir_entry_json(p, tree_oid_in(files, f, p, memo)));
    }
  }
  r.res.set_header("X-Repo-Commit", (*commit)->oid);
  send_json(r.res, out);
}

}  // namespace hf2ms::hubsim
