// HF downloads that /resolve/ refuses: the storage-locked answer and the way around it, the
// Git LFS batch API's "download" operation (real-hub-limits.md HF §6; the previous migration
// tool fell back to git there). Pure request builders and answer readers for HfClient.
#pragma once

#include "hub/hub.hpp"
#include "hub/site.hpp"

#include <optional>
#include <string_view>

namespace hf2ms::hub {

// True for the Hub's answer to a download of a repo whose organisation is over its storage
// quota: 403 with "storage locked" in its message. UNCONFIRMED: the exact text; the state and
// the 403 are real-hub-limits.md HF §6.
[[nodiscard]] bool hf_storage_locked(const Error& error);

// POST {prefix}{id}.git/info/lfs/objects/batch with operation "download", basic transfer,
// one object. Safe to retry: it only asks where the object is.
[[nodiscard]] http::Request hf_lfs_download_batch_request(const Site& site, const RepoKey& key,
                                                          const BlobSpec& blob);

// The GET of `blob` from a batch answer body, for `range`. The answer must name exactly
// `blob` (oid, and size when given) with a download href; a per-object error becomes the
// error (404 → not_found). The href must be an absolute https URL (http only when the
// endpoint itself is http, as a local simulator is); it gets the site's credential, which the
// HTTP layer attaches only on the hub's own origin, so a CDN href never sees the token.
// Header fields of the action are kept except credentials and the ones hf2ms sets itself.
[[nodiscard]] Result<http::Request> hf_lfs_download_request(const Site& site,
                                                            std::string_view batch_body,
                                                            const BlobSpec& blob,
                                                            std::optional<ByteRange> range);

}  // namespace hf2ms::hub
