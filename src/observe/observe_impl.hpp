// Internals of observe() shared by its three phases (observe.cpp runs them in order):
// expand.cpp turns manifest mirrors into concrete jobs, read_repo.cpp reads one side of a
// mirror, hashes.cpp fills in the SHA-256s and README texts the planner needs. Not part of
// the library's interface.
#pragma once

#include "observe/observe.hpp"
#include "observe/work_pool.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hf2ms::observe::detail {

// One hub's reader behind that hub's in-flight cap. `reader` null: the hub is unavailable.
struct HubAccess {
  hub::HubReader* reader = nullptr;
  Gate* gate = nullptr;
};

// Whether one hub's token is usable, asked of the hub (whoami) at most once, by the first
// target found missing on that hub; the answer is shared by every worker.
class TokenCheck {
 public:
  // nullopt: the token can see private repos; else why it cannot, in the user's words.
  [[nodiscard]] std::optional<std::string> problem(manifest::Hub hub, const HubToken& token,
                                                   const HubAccess& access);

 private:
  std::once_flag once_;
  std::optional<std::string> problem_;
};

struct Context {
  const manifest::Manifest& manifest;
  const ObserveOptions& options;
  HubAccess hf;
  HubAccess ms;
  TokenCheck* hf_token_check = nullptr;  // null: no check (tests of other phases)
  TokenCheck* ms_token_check = nullptr;
  [[nodiscard]] HubAccess at(manifest::Hub hub) const { return hub == manifest::Hub::hf ? hf : ms; }
};

// Runs `call(reader)` holding a place in the hub's gate; a missing reader is an error.
template <class Call>
auto with_reader(const HubAccess& access, Call&& call) -> decltype(call(*access.reader)) {
  if (access.reader == nullptr) {
    return unexpected(make_error(ErrorKind::invalid_input, "no client for this hub"));
  }
  const GatePass pass(*access.gate);
  return call(*access.reader);
}

// One concrete mirror to observe: a `*` already expanded to one repo.
struct Job {
  std::size_t mirror_index = 0;
  manifest::RepoRef source;
  manifest::RepoRef target;
  std::optional<std::string> error;  // the expansion itself failed
};

// Phase 1: every selected concrete mirror, in manifest order, then by target.
[[nodiscard]] std::vector<Job> expand_mirrors(const Context& ctx);

// True for a mirror the planner skips without looking at the hubs (a space to ModelScope).
[[nodiscard]] bool needs_no_reading(const manifest::Mirror& mirror);

// One side of a mirror as read, or why it could not be.
struct SideResult {
  state::RepoSnapshot snapshot;
  std::optional<std::string> error;
};

// Phase 2: the source pinned at its revision's commit, and the target at the branch apply
// writes. A missing target is not an error (exists == false); a missing source is.
// `privacy`: whether the source's privacy is needed (a target created with visibility =
// "preserve" copies it); without it is_private may stay false.
[[nodiscard]] SideResult read_source(const Context& ctx, const manifest::Mirror& mirror,
                                     const manifest::RepoRef& ref, hub::Privacy privacy);
[[nodiscard]] SideResult read_target(const Context& ctx, const manifest::Mirror& mirror,
                                     const manifest::RepoRef& ref);

// `ref` of `type` read at the branch or tag `revision` (manifest `refs`); a missing repo or
// revision is an error.
[[nodiscard]] SideResult read_at(const Context& ctx, std::string_view side,
                                 const manifest::RepoRef& ref, manifest::RepoType type,
                                 const std::string& revision);

// Phase 2b (read_refs.cpp): for every observed mirror with `refs`, one more observation per
// selected source branch (other than the default branch) and tag; a failed listing of
// refs becomes the mirror's error.
void observe_refs(const Context& ctx, std::vector<state::MirrorObservation>& observations);

// Phase 3: snapshot.sha256_by_oid and the README texts; failures become mirror errors.
void fill_hashes(const Context& ctx, state::Snapshot& snapshot);

}  // namespace hf2ms::observe::detail
