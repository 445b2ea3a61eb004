// Tree listing with Link pagination and paths-info (§5).
#include "hubsim/hf_routes.hpp"
#include "hubsim/store_index.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;

// One tree entry as the Hub renders it, for tree pages and paths-info alike.
json tree_entry_json(const TreeIndex& index, const IndexNode& node) {
  const std::string path(node.path);
  return node.file != nullptr ? file_entry_json(path, *node.file)
                              : dir_entry_json(path, index.folders[node.folder].tree_oid);
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
  // The commit's index is built once and shared; a page is a slice of it (O(page)).
  const auto index = r.ctx.store.tree_index(r.key, *commit);
  const auto listing =
      index->listing(dir, is_truthy(query_value(r.query, "recursive").value_or("")));
  if (!listing) {
    r.res.set_header("X-Repo-Commit", (*commit)->oid);
    return send_error(r.res, 404, "EntryNotFound", "Entry not found: " + r.path);
  }
  const bool expand = is_truthy(query_value(r.query, "expand").value_or(""));
  const std::size_t page =
      expand ? std::min<std::size_t>(50, r.ctx.options.page_size) : r.ctx.options.page_size;
  const std::size_t cursor =
      std::strtoull(query_value(r.query, "cursor").value_or("0").c_str(), nullptr, 10);
  const std::size_t total = listing->size();
  json out = json::array();
  for (std::size_t i = cursor; i < total && i - cursor < page; ++i) {
    json entry = tree_entry_json(*index, listing->at(i));
    if (expand) {
      entry["lastCommit"] = {{"id", (*commit)->oid},
                             {"title", (*commit)->title},
                             {"date", iso_time((*commit)->time_ms)}};
    }
    out.push_back(std::move(entry));
  }
  if (cursor < total && page < total - cursor) {
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
  const auto index = r.ctx.store.tree_index(r.key, *commit);
  json out = json::array();
  for (const auto& p : paths) {
    if (const IndexNode* file = index->find_file(p)) {
      out.push_back(tree_entry_json(*index, *file));
    } else if (const IndexFolder* folder = p.empty() ? nullptr : index->find_folder(p)) {
      out.push_back(dir_entry_json(p, folder->tree_oid));
    }
  }
  r.res.set_header("X-Repo-Commit", (*commit)->oid);
  send_json(r.res, out);
}

}  // namespace hf2ms::hubsim
