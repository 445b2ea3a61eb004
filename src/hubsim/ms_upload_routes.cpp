// Upload routes of the ModelScope side (protocols/modelscope-hub.md §8). The blob batch query
// answers an upload href only for blobs the repo lacks (blobs are held per repo, as on HF),
// and a finished PUT gives the blob to the repo it names. The href names the ModelScope API
// listener itself (the "emulator host" of §10 item 6): the real hub's upload host, `lfs.<base>`,
// is one that receives the ModelScope credential, and the API listener is the only one of the
// simulator that may, so the CDN listener never sees an upload or a token. Addressed by name
// (MsHosts::names), the href names the `lfs.` sibling of the API host the request used
// (`lfs.modelscope.localhost:PORT`, same listener), so a client must bind its credential to
// that sibling as it must for `lfs.modelscope.cn`. The blob PUT streams
// the body to a staging file while hashing it and adopts it only when SHA-256 and size match the
// URL. The commit route lives in ms_commit_route.cpp.
#include "hashing/hashing.hpp"
#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_requests.hpp"
#include "hubsim/ms_routes.hpp"

#include <httplib.h>

#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>

namespace hf2ms::hubsim {
namespace {

nlohmann::json upload_object(const std::string& base, const MsTarget& target,
                             const MsBlobRef& ref) {
  const std::string href = base + "/api/v1/repos/" + std::string(plural(target.kind)) + "/" +
                           target.id() + "/blobs/" + ref.oid + "/" + std::to_string(ref.size);
  // The SDK reads only oid and actions.upload.href; the rest mirrors the hub's shape.
  return nlohmann::json{{"oid", ref.oid},
                        {"size", ref.size},
                        {"actions",
                         {{"upload",
                           {{"href", href},
                            {"offset", 0},
                            {"upload_header", {{"Range", "bytes=0-"}}},
                            {"upload_parameters", nlohmann::json::object()}}}}}};
}

void handle_batch(SimContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto meta = ms_open_repo(ctx, res, ms_identify(ctx, req), target, MsNeed::write);
  if (!meta) {
    return;
  }
  const auto refs = parse_blob_batch(req.body);
  if (!refs) {
    send_legacy_error(res, refs.error().http_status, refs.error().message, refs.error().code);
    return;
  }
  const std::string base =
      ms_blob_base_url(ctx.options.ms_limits, req.get_header_value("Host"), ctx.ms_url);
  nlohmann::json objects = nlohmann::json::array();
  for (const auto& ref : *refs) {
    // The hub remembers oid and size together: a wrong size asks for an upload again. Only
    // this repo's blobs count: UNCONFIRMED (modelscope-hub.md §8.1 says "blobs it already
    // has"; the batch and PUT routes name the repo), so the strict side, as on HF.
    const auto stored =
        ctx.store.repo_holds(meta->key, ref.oid) ? ctx.store.find_blob(ref.oid) : std::nullopt;
    if (!stored || stored->size != ref.size) {
      objects.push_back(upload_object(base, target, ref));
    }
  }
  if (ctx.options.ms_limits.batch_envelope == MsBatchEnvelope::bare) {
    // The shape observed without an envelope (real-hub-limits.md ModelScope §4).
    send_json(res, 200, nlohmann::json{{"objects", objects}});
    return;
  }
  send_legacy_ok(res, nlohmann::json{{"objects", objects}});
}

std::string staging_name(const SimContext& ctx, const std::string& sha256) {
  static std::atomic<std::uint64_t> counter{0};
  return (std::filesystem::path(ctx.store.staging_dir()) /
          ("ms-put-" + sha256 + "-" + std::to_string(counter.fetch_add(1))))
      .string();
}

// Streams the request body into `path`, hashing it. Returns the hex SHA-256 and the byte
// count, or nullopt when the file cannot be written.
struct Received {
  std::string sha256;
  std::uint64_t size = 0;
};
std::optional<Received> receive_to_file(const httplib::ContentReader& reader,
                                        const std::string& path) {
  auto hasher = hashing::Sha256::create();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!hasher || !out) {
    return std::nullopt;
  }
  Received got;
  reader([&](const char* data, std::size_t length) {
    hasher->update(data, length);
    out.write(data, static_cast<std::streamsize>(length));
    got.size += length;
    return static_cast<bool>(out);
  });
  out.close();
  if (!out) {
    return std::nullopt;
  }
  got.sha256 = hasher->finish_hex();
  return got;
}

void handle_blob_put(SimContext& ctx, const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader) {
  const MsTarget target = ms_target_from_match(req, 1);
  const auto who = ms_identify(ctx, req);
  if (!who) {
    // 3rd-party observation (§2.1): HTTP 400 with this Code and text.
    send_legacy_error(res, 400, "user not logged in", k_ms_code_not_logged_in);
    return;
  }
  const auto meta = ms_open_repo(ctx, res, who, target, MsNeed::write);
  if (!meta) {
    return;
  }
  const std::string sha256 = req.matches[4].str();
  std::uint64_t size = 0;
  const std::string size_text = req.matches[5].str();
  std::from_chars(size_text.data(), size_text.data() + size_text.size(), size);
  const std::string path = staging_name(ctx, sha256);
  const auto got = receive_to_file(reader, path);
  if (!got || got->sha256 != sha256 || got->size != size) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    send_legacy_error(res, got ? 400 : 500,
                      got ? "blob does not match its sha256/size" : "cannot stage blob");
    return;
  }
  const auto adopted = ctx.store.adopt_blob_file(path, sha256, size);
  if (!adopted) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    send_legacy_error(res, 500, adopted.error().message);
    return;
  }
  if (const auto held = ctx.store.hold_object(meta->key, sha256); !held) {
    send_legacy_error(res, 500, held.error().message);
    return;
  }
  send_legacy_ok(res, nlohmann::json::object());
}

}  // namespace

void register_ms_upload_routes(httplib::Server& api, SimContext& ctx) {
  const std::string repo = "/api/v1/repos/(models|datasets)/([^/]+)/([^/]+)";
  api.Post(
      repo + "/info/lfs/objects/batch",
      [&ctx](const httplib::Request& req, httplib::Response& res) { handle_batch(ctx, req, res); });
  const auto put = [&ctx](const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) {
    handle_blob_put(ctx, req, res, reader);
  };
  api.Put(repo + "/blobs/([0-9a-f]{64})/([0-9]+)", put);
}

}  // namespace hf2ms::hubsim
