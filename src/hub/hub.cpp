// HubReader's and HubWriter's defaults: for hubs without a storage-locked state or a Git LFS
// batch API, and for clients without the ref calls (which say so).
#include "hub/hub.hpp"

#include "http/error_map.hpp"

namespace hf2ms::hub {
namespace {

Error no_refs(std::string_view what) {
  return make_error(ErrorKind::invalid_input, "this hub client cannot " + std::string(what));
}

}  // namespace

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

Result<RefList> HubReader::list_refs(const RepoKey& /*key*/) {
  return unexpected(no_refs("list branches and tags"));
}

Result<void> HubWriter::create_branch(const RepoKey& /*key*/, std::string_view /*name*/,
                                      std::string_view /*start_point*/) {
  return unexpected(no_refs("create branches"));
}

Result<void> HubWriter::create_tag(const RepoKey& /*key*/, std::string_view /*name*/,
                                   const TagPoint& /*at*/) {
  return unexpected(no_refs("create tags"));
}

Result<void> HubWriter::delete_tag(const RepoKey& /*key*/, std::string_view /*name*/) {
  return unexpected(no_refs("delete tags"));
}

}  // namespace hf2ms::hub
