// Git LFS batch API with basic and multipart transfers, verify (§8.2), and the CDN-side
// routes they point at under /hf-lfs/ on the CDN listener: downloads, basic PUTs, part PUTs
// and the multipart completion. Clients send no Authorization to those URLs (§11.10), so
// each carries a signature over what it allows, the repo included: LFS storage is per repo
// on the Hub (an object another repo holds is "not shared between repos", as the
// huggingface_hub maintainers put it in issue 2876), so the batch answers "already stored"
// only for this repo's objects, a finished upload gives the object to the repo it was
// asked for, and downloads hand out only objects of the repo asked.
#include "hashing/hashing.hpp"
#include "hubsim/hf_routes.hpp"

#include <httplib.h>

#include <filesystem>
#include <fstream>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;
namespace fs = std::filesystem;

// "model/acme/bert": the repo a CDN URL is for, signed with the rest of it.
std::string repo_param(const RepoKey& key) {
  return std::string(to_string(key.type)) + "/" + key.id;
}

std::optional<RepoKey> repo_from_param(const std::string& text) {
  const auto slash = text.find('/');
  const auto type = repo_type_from_string(text.substr(0, std::min(slash, text.size())));
  if (!type || slash == std::string::npos) {
    return std::nullopt;
  }
  return RepoKey{Hub::hf, *type, text.substr(slash + 1)};
}

std::string put_payload(const std::string& repo, const std::string& oid, std::uint64_t size) {
  return "put:" + repo + ":" + oid + ":" + std::to_string(size);
}

std::string upload_query(const SimContext& ctx, const RepoKey& key, const std::string& oid,
                         std::uint64_t size) {
  const std::string repo = repo_param(key);
  return "?size=" + std::to_string(size) + "&repo=" + url_encode(repo, Slash::encode) +
         "&sig=" + sign(ctx, put_payload(repo, oid, size));
}

json upload_action(const SimContext& ctx, const RepoKey& key, const std::string& oid,
                   std::uint64_t size) {
  const std::string q = upload_query(ctx, key, oid, size);
  const std::uint64_t chunk = std::max<std::uint64_t>(ctx.options.multipart_chunk, 1);
  if (size <= ctx.options.multipart_threshold) {
    return {{"href", ctx.cdn_url + "/hf-lfs/upload/" + oid + q}};
  }
  // Multipart: chunk_size is a string, part keys are zero-padded numbers (§8.2).
  json header{{"chunk_size", std::to_string(chunk)}};
  const std::uint64_t parts = (size + chunk - 1) / chunk;
  for (std::uint64_t i = 1; i <= parts; ++i) {
    char part[8];
    std::snprintf(part, sizeof part, "%05llu", static_cast<unsigned long long>(i));
    header[part] = ctx.cdn_url + "/hf-lfs/part/" + oid + "/" + std::to_string(i) + q;
  }
  // UNCONFIRMED (§8.2): the real completion URL's shape; ours is signed like the parts.
  return {{"href", ctx.cdn_url + "/hf-lfs/complete/" + oid + q}, {"header", header}};
}

struct SignedPut {
  std::string oid;
  std::uint64_t size = 0;
  RepoKey repo;  // the repo the object is uploaded to
};

std::optional<SignedPut> check_put(const httplib::Request& req, httplib::Response& res,
                                   SimContext& ctx) {
  const std::string repo = req.get_param_value("repo");
  SignedPut p{
      req.matches[1].str(), std::strtoull(req.get_param_value("size").c_str(), nullptr, 10), {}};
  const auto key = repo_from_param(repo);
  if (!key || !check_signature(ctx, put_payload(repo, p.oid, p.size), req.get_param_value("sig"))) {
    send_error(res, 403, "", "SignatureDoesNotMatch");
    return std::nullopt;
  }
  p.repo = *key;
  return p;
}

// Streams a request body into `path` while hashing it; returns (sha256, bytes).
std::optional<std::pair<std::string, std::uint64_t>> receive_to_file(
    const httplib::ContentReader& reader, const std::string& path) {
  auto h = hashing::Sha256::create();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!h || !out) {
    return std::nullopt;
  }
  std::uint64_t n = 0;
  const bool ok = reader([&](const char* data, std::size_t len) {
    out.write(data, static_cast<std::streamsize>(len));
    h->update(data, len);
    n += len;
    return static_cast<bool>(out);
  });
  out.close();
  if (!ok || !out) {
    return std::nullopt;
  }
  return std::make_pair(h->finish_hex(), n);
}

