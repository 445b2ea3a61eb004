// Creating a repo when an answer may be lost (issue #13 item 7). A create is a POST the HTTP
// layer never repeats: after a 5xx or a timeout it may have landed, after a 429 (or HF's 409
// "another conflicting operation is in progress") it was refused. create_repo_converging sends
// it again after a wait, and reads "the repo already exists" after an attempt whose outcome was
// unknown as "our earlier attempt landed" only when the repo is as a create leaves it: nothing
// on its default branch but the hub's own initial `.gitattributes`, and the visibility asked
// for. Anything else is somebody else's repo, and the answer is a conflict saying so.
#pragma once

#include "http/clock.hpp"
#include "hub/hub.hpp"
#include "hub/types.hpp"
#include "hub/write_types.hpp"
#include "util/error.hpp"

#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace hf2ms::hub {

struct CreateRetryOptions {
  int max_attempts = 6;              // sends of the create, the first included
  http::Sleeper* sleeper = nullptr;  // null: http::system_sleeper()
};

// One send of the create request; what the client's own call answers.
using SendCreate = std::function<Result<void>()>;

// Sends `send` until it succeeds, is refused for good, or the attempts run out; between
// attempts waits the hub's Retry-After, else 1, 2, 4, ... s (hub::commit_backoff). A conflict
// on the first attempt is returned as it is (the repo was there before). A conflict after an
// unknown outcome is resolved by reading the repo through `reader` on `branch` (the hub's
// default branch): success when it is fresh (why_not_fresh), else a conflict naming why.
[[nodiscard]] Result<void> create_repo_converging(HubReader& reader, const RepoKey& key,
                                                  std::string_view branch,
                                                  const CreateOptions& options,
                                                  const SendCreate& send,
                                                  const CreateRetryOptions& retry);

// Pure: "" when `info` and `files` (its listing) are what a create with `options` leaves
// (no file but `.gitattributes`, the visibility asked for), else why not, for an error text.
[[nodiscard]] std::string why_not_fresh(const RepoInfo& info, std::span<const FileEntry> files,
                                        const CreateOptions& options);

}  // namespace hf2ms::hub
