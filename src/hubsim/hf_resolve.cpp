// /resolve/ and /raw/ downloads (§6): X-Repo-Commit on every answer, regular files served
// directly with their git oid as ETag, LFS files redirected (302) to the CDN listener with
// X-Linked-Size / X-Linked-Etag, which Python requires on redirects (§11.2).
#include "hubsim/hf_routes.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {

void handle_resolve(HfRepoRequest& r, ResolveKind kind) {
  if (!hf_repo_for(r.caller, r.key, Need::download, r.res, r.ctx)) {
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
  if (e.lfs && kind == ResolveKind::resolve) {
    const std::string location =
        cdn_download_url(r.ctx, e.sha256, r.path.substr(r.path.rfind('/') + 1));
    r.res.status = 302;
    r.res.set_header("Location", location);
    r.res.set_header("X-Linked-Size", std::to_string(e.size));
    r.res.set_header("X-Linked-Etag", "\"" + e.sha256 + "\"");
    r.res.set_header("ETag", "\"" + e.git_oid + "\"");
    r.res.set_content("Found. Redirecting to " + location, "text/plain; charset=utf-8");
    return;
  }
  std::optional<BlobInfo> blob;
  if (e.lfs) {  // /raw/ of an LFS file is the pointer itself
    auto pointer = r.ctx.store.put_blob(lfs_pointer(e.sha256, e.size));
    if (pointer) {
      blob = *pointer;
    }
  } else {
    blob = r.ctx.store.find_blob(e.sha256);
  }
  if (!blob) {
    return send_error(r.res, 500, "", "blob missing from the store: " + e.sha256);
  }
  if (r.req.get_header_value("If-None-Match") == "\"" + e.git_oid + "\"" &&
      kind == ResolveKind::resolve) {
    r.res.status = 304;
    r.res.set_header("ETag", "\"" + e.git_oid + "\"");
    return;
  }
  serve_blob(r.req, r.res, r.ctx, *blob,
             ServeOptions{"application/octet-stream", "\"" + e.git_oid + "\""});
}

}  // namespace hf2ms::hubsim
