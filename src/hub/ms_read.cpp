// MsClient::read_repo: a ModelScope repo in two requests (docs/hubs.md "Requests per repo
// read"). The head of the branch or tag comes from its commit listing, then the files are
// listed by the same name (ModelScope takes no commit ids, real-hub-limits.md ModelScope §1).
// The repo info, the only answer that says whether the repo is private, is asked for only
// when the caller needs that, or to tell a missing repo from a missing branch after a 404.
#include "hub/ms_client.hpp"

namespace hf2ms::hub {

Result<std::optional<RepoListing>> MsClient::read_repo(const RepoKey& key,
                                                       std::string_view revision, Privacy privacy) {
  using Listing = std::optional<RepoListing>;
  if (key.type == manifest::RepoType::space) {
    return Listing();  // ModelScope cannot hold spaces: it has none
  }
  RepoListing out;
  out.info.id = key.id;
  out.info.default_branch = "master";
  if (privacy == Privacy::needed) {
    auto info = info_only(key);
    if (!info || !*info) {
      return info ? Result<Listing>(Listing()) : Result<Listing>(unexpected(info.error()));
    }
    out.info = std::move(**info);
  }
  // One 404 answers both "no such repo" and "no such branch" (UNCONFIRMED that the bodies
  // differ): without the repo info yet, ask for it to tell which.
  auto missing_or = [&](const Error& error) -> Result<Listing> {
    if (privacy == Privacy::needed || error.kind != ErrorKind::not_found) {
      return unexpected(error);
    }
    auto info = info_only(key);
    if (!info) {
      return unexpected(info.error());
    }
    return *info ? Result<Listing>(unexpected(error)) : Result<Listing>(Listing());
  };
  auto head = head_commit(key, revision);
  if (!head) {
    return missing_or(head.error());
  }
  out.info.head_commit = std::move(*head);
  auto files = list_files(key, revision);
  if (!files) {
    return missing_or(files.error());
  }
  out.files = std::move(*files);
  return Listing(std::move(out));
}

}  // namespace hf2ms::hub
