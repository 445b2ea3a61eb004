#include "applier/prepare_target.hpp"

#include "applier/stale_check.hpp"
#include "manifest/ms_license.hpp"

namespace hf2ms::applier {
namespace {

// A plan without a visibility for a create (an older or hand-made plan) gets the safe one.
hub::RepoVisibility visibility_of(const std::optional<manifest::Visibility>& v) {
  return v == manifest::Visibility::public_ ? hub::RepoVisibility::public_
                                            : hub::RepoVisibility::private_;
}

std::string name_of(hub::RepoVisibility v) {
  return v == hub::RepoVisibility::public_ ? "public" : "private";
}

// What a create takes from the source repo: HF needs an SDK to create a space (the source
// space's, else "static"); a ModelScope create carries the source's licence when it maps to a
// ModelScope licence id, else none (manifest/ms_license.hpp).
void fill_from_source(const plan::MirrorPlan& m, transfer::HubClients& hubs,
                      hub::CreateOptions& options) {
  const bool wants_sdk = m.target_type == manifest::RepoType::space;
  const bool wants_license = m.target.hub == manifest::Hub::ms;
  if (!wants_sdk && !wants_license) {
    return;
  }
  std::optional<hub::RepoInfo> source;
  if (auto reader = hubs.reader(m.source.hub); reader) {
    auto info =
        (*reader)->repo_info({m.source.hub, m.source_type, m.source.repo_id()}, m.source_commit);
    if (info && *info) {
      source = std::move(**info);
    }
  }
  if (wants_sdk) {
    options.space_sdk = source && source->space_sdk ? *source->space_sdk : "static";
  }
  if (wants_license && source && source->license) {
    if (auto id = manifest::ms_license_for(*source->license)) {
      options.license = std::string(*id);
    }
  }
}

}  // namespace

Result<bool> prepare_target(const plan::MirrorPlan& m, std::size_t mirror,
                            transfer::HubClients& hubs, ApplyObserver& observer) {
  auto writer = hubs.writer(m.target.hub);
  if (!writer) {
    return unexpected(writer.error());
  }
  const hub::RepoKey key{m.target.hub, m.target_type, m.target.repo_id()};
  const hub::RepoVisibility visibility = visibility_of(m.create_visibility);
  if (m.action == plan::MirrorAction::create) {
    hub::CreateOptions options;
    options.visibility = visibility;
    fill_from_source(m, hubs, options);
    if (auto made = (*writer)->create_repo(key, options); !made) {
      return unexpected(made.error());
    }
    observer.on_mirror_event(mirror, target_label(m), MirrorEvent::repo_created,
                             name_of(visibility));
    return true;
  }
  // A branch a ref plan mirrors is made before any commit of the apply, from the commit
  // planning saw (docs/apply.md "Branches and tags").
  if (m.ref && m.ref->kind == plan::RefKind::branch && m.ref->op == plan::RefOp::create) {
    if (auto made = (*writer)->create_branch(key, m.ref->name, m.ref->start_point.value_or(""));
        !made) {
      return unexpected(made.error());
    }
    return false;
  }
  // An existing repo keeps its visibility: `create_visibility` is for creating only, and a
  // plan must never make a private repo public on update (docs/security.md).
  return false;
}

}  // namespace hf2ms::applier
