// /resolve/ and /raw/ downloads (§6): X-Repo-Commit on every answer. Regular files answer
// /resolve/ with a relative 307 to /api/resolve-cache/..., which serves the bytes with the
// git oid as ETag (real-hub-limits.md HF §4; HfLimits::resolve_cache_redirect off: served
// at /resolve/ directly). LFS files are redirected (302) to the CDN listener with
// X-Linked-Size / X-Linked-Etag, which Python requires on redirects (§11.2). A repo seeded
// "storage_locked" answers 403 on /resolve/ (real-hub-limits.md HF §6), and files above
// HfLimits::max_resolve_bytes are refused there; the Git LFS batch download still works.
#include "hubsim/hf_routes.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {

bool storage_locked(const RepoMeta& repo) {
  const auto it = repo.properties.find("hf_storage_locked");
  return it != repo.properties.end() && it->second == "true";
}

// 403 for a storage-locked repo or a file too large for /resolve/; false when refused.
bool resolve_allowed(HfRepoRequest& r, const RepoMeta& repo, const FileEntry& e) {
  if (storage_locked(repo)) {
    // UNCONFIRMED: the Hub's exact text; the state and the 403 are real-hub-limits.md HF §6.
    send_error(r.res, 403, "",
               "Storage locked: this repository's organization is over its storage quota; "
               "downloads through /resolve/ are disabled");
    return false;
  }
  if (!r.ctx.options.lenient && e.size > r.ctx.options.hf_limits.max_resolve_bytes) {
    // UNCONFIRMED: status and text; the 50 GB cap is the client's (constants.py).
    send_error(r.res, 403, "",
               "File " + r.path + " is larger than " +
                   std::to_string(r.ctx.options.hf_limits.max_resolve_bytes) +
                   " bytes and cannot be downloaded through /resolve/; use the Git LFS batch API");
    return false;
  }
  return true;
}

// The relative resolve-cache target of §6.2; Python drops its query when following, so the
// path alone must serve the file.
std::string resolve_cache_location(const HfRepoRequest& r, const Commit& commit,
                                   const FileEntry& e) {
  const std::string original = "/" + r.key.id + "/resolve/" + r.rev + "/" + r.path;
  return "/api/resolve-cache/" + plural(r.key.type) + "/" + r.key.id + "/" + commit.oid + "/" +
         url_encode(r.path, Slash::keep) + "?" + url_encode(original, Slash::encode) +
         "=&etag=%22" + e.git_oid + "%22";
}

void serve_regular(HfRepoRequest& r, const FileEntry& e, bool honour_if_none_match) {
  const auto blob = r.ctx.store.find_blob(e.sha256);
  if (!blob) {
    return send_error(r.res, 500, "", "blob missing from the store: " + e.sha256);
  }
  if (honour_if_none_match && r.req.get_header_value("If-None-Match") == "\"" + e.git_oid + "\"") {
    r.res.status = 304;
    r.res.set_header("ETag", "\"" + e.git_oid + "\"");
    return;
  }
  serve_blob(r.req, r.res, r.ctx, *blob,
             ServeOptions{"application/octet-stream", "\"" + e.git_oid + "\""});
}

}  // namespace

void handle_resolve(HfRepoRequest& r, ResolveKind kind) {
  const auto repo = hf_repo_for(r.caller, r.key, Need::download, r.res, r.ctx);
  if (!repo) {
    return;
  }
  const auto commit = hf_commit_for(r.key, r.rev, r.res, r.ctx);
  if (!commit) {
    return;
  }
  r.res.set_header("X-Repo-Commit", (*commit)->oid);
  const auto it = (*commit)->files.find(r.path);
  if (it == (*commit)->files.end()) {
    return send_error(r.res, 404, "EntryNotFound", "Entry not found: " + r.path);
  }
  const FileEntry& e = it->second;
  if (kind == ResolveKind::resolve && !resolve_allowed(r, *repo, e)) {
    return;
  }
  if (e.lfs && kind == ResolveKind::resolve) {
    const std::string location =
        cdn_download_url(r.ctx, r.key, e.sha256, r.path.substr(r.path.rfind('/') + 1));
    r.res.status = 302;
    r.res.set_header("Location", location);
    r.res.set_header("X-Linked-Size", std::to_string(e.size));
    r.res.set_header("X-Linked-Etag", "\"" + e.sha256 + "\"");
    r.res.set_header("ETag", "\"" + e.git_oid + "\"");
    r.res.set_content("Found. Redirecting to " + location, "text/plain; charset=utf-8");
    return;
  }
  if (kind == ResolveKind::resolve && r.ctx.options.hf_limits.resolve_cache_redirect) {
    const std::string location = resolve_cache_location(r, **commit, e);
    r.res.status = 307;
    r.res.set_header("Location", location);
    r.res.set_header("Accept-Ranges", "bytes");
    r.res.set_header("ETag", "\"" + e.git_oid + "\"");
    r.res.set_header("Vary", "Origin, Accept");
    r.res.set_content("Temporary Redirect. Redirecting to " + location,
                      "text/plain; charset=utf-8");
    return;
  }
  if (e.lfs) {  // /raw/ of an LFS file is the pointer itself
    auto pointer = r.ctx.store.put_blob(lfs_pointer(e.sha256, e.size));
    if (!pointer) {
      return send_error(r.res, 500, "", pointer.error().message);
    }
    return serve_blob(r.req, r.res, r.ctx, *pointer,
                      ServeOptions{"application/octet-stream", "\"" + e.git_oid + "\""});
  }
  serve_regular(r, e, kind == ResolveKind::resolve);
}

void handle_resolve_cache(HfRepoRequest& r) {
  const auto repo = hf_repo_for(r.caller, r.key, Need::download, r.res, r.ctx);
  if (!repo) {
    return;
  }
  const auto commit = r.ctx.store.get_commit(r.key, r.rev);
  if (!commit) {
    return send_error(r.res, 404, "RevisionNotFound", "Invalid rev id: " + r.rev);
  }
  r.res.set_header("X-Repo-Commit", (*commit)->oid);
  const auto it = (*commit)->files.find(r.path);
  if (it == (*commit)->files.end() || it->second.lfs) {
    return send_error(r.res, 404, "EntryNotFound", "Entry not found: " + r.path);
  }
  if (!resolve_allowed(r, *repo, it->second)) {
    return;
  }
  serve_regular(r, it->second, true);
}

}  // namespace hf2ms::hubsim