void finish_upload(httplib::Response& res, SimContext& ctx, const SignedPut& p,
                   const std::string& file, const std::string& sha, std::uint64_t size) {
  std::error_code ec;
  if (sha != p.oid || size != p.size) {
    fs::remove(file, ec);
    return send_error(
        res, 400, "",
        "Uploaded content does not match oid " + p.oid + " and size " + std::to_string(p.size));
  }
  if (auto adopted = ctx.store.adopt_blob_file(file, sha, size); !adopted) {
    return send_error(res, 500, "", adopted.error().message);
  }
  // The repo may have gone since the batch answer: the bytes stay, nobody holds them.
  (void)ctx.store.hold_object(p.repo, sha);
  res.status = 200;
}

void handle_basic_put(const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader& reader, SimContext& ctx) {
  const auto p = check_put(req, res, ctx);
  if (!p) {
    return;
  }
  if (p->size == 0) {
    // The storage refuses an empty LFS upload; clients commit empty files as regular files
    // (real-hub-limits.md HF §5). The exact body is S3's, not the Hub's.
    return send_error(res, 501, "", "NotImplemented: an empty object cannot be uploaded");
  }
  const std::string file =
      (fs::path(ctx.store.staging_dir()) /
       ("basic-" + p->oid + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(&req))))
          .string();
  const auto got = receive_to_file(reader, file);
  if (!got) {
    return send_error(res, 500, "", "upload interrupted");
  }
  finish_upload(res, ctx, *p, file, got->first, got->second);
}

std::string parts_dir(SimContext& ctx, const std::string& oid) {
  return (fs::path(ctx.store.staging_dir()) / ("mp-" + oid)).string();
}

void handle_part_put(const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader, SimContext& ctx) {
  const auto p = check_put(req, res, ctx);
  if (!p) {
    return;
  }
  std::error_code ec;
  fs::create_directories(parts_dir(ctx, p->oid), ec);
  const auto got = receive_to_file(reader, parts_dir(ctx, p->oid) + "/" + req.matches[2].str());
  if (!got) {
    return send_error(res, 500, "", "part upload interrupted");
  }
  // Part ETags travel back verbatim in the completion body, quotes included (§8.2).
  res.set_header("ETag", "\"" + got->first.substr(0, 32) + "\"");
  res.status = 200;
}

void handle_complete(const httplib::Request& req, httplib::Response& res, SimContext& ctx) {
  const auto p = check_put(req, res, ctx);
  if (!p) {
    return;
  }
  const auto body = parse_json(req.body);
  if (!body || !body->is_object() || !jget((*body), "parts").is_array()) {
    return send_error(res, 400, "", "Invalid completion body");
  }
  const std::string dir = parts_dir(ctx, p->oid);
  const std::string file = dir + ".joined";
  auto h = hashing::Sha256::create();
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  std::uint64_t total = 0;
  std::string buf(std::size_t{4} << 20, '\0');
  for (const auto& part : jget((*body), "parts")) {
    const std::string n = std::to_string(part.value("partNumber", 0));
    std::ifstream in(dir + "/" + n, std::ios::binary);
    if (!in) {
      return send_error(res, 400, "", "Part " + n + " was not uploaded");
    }
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
      const auto got = static_cast<std::size_t>(in.gcount());
      out.write(buf.data(), static_cast<std::streamsize>(got));
      h->update(buf.data(), got);
      total += got;
    }
  }
  out.close();
  std::error_code ec;
  fs::remove_all(dir, ec);
  finish_upload(res, ctx, *p, file, h->finish_hex(), total);
  if (res.status == 200) {
    send_json(res, json::object());
  }
}

std::string get_payload(const std::string& repo, const std::string& sha256) {
  return "get:" + repo + ":" + sha256;
}

void handle_download(const httplib::Request& req, httplib::Response& res, SimContext& ctx) {
  const std::string sha = req.matches[1].str();
  const std::string repo = req.get_param_value("repo");
  const auto key = repo_from_param(repo);
  if (!key || !check_signature(ctx, get_payload(repo, sha), req.get_param_value("sig"))) {
    return send_error(res, 403, "", "SignatureDoesNotMatch");
  }
  const auto blob = ctx.store.repo_holds(*key, sha) ? ctx.store.find_blob(sha) : std::nullopt;
  if (!blob) {
    return send_error(res, 404, "", "NoSuchKey");
  }
  // The JS client reads the ETag of the final (CDN) response (§6.3).
  // HfLimits::cdn_ignores_range: the CDN answers 200 with the whole body (§6.2: CloudFront
  // may), so a client must check for 206 before appending.
  serve_blob(req, res, ctx, *blob,
             ServeOptions{"application/octet-stream", "\"" + sha + "\"",
                          ctx.options.hf_limits.cdn_ignores_range});
}

}  // namespace

