// HF LFS batch actions → BlobUpload (protocols/huggingface-hub.md §8.2).
#include "hub/hf_requests.hpp"

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

}  // namespace

BlobUpload hf_blob_upload(const HfLfsAction& action) {
  BlobUpload upload;
  upload.blob = action.blob;
  if (action.part_urls.empty()) {
    UploadPart part{0, action.blob.size, storage_put(action.href)};
    for (const auto& [name, value] : action.headers) {
      // Credentials never travel as plain headers (the HTTP layer refuses them); a
      // presigned S3 URL needs none.
      if (!http::iequals(name, "Authorization") && !http::iequals(name, "Cookie")) {
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
