#include "hub/hf_lfs_download.hpp"

#include "http/error_map.hpp"
#include "hub/hf_client.hpp"
#include "hub/hf_requests.hpp"
#include "hub/json_adapter.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace hf2ms::hub {
namespace {

using nlohmann::json;

bool icontains(std::string_view text, std::string_view needle) {
  const auto it =
      std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
      });
  return it != text.end();
}

// Fields an answer may not set: credentials travel only in a Credential, and these are ours.
bool reserved_header(std::string_view name) {
  constexpr std::array<std::string_view, 8> k_reserved{
      "Authorization", "Cookie",          "Proxy-Authorization", "Host",
      "Range",         "Accept-Encoding", "Content-Length",      "Transfer-Encoding"};
  return std::any_of(k_reserved.begin(), k_reserved.end(),
                     [name](std::string_view r) { return http::iequals(name, r); });
}

Error answer_error(const BlobSpec& blob, const std::string& what) {
  return make_error(ErrorKind::invalid_input,
                    "the Git LFS batch answer for " + blob.sha256 + " " + what);
}

// The one object of the answer that must be `blob`, with its download action.
Result<json> download_action(const json& j, const BlobSpec& blob) {
  const json objects = j.value("objects", json::array());
  if (!objects.is_array() || objects.size() != 1 || !objects[0].is_object()) {
    return unexpected(answer_error(blob, "does not hold exactly one object"));
  }
  const json& o = objects[0];
  if (string_field(o, "oid") != blob.sha256 ||
      (o.contains("size") && o.value("size", std::uint64_t{0}) != blob.size)) {
    return unexpected(answer_error(blob, "names another object"));
  }
  if (auto err = o.find("error"); err != o.end() && err->is_object()) {
    const int code = err->value("code", 0);
    return unexpected(make_error(
        code == 404 ? ErrorKind::not_found : http::classify(http::Transport::none, code),
        "the Git LFS batch API refused " + blob.sha256 + ": " + string_field(*err, "message"),
        code));
  }
  const json actions = o.value("actions", json::object());
  const json download = actions.is_object() ? actions.value("download", json()) : json();
  if (!download.is_object() || string_field(download, "href").empty()) {
    return unexpected(answer_error(blob, "has no download action"));
  }
  return download;
}

}  // namespace

bool hf_storage_locked(const Error& error) {
  return error.http_status == 403 && icontains(error.message, "storage locked");
}

http::Request hf_lfs_download_batch_request(const Site& site, const RepoKey& key,
                                            const BlobSpec& blob) {
  const json body = {{"operation", "download"},
                     {"transfers", {"basic"}},
                     {"objects", {{{"oid", blob.sha256}, {"size", blob.size}}}},
                     {"hash_algo", "sha256"}};
  http::Request request =
      api_request(site, http::Method::post,
                  site.endpoint + "/" + std::string(hf_web_prefix(key.type)) +
                      http::encode_path(key.id) + ".git/info/lfs/objects/batch");
  request.headers.set("Accept", "application/vnd.git-lfs+json");
  request.headers.set("Content-Type", "application/vnd.git-lfs+json");
  request.body = dump_json(body);
  request.idempotency = http::Idempotency::safe_to_retry;
  return request;
}

Result<http::Request> hf_lfs_download_request(const Site& site, std::string_view batch_body,
                                              const BlobSpec& blob,
                                              std::optional<ByteRange> range) {
  auto action = with_json(batch_body, "Git LFS batch",
                          [&blob](const json& j) { return download_action(j, blob); });
  if (!action) {
    return unexpected(action.error());
  }
  const std::string href = string_field(*action, "href");
  const auto origin = http::parse_origin(href);
  if (!origin || (origin->scheme != "https" && origin->scheme != site.origin.scheme)) {
    return unexpected(
        answer_error(blob, "has a download href that is not an https URL on a named host"));
  }
  http::Request request = api_request(site, http::Method::get, href);
  request.headers.remove("Accept");
  request.headers.set("Accept-Encoding", "identity");
  const json header = action->value("header", json::object());
  if (header.is_object()) {
    for (const auto& [name, value] : header.items()) {
      if (value.is_string() && !reserved_header(name)) {
        request.headers.set(name, value.get<std::string>());
      }
    }
  }
  if (range) {
    request.headers.set("Range", range_header(range->offset, range->length));
  }
  return request;
}

DownloadRefusal HfClient::download_error(const http::Response& answer) const {
  Error error = hf_response_error(http::Method::get, answer);
  const bool locked = answer.transport == http::Transport::none && hf_storage_locked(error);
  return DownloadRefusal{std::move(error), locked};
}

std::optional<http::Request> HfClient::lfs_download_batch_request(const RepoKey& key,
                                                                  const BlobSpec& blob) const {
  return hf_lfs_download_batch_request(site_, key, blob);
}

Result<http::Request> HfClient::lfs_download_request(const http::Response& batch_answer,
                                                     const BlobSpec& blob,
                                                     std::optional<ByteRange> range) const {
  if (!http::is_success(batch_answer)) {
    return unexpected(hf_response_error(http::Method::post, batch_answer));
  }
  return hf_lfs_download_request(site_, batch_answer.body, blob, range);
}

}  // namespace hf2ms::hub