std::string cdn_download_url(const SimContext& ctx, const RepoKey& key, const std::string& sha256,
                             const std::string& filename) {
  const std::string repo = repo_param(key);
  return ctx.cdn_url + "/hf-lfs/" + sha256 + "?repo=" + url_encode(repo, Slash::encode) +
         "&sig=" + sign(ctx, get_payload(repo, sha256)) +
         "&filename=" + url_encode(filename, Slash::encode);
}

void handle_lfs_batch(HfRepoRequest& r) {
  const auto body = parse_json(r.req.body).value_or(json::object());
  const std::string op = body.value("operation", std::string("download"));
  if (!hf_repo_for(r.caller, r.key, op == "upload" ? Need::write : Need::download, r.res, r.ctx)) {
    return;
  }
  const std::string algo = body.value("hash_algo", std::string("sha256"));
  if (algo != "sha256" && algo != "sha_256") {
    return send_error(r.res, 422, "", "Unsupported hash algorithm " + algo);
  }
  json objects = json::array();
  bool multipart = false;
  for (const auto& o : body.value("objects", json::array())) {
    const std::string oid = o.value("oid", std::string());
    const std::uint64_t size = o.value("size", std::uint64_t{0});
    json out{{"oid", oid}, {"size", size}};
    // Only objects this repo holds count as stored, for uploads and downloads alike.
    const bool held = r.ctx.store.repo_holds(r.key, oid);
    if (!hashing::is_lower_hex(oid, 64)) {
      out["error"] = {{"code", 422}, {"message", "Invalid oid"}};
    } else if (op == "upload" && !held) {
      json upload = upload_action(r.ctx, r.key, oid, size);
      multipart = multipart || upload.contains("header");
      out["actions"] = {{"upload", upload},
                        {"verify",
                         {{"href", r.ctx.hf_url + "/" + web_prefix(r.key.type) + r.key.id +
                                       ".git/info/lfs/objects/verify"}}}};
    } else if (op == "upload") {
      out["authenticated"] = true;  // already stored: no actions key at all (§11.10)
    } else if (op != "download") {
      out["error"] = {{"code", 422}, {"message", "Unsupported operation " + op}};
    } else if (const auto blob = held ? r.ctx.store.find_blob(oid) : std::nullopt;
               !blob || blob->size != size) {
      // Git LFS batch API: a missing object is a per-object 404, also for an object only
      // another repo holds.
      out["error"] = {{"code", 404}, {"message", "Object does not exist"}};
    } else {
      // Works for storage-locked repos too (real-hub-limits.md HF §6).
      out["authenticated"] = true;
      out["actions"] = {
          {"download", {{"href", cdn_download_url(r.ctx, r.key, oid, oid)}, {"expires_in", 3600}}}};
    }
    objects.push_back(out);
  }
  // Never "xet" (§8.5).
  r.res.status = 200;
  r.res.set_content(
      json{{"transfer", multipart ? "multipart" : "basic"}, {"objects", objects}}.dump(),
      "application/vnd.git-lfs+json");
}

void handle_lfs_verify(HfRepoRequest& r) {
  if (!hf_repo_for(r.caller, r.key, Need::write, r.res, r.ctx)) {
    return;
  }
  const auto body = parse_json(r.req.body).value_or(json::object());
  const std::string oid = body.value("oid", std::string());
  const auto blob = r.ctx.store.repo_holds(r.key, oid) ? r.ctx.store.find_blob(oid) : std::nullopt;
  if (!blob || blob->size != body.value("size", std::uint64_t{0})) {
    return send_error(r.res, 404, "", "Object not found");
  }
  send_json(r.res, json{{"message", "Object verified"}});
}

void register_hf_cdn_routes(httplib::Server& cdn, SimContext& ctx) {
  cdn.Get("/hf-lfs/([0-9a-f]{64})", [&ctx](const httplib::Request& req, httplib::Response& res) {
    handle_download(req, res, ctx);
  });
  cdn.Put(
      "/hf-lfs/upload/([0-9a-f]{64})",
      [&ctx](const httplib::Request& req, httplib::Response& res,
             const httplib::ContentReader& reader) { handle_basic_put(req, res, reader, ctx); });
  cdn.Put("/hf-lfs/part/([0-9a-f]{64})/([0-9]+)",
          [&ctx](const httplib::Request& req, httplib::Response& res,
                 const httplib::ContentReader& reader) { handle_part_put(req, res, reader, ctx); });
  cdn.Post("/hf-lfs/complete/([0-9a-f]{64})",
           [&ctx](const httplib::Request& req, httplib::Response& res) {
             handle_complete(req, res, ctx);
           });
}

}  // namespace hf2ms::hubsim
