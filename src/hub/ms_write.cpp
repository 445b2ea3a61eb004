// Write-side ModelScope request builders (protocols/modelscope-hub.md §7, §8).
#include "http/redact.hpp"
#include "hub/base64.hpp"
#include "hub/json_adapter.hpp"
#include "hub/ms_requests.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace hf2ms::hub {
namespace {

using nlohmann::json;

constexpr std::string_view k_form_boundary = "hf2ms-form-5b1d0c7e9a";

std::pair<std::string, std::string> split_id(const std::string& id) {
  const auto slash = id.find('/');
  return {id.substr(0, slash), slash == std::string::npos ? "" : id.substr(slash + 1)};
}

int visibility_code(RepoVisibility v) {
  return v == RepoVisibility::private_ ? 1 : 5;  // 1 private, 5 public (§4.1)
}

std::string form_body(const std::vector<std::pair<std::string_view, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + std::string(k_form_boundary) + "\r\nContent-Disposition: form-data; name=\"" +
            std::string(name) + "\"\r\n\r\n" + value + "\r\n";
  }
  return body + "--" + std::string(k_form_boundary) + "--\r\n";
}

json action(const CommitAdd& add) {
  if (add.storage == Storage::lfs) {
    return {{"action", "create"},   {"path", add.path}, {"type", "lfs"}, {"size", add.size},
            {"sha256", add.sha256}, {"content", ""},    {"encoding", ""}};
  }
  return {{"action", "create"},  {"path", add.path}, {"type", "normal"},
          {"size", add.size},    {"sha256", ""},     {"content", encode_base64(add.content)},
          {"encoding", "base64"}};
}

json delete_action(const std::string& path) {
  return {{"action", "delete"}, {"path", path},  {"type", "normal"}, {"size", 0},
          {"sha256", ""},       {"content", ""}, {"encoding", ""}};
}

bool has_suffix(std::string_view path, std::string_view suffix) {
  return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
}

}  // namespace

http::Request ms_create_repo_request(const Site& site, const RepoKey& key,
                                     const CreateOptions& options) {
  auto [owner, name] = split_id(key.id);
  http::Request request = api_request(
      site, http::Method::post, site.endpoint + "/api/v1/" + std::string(ms_segment(key.type)));
  // UNCONFIRMED (§7.1): whether License may be left out; the SDKs always send one (B defaults
  // to apache-2.0). hf2ms sends the source's licence when it maps to a ModelScope id
  // (manifest/ms_license.hpp) and otherwise none, never a licence the source does not have.
  if (key.type == manifest::RepoType::dataset) {
    std::vector<std::pair<std::string_view, std::string>> fields{
        {"Name", name}, {"ChineseName", name}, {"Owner", owner}};
    if (options.license) {
      fields.emplace_back("License", *options.license);
    }
    fields.emplace_back("Visibility", std::to_string(visibility_code(options.visibility)));
    fields.emplace_back("Description", "");
    request.headers.set("Content-Type",
                        "multipart/form-data; boundary=" + std::string(k_form_boundary));
    request.body = form_body(fields);
    return request;
  }
  json body = {{"Path", owner},
               {"Name", name},
               {"ChineseName", name},
               {"Visibility", visibility_code(options.visibility)}};
  if (options.license) {
    body["License"] = *options.license;
  }
  request.headers.set("Content-Type", "application/json");
  request.body = dump_json(body);
  return request;
}

Result<http::Request> ms_visibility_request(const Site& site, const RepoKey& key,
                                            std::string_view info_body, RepoVisibility visibility) {
  return with_json(info_body, "repo info", [&](const json& j) -> Result<http::Request> {
    const json data = j.value("Data", json::object());
    json body = json::object();
    std::string url =
        site.endpoint + "/api/v1/datasets/" + std::to_string(data.value("Id", std::int64_t{0}));
    if (key.type != manifest::RepoType::dataset) {
      // The SDK sends the whole settings object back with Visibility changed (§7.5).
      for (const char* field : {"ChineseName", "ModelFramework", "ApprovalMode", "Description",
                                "AigcType", "VisionFoundation", "ModelCover", "License",
                                "SubScientificField", "ScientificField", "Source", "ModelTask"}) {
        if (data.contains(field)) {
          body[field] = data[field];
        }
      }
      url = site.endpoint + "/api/v1/models/" + http::encode_path(key.id);
    }
    body["Visibility"] = visibility_code(visibility);
    body["ProtectedMode"] = data.value("ProtectedMode", 2);
    http::Request request = api_request(site, http::Method::put, std::move(url));
    request.headers.set("Content-Type", "application/json");
    request.body = dump_json(body);
    return request;
  });
}

http::Request ms_blob_batch_request(const Site& site, const RepoKey& key,
                                    std::span<const BlobSpec> blobs) {
  json objects = json::array();
  for (const BlobSpec& b : blobs) {
    objects.push_back({{"oid", b.sha256}, {"size", b.size}});
  }
  http::Request request =
      api_request(site, http::Method::post,
                  site.endpoint + "/api/v1/repos/" + std::string(ms_segment(key.type)) + "/" +
                      http::encode_path(key.id) + "/info/lfs/objects/batch");
  request.headers.set("Content-Type", "application/json");
  request.body = dump_json({{"operation", "upload"}, {"objects", objects}});
  request.idempotency = http::Idempotency::safe_to_retry;  // a question; changes nothing
  return request;
}

