// Xet-backed repos, simulated only as far as the wire shows them: tree and paths-info
// entries of LFS files carry `xetHash` in repos seeded with "xet": true (never by default:
// clients that see xetHash go to Xet storage, which the simulator does not serve;
// huggingface-hub.md §6.3), and POST /api/{type}s/{src}/lfs-files/duplicate copies their
// LFS objects to another repo by hash (real-hub-limits.md HF §7): the target then holds them
// (LFS storage is per repo, store.hpp), so a following commit may add them with `lfsFile`
// lines; without the duplicate that commit is refused.
#include "hashing/hashing.hpp"
#include "hubsim/hf_routes.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;

bool is_xet_backed(const RepoMeta& repo) {
  const auto it = repo.properties.find("hf_xet");
  return it != repo.properties.end() && it->second == "true";
}

// The simulator's stand-in for a file's Xet hash: a fixed function of its SHA-256 (real Xet
// hashes are Merkle hashes of content-defined chunks, which nothing here needs).
std::string xet_hash_of(std::string_view sha256) {
  return hashing::sha256_hex("hubsim-xet\n" + std::string(sha256));
}

std::string text_of(const json& obj, const char* key) {
  const json& v = jget(obj, key);
  return v.is_string() ? v.get<std::string>() : "";
}

}  // namespace

void add_xet_hashes(HfRepoRequest& r) {
  if (r.res.status != 200) {
    return;
  }
  const auto repo = r.ctx.store.find_repo(r.key);
  if (!repo || !is_xet_backed(*repo)) {
    return;
  }
  auto body = parse_json(r.res.body);
  if (!body || !body->is_array()) {
    return;
  }
  for (auto& entry : *body) {
    const json& lfs = jget(entry, "lfs");
    if (lfs.is_object() && jget(lfs, "oid").is_string()) {
      entry["xetHash"] = xet_hash_of(jget(lfs, "oid").get<std::string>());
    }
  }
  send_json(r.res, *body);
}

void handle_lfs_duplicate(HfRepoRequest& r) {
  const auto source = hf_repo_for(r.caller, r.key, Need::download, r.res, r.ctx);
  if (!source) {
    return;
  }
  const auto body = parse_json(r.req.body);
  const json& target = body ? jget(*body, "target") : jget(json(), "target");
  const auto type = repo_type_from_string(text_of(target, "type"));
  const std::string name = text_of(target, "name");
  if (!body || !jget(*body, "files").is_array() || !type || name.find('/') == std::string::npos) {
    return send_error(r.res, 400, "",
                      "Expected {\"target\": {\"type\", \"name\"}, \"files\": [{\"xetHash\", "
                      "\"sha256\", \"filename\"}]}");
  }
  const auto target_repo =
      hf_repo_for(r.caller, RepoKey{Hub::hf, *type, name}, Need::write, r.res, r.ctx);
  if (!target_repo) {
    return;
  }
  if (!is_xet_backed(*source)) {
    // UNCONFIRMED text; the rule (Xet files only) is real-hub-limits.md HF §7.
    return send_error(
        r.res, 400, "",
        "lfs-files/duplicate copies Xet files only; " + source->key.id + " is not Xet-backed");
  }
  json failed = json::array();
  std::size_t done = 0;
  for (const auto& f : jget(*body, "files")) {
    const std::string sha = text_of(f, "sha256");
    const std::string xet = text_of(f, "xetHash");
    if (!r.ctx.store.repo_holds(source->key, sha) || xet != xet_hash_of(sha) ||
        !r.ctx.store.hold_object(target_repo->key, sha)) {
      failed.push_back({{"sha256", sha},
                        {"xetHash", xet},
                        {"filename", text_of(f, "filename")},
                        {"error", "No Xet file with this hash in " + source->key.id}});
    } else {
      ++done;
    }
  }
  const std::size_t total = jget(*body, "files").size();
  // UNCONFIRMED: the answer's shape (clients only check the status).
  json out{
      {"success", failed.empty()}, {"processed", total}, {"succeeded", done}, {"failed", failed}};
  if (!failed.empty()) {
    out["error"] = std::to_string(failed.size()) + " of " + std::to_string(total) +
                   " files could not be duplicated";
  }
  send_json(r.res, out, failed.empty() ? 200 : 404);
}

}  // namespace hf2ms::hubsim
