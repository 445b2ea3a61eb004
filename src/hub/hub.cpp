// HubReader's defaults for hubs without a storage-locked state or a Git LFS batch API.
#include "hub/hub.hpp"

#include "http/error_map.hpp"

namespace hf2ms::hub {

DownloadRefusal HubReader::download_error(const http::Response& answer) const {
  return DownloadRefusal{http::to_error(http::Method::get, answer), false};
}

std::optional<http::Request> HubReader::lfs_download_batch_request(const RepoKey& /*key*/,
                                                                   const BlobSpec& /*blob*/) const {
  return std::nullopt;
}

Result<http::Request> HubReader::lfs_download_request(const http::Response& /*batch_answer*/,
                                                      const BlobSpec& blob,
                                                      std::optional<ByteRange> /*range*/) const {
  return unexpected(
      make_error(ErrorKind::not_found, "this hub has no Git LFS batch API to read " + blob.sha256));
}

}  // namespace hf2ms::hub
