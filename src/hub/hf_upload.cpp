// HF LFS batch actions → BlobUpload (protocols/huggingface-hub.md §8.2).
#include "hub/hf_requests.hpp"
#include "hub/json_adapter.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace hf2ms::hub {
namespace {

http::Request storage_put(std::string url) {
  http::Request request;
  request.method = http::Method::put;
  request.url = std::move(url);
  // No credential: the URL is presigned and usually on the storage host, never the hub token.
  request.idempotency = http::Idempotency::safe_to_retry;  // a part PUT overwrites itself
  return request;
}

// Credentials never travel as plain headers (the HTTP layer refuses them); a presigned URL
// needs none, and the verify call gets the Hub's own credential from the site.
bool is_plain_header(const std::string& name) {
  return !http::iequals(name, "Authorization") && !http::iequals(name, "Cookie");
}

http::Request verify_request(const Site& site, const HfLfsAction& action) {
  http::Request request = api_request(site, http::Method::post, *action.verify_href);
  for (const auto& [name, value] : action.verify_headers) {
    if (is_plain_header(name)) {
      request.headers.set(name, value);
    }
  }
  request.headers.set("Accept", "application/vnd.git-lfs+json");
  request.headers.set("Content-Type", "application/vnd.git-lfs+json");
  request.body = dump_json({{"oid", action.blob.sha256}, {"size", action.blob.size}});
  request.idempotency = http::Idempotency::safe_to_retry;  // a question; changes nothing
  return request;
}

}  // namespace

BlobUpload hf_blob_upload(const Site& site, const HfLfsAction& action) {
  BlobUpload upload;
  upload.blob = action.blob;
  if (action.verify_href) {
    upload.verify = verify_request(site, action);
  }
  if (action.part_urls.empty()) {
    UploadPart part{0, action.blob.size, storage_put(action.href)};
    for (const auto& [name, value] : action.headers) {
      if (is_plain_header(name)) {
        part.request.headers.set(name, value);
      }
    }
    upload.parts.push_back(std::move(part));
    return upload;
  }
  for (std::size_t i = 0; i < action.part_urls.size(); ++i) {
    const std::uint64_t offset = i * action.chunk_size;
    const std::uint64_t length = std::min(action.chunk_size, action.blob.size - offset);
    upload.parts.push_back({offset, length, storage_put(action.part_urls[i])});
  }
  upload.completion_url = action.href;
  return upload;
}

}  // namespace hf2ms::hub
