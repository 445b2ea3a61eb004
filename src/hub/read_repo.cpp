// HubReader::read_repo's default: repo info, then the listing (hub.hpp states the contract).
// HfClient and MsClient override it with fewer requests (hf_read.cpp, ms_read.cpp).
#include "hub/hub.hpp"

namespace hf2ms::hub {

Result<std::optional<RepoListing>> HubReader::read_repo(const RepoKey& key,
                                                        std::string_view revision, Privacy) {
  auto info = repo_info(key, revision);
  if (!info) {
    return unexpected(info.error());
  }
  if (!*info) {
    return std::optional<RepoListing>();
  }
  // ModelScope reads name a branch or tag, never a commit id (real-hub-limits.md ModelScope §1).
  const std::string listed_at =
      key.hub == manifest::Hub::ms ? std::string(revision) : (*info)->head_commit;
  auto files = list_files(key, listed_at);
  if (!files) {
    return unexpected(files.error());
  }
  return std::optional<RepoListing>(RepoListing{std::move(**info), std::move(*files)});
}

}  // namespace hf2ms::hub
