// Download routes of the ModelScope side. `GET /api/v1/{models|datasets}/{o}/{n}/repo`
// serves inline files directly (exact Range/206) and answers LFS files with a 302 to a
// signed, credential-free URL on the CDN listener, as the hub does with its CDN
// (protocols/modelscope-hub.md §6.2). Also the SDK's harmless side calls (§1.5, §6.3 step 7).
#include "hashing/hashing.hpp"
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_routes.hpp"
#include "hubsim/ms_store_view.hpp"

#include <httplib.h>

#include <charconv>
#include <chrono>
#include <cstdio>

namespace hf2ms::hubsim {
namespace {

// CDN links stay valid this long, like the hub's ~20-30 min auth_key URLs.
constexpr std::int64_t k_cdn_link_lifetime_s = 1800;

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string link_signature(const SimContext& ctx, std::string_view sha256, std::int64_t expiry) {
  const std::string material =
      ctx.options.signing_key + "|ms|" + std::string(sha256) + "|" + std::to_string(expiry);
  return hashing::xxh3_128_hex(material);
}

std::string cdn_link(const SimContext& ctx, const FileEntry& entry, const std::string& path) {
  const std::int64_t expiry = now_seconds() + k_cdn_link_lifetime_s;
  const auto slash = path.rfind('/');
  const std::string filename = slash == std::string::npos ? path : path.substr(slash + 1);
  return ctx.cdn_url + "/ms/lfs-objects/" + entry.sha256 + "?auth_key=" + std::to_string(expiry) +
         "-" + link_signature(ctx, entry.sha256, expiry) +
         "&filename=" + httplib::detail::encode_query_param(filename);
}

bool is_valid_link(const SimContext& ctx, std::string_view sha256, std::string_view auth_key) {
  const auto dash = auth_key.find('-');
  if (dash == std::string_view::npos) {
    return false;
  }
  std::int64_t expiry = 0;
  const auto digits = auth_key.substr(0, dash);
  if (std::from_chars(digits.data(), digits.data() + digits.size(), expiry).ec != std::errc()) {
    return false;
  }
  return expiry >= now_seconds() &&
         auth_key.substr(dash + 1) == link_signature(ctx, sha256, expiry);
}

void handle_download(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto meta = ms_open_repo(ctx, res, ms_identify(ctx, req), target, MsNeed::download);
  if (!meta) {
    return;
  }
  const auto commit = ms_resolve(ctx, res, *meta, ms_param(req, "Revision"));
  if (!commit) {
    return;
  }
  // httplib has already decoded the query as quote_plus does ('+' → space, %2F → '/').
  const std::string path = ms_param(req, "FilePath");
  const auto it = (*commit)->files.find(path);
  if (it == (*commit)->files.end()) {
    // UNCONFIRMED (protocols/modelscope-hub.md §3.1, §6.2): body and Code of this 404.
    send_legacy_error(res, 404, "file not found: " + path, k_ms_code_file_not_found);
    return;
  }
  const auto blob = ctx.store.find_blob(it->second.sha256);
  if (!blob) {
    send_legacy_error(res, 500, "blob missing from the store: " + it->second.sha256);
    return;
  }
  if (it->second.lfs) {
    res.status = 302;
    res.set_header("Location", cdn_link(ctx, it->second, path));
    return;
  }
  serve_blob(req, res, ctx, *blob);
}

void handle_cdn_object(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string sha256 = req.matches[1].str();
  if (!is_valid_link(ctx, sha256, ms_param(req, "auth_key"))) {
    res.status = 403;
    res.set_content("AccessDenied: auth_key invalid or expired", "text/plain");
    return;
  }
  const auto blob = ctx.store.find_blob(sha256);
  if (!blob) {
    res.status = 404;
    res.set_content("NoSuchKey", "text/plain");
    return;
  }
  ServeOptions options;
  options.etag = "\"" + sha256 + "\"";
  const std::string filename = ms_param(req, "filename");
  if (!filename.empty()) {
    res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  }
  serve_blob(req, res, ctx, *blob, options);
}

}  // namespace

void register_ms_download_routes(httplib::Server& api, httplib::Server& cdn, SimContext& ctx) {
  api.Get("/api/v1/(models|datasets)/([^/]+)/([^/]+)/repo",
          [&ctx](const httplib::Request& req, httplib::Response& res) {
            handle_download(ctx, req, res);
          });
  cdn.Get("/ms/lfs-objects/([0-9a-f]{64})",
          [&ctx](const httplib::Request& req, httplib::Response& res) {
            handle_cdn_object(ctx, req, res);
          });
  // No intra-cloud region here: any failure makes the SDK skip the region header (§1.5).
  api.Get("/api/v1/repos/internalAccelerationInfo",
          [](const httplib::Request&, httplib::Response& res) {
            send_legacy_error(res, 404, "not found");
          });
  // Dataset download counters (§6.3 step 7): accepted, not kept.
  api.Post("/api/v1/datasets/([^/]+)/([^/]+)/download/(increase|uv/[^/]+)",
           [](const httplib::Request&, httplib::Response& res) {
             send_legacy_ok(res, nlohmann::json::object());
           });
}

}  // namespace hf2ms::hubsim