Result<BlobUpload> ms_blob_upload(const Site& site, const BlobSpec& blob,
                                  const MsUploadSlot& slot) {
  const auto origin = http::parse_origin(slot.href);
  const std::vector<http::Origin> allowed = ms_bound_origins(site.origin);
  if (!origin || std::find(allowed.begin(), allowed.end(), *origin) == allowed.end()) {
    // UNCONFIRMED (§8.1): whether hrefs are ever presigned OSS URLs. Such an upload would need
    // no token, but hf2ms cannot tell one from a hostile answer, so it refuses them all.
    return unexpected(make_error(
        ErrorKind::invalid_input,
        "ModelScope's blob batch answer sends the upload of " + blob.sha256 + " to " +
            (origin ? http::to_string(*origin) : http::redact_url_for_message(slot.href)) +
            ", which is not " + http::to_string(site.origin) +
            " or its lfs./pre-lfs. sibling: nothing was sent there (no token, no bytes)"));
  }
  http::Request put = api_request(site, http::Method::put, slot.href);
  put.headers.remove("Accept");
  // PUT of the same content-addressed blob is harmless to repeat (the SDKs retry it, §9).
  put.idempotency = http::Idempotency::safe_to_retry;
  // After the last byte the hub hashes the whole blob before it answers.
  put.timeouts = http::Timeouts::long_operation();
  BlobUpload upload;
  upload.blob = blob;
  upload.parts.push_back({0, blob.size, std::move(put)});
  return Result<BlobUpload>(std::move(upload));
}

std::string ms_commit_body(const CommitSpec& spec) {
  json actions = json::array();
  for (const CommitAdd& add : spec.adds) {
    actions.push_back(action(add));
  }
  for (const std::string& path : spec.deletes) {
    actions.push_back(delete_action(path));
  }
  return dump_json({{"commit_message", spec.message}, {"actions", std::move(actions)}});
}

http::Request ms_commit_request(const Site& site, const RepoKey& key, std::string_view branch,
                                std::string body) {
  http::Request request =
      api_request(site, http::Method::post,
                  site.endpoint + "/api/v1/repos/" + std::string(ms_segment(key.type)) + "/" +
                      http::encode_path(key.id) + "/commit/" + http::encode_path(branch));
  request.headers.set("Content-Type", "application/json");
  request.body = std::move(body);
  request.idempotency = http::Idempotency::not_safe;
  request.timeouts = http::Timeouts::long_operation();
  return request;
}

Storage ms_storage_for(manifest::RepoType type, std::string_view path, std::uint64_t size) {
  static constexpr std::array<std::string_view, 10> k_always_inline = {"README.md",
                                                                       ".gitattributes",
                                                                       ".gitignore",
                                                                       "configuration.json",
                                                                       "configuration.yaml",
                                                                       "configuration.yml",
                                                                       "dataset_infos.json",
                                                                       "config.json",
                                                                       ".msc",
                                                                       ".mdl"};
  static constexpr std::array<std::string_view, 31> k_model_lfs = {
      ".7z",      ".arrow",   ".bin",    ".bz2",     ".ckpt", ".ftz", ".gz",   ".h5",
      ".joblib",  ".mlmodel", ".model",  ".msgpack", ".npy",  ".npz", ".onnx", ".ot",
      ".parquet", ".pb",      ".pickle", ".pkl",     ".pt",   ".pth", ".rar",  ".safetensors",
      ".tar",     ".tflite",  ".tgz",    ".wasm",    ".xz",   ".zip", ".zst"};
  static constexpr std::array<std::string_view, 21> k_dataset_extra_lfs = {
      ".aac", ".audio", ".bmp",   ".flac", ".gif", ".jack", ".jpeg",
      ".jpg", ".png",   ".jsonl", ".lz4",  ".pcm", ".raw",  ".sam",
      ".wav", ".webm",  ".webp",  ".tiff", ".mp3", ".mp4",  ".ogg"};
  const std::string_view name = path.substr(path.rfind('/') + 1);
  if (std::find(k_always_inline.begin(), k_always_inline.end(), name) != k_always_inline.end() &&
      size <= k_ms_max_inline_file) {
    return Storage::inline_;
  }
  constexpr std::uint64_t k_lfs_threshold = 64 * 1024;  // §8.2, the newest SDK generation
  if (size > k_lfs_threshold) {
    return Storage::lfs;
  }
  const auto matches = [&](std::string_view suffix) { return has_suffix(path, suffix); };
  if (std::any_of(k_model_lfs.begin(), k_model_lfs.end(), matches)) {
    return Storage::lfs;
  }
  if (type == manifest::RepoType::dataset &&
      std::any_of(k_dataset_extra_lfs.begin(), k_dataset_extra_lfs.end(), matches)) {
    return Storage::lfs;
  }
  return Storage::inline_;
}

}  // namespace hf2ms::hub
