#include "observe/observe_impl.hpp"

#include <algorithm>

namespace hf2ms::observe::detail {
namespace {

using manifest::RepoRef;

hub::RepoKey key_of(const RepoRef& ref, manifest::RepoType type) {
  return hub::RepoKey{ref.hub, type, ref.repo_id()};
}

std::vector<state::RemoteFile> to_remote_files(std::vector<hub::FileEntry> entries) {
  std::vector<state::RemoteFile> files;
  files.reserve(entries.size());
  for (hub::FileEntry& e : entries) {
    state::RemoteFile f;
    f.path = std::move(e.path);
    f.size = state::ByteCount{e.size};
    if (e.sha256) {
      f.sha256 = state::Sha256{std::move(*e.sha256)};
    }
    if (e.git_oid) {
      f.git_oid = state::GitOid{std::move(*e.git_oid)};
    }
    f.lfs = e.lfs ? state::Lfs::yes : state::Lfs::no;
    f.xet_hash = std::move(e.xet_hash);
    files.push_back(std::move(f));
  }
  auto by_path = [](const state::RemoteFile& a, const state::RemoteFile& b) {
    return a.path < b.path;
  };
  std::stable_sort(files.begin(), files.end(), by_path);
  auto same_path = [](const state::RemoteFile& a, const state::RemoteFile& b) {
    return a.path == b.path;
  };
  files.erase(std::unique(files.begin(), files.end(), same_path), files.end());
  return files;
}

// Why a repo could not be read, in words that say what to do.
std::string read_failure(std::string_view side, const RepoRef& ref, const Error& error) {
  const std::string what = std::string(side) + " " + ref.to_string();
  switch (error.kind) {
    case ErrorKind::gated:
      return "no access to gated " + what +
             ": accept its conditions on the hub with the account whose token hf2ms uses (" +
             describe(error) + ")";
    case ErrorKind::unauthorized:
      return "no access to " + what + ": the token is missing or lacks rights (" + describe(error) +
             ")";
    default:
      return "cannot read " + what + ": " + describe(error);
  }
}

// Reads `ref` at `revision` into `out.snapshot` with one HubReader::read_repo (the head is
// read before the listing: a revision that moves in between leaves a listing newer than the
// pinned head, which apply refuses, hub.hpp); nullopt leaves exists == false.
// `tree_listing`: read the repo info and then the tree pages (HubReader's own read_repo)
// instead of the hub's one-request read: an HF→HF source needs the tree entries' `xetHash`
// (server-side copies), which the revision info's `siblings` do not carry (UNCONFIRMED:
// huggingface-hub.md lists xetHash for tree entries only).
void read_side(const Context& ctx, std::string_view side, const hub::RepoKey& key,
               const std::string& revision, hub::Privacy privacy, SideResult& out,
               bool tree_listing = false) {
  auto read = with_reader(ctx.at(key.hub), [&](hub::HubReader& r) {
    return tree_listing ? r.HubReader::read_repo(key, revision, privacy)
                        : r.read_repo(key, revision, privacy);
  });
  if (!read) {
    out.error = read_failure(side, out.snapshot.ref, read.error());
    return;
  }
  if (!*read) {
    return;
  }
  hub::RepoInfo& info = (*read)->info;
  state::RepoSnapshot& s = out.snapshot;
  s.exists = true;
  s.is_private = info.is_private;
  s.is_gated = info.gated != hub::Gated::no;
  s.head_commit = std::move(info.head_commit);
  s.default_branch = std::move(info.default_branch);
  // ModelScope reads name a branch or tag, never a commit id (real-hub-limits.md ModelScope §1).
  if (key.hub == manifest::Hub::ms) {
    s.read_revision = revision;
  }
  s.files = to_remote_files(std::move((*read)->files));
}

std::string hub_name(manifest::Hub hub) {
  return hub == manifest::Hub::hf ? "Hugging Face" : "ModelScope";
}

}  // namespace

std::optional<std::string> TokenCheck::problem(manifest::Hub hub, const HubToken& token,
                                               const HubAccess& access) {
  std::call_once(once_, [&] {
    if (!token.present) {
      problem_ = token.variable + " is not set, and without a " + hub_name(hub) +
                 " token a private repo is invisible; set " + token.variable +
                 " to a token of the account that owns (or will own) the target";
      return;
    }
    auto me = with_reader(access, [](hub::HubReader& r) { return r.whoami(); });
    // No whoami route (some ModelScope deployments lack /openapi/v1/users/me): the token is
    // set and nothing says it is rejected, so the hub's "missing" is believed.
    if (me || me.error().kind == ErrorKind::not_found) {
      return;
    }
    if (me.error().kind == ErrorKind::unauthorized) {
      problem_ = hub_name(hub) + " rejected the token in " + token.variable +
                 " (it is invalid or expired), so private repos are invisible; set " +
                 token.variable + " to a valid token";
    } else {
      problem_ = "cannot check the token in " + token.variable + ": " + describe(me.error());
    }
  });
  return problem_;
}

SideResult read_source(const Context& ctx, const manifest::Mirror& mirror, const RepoRef& ref,
                       hub::Privacy privacy) {
  SideResult out;
  out.snapshot.ref = ref;
  out.snapshot.type = mirror.type;
  const std::string revision = mirror.revision.value_or(default_revision(ref.hub));
  const bool hf_to_hf = ref.hub == manifest::Hub::hf && mirror.target.hub == manifest::Hub::hf;
  read_side(ctx, "source", key_of(ref, mirror.type), revision, privacy, out, hf_to_hf);
  if (!out.error && !out.snapshot.exists) {
    out.error = "source " + ref.to_string() + " (revision " + revision +
                ") not found, or private and not visible to the token";
  }
  return out;
}

SideResult read_target(const Context& ctx, const manifest::Mirror& mirror, const RepoRef& ref) {
  SideResult out;
  out.snapshot.ref = ref;
  out.snapshot.type = mirror.target_type;
  const std::string branch = mirror.target_branch.value_or(default_revision(ref.hub));
  // The planner reads no target privacy (only a source's, for a created target).
  read_side(ctx, "target", key_of(ref, mirror.target_type), branch, hub::Privacy::not_needed, out);
  const HubToken& token =
      ref.hub == manifest::Hub::hf ? ctx.options.hf_token : ctx.options.ms_token;
  TokenCheck* check = ref.hub == manifest::Hub::hf ? ctx.hf_token_check : ctx.ms_token_check;
  if (!out.error && !out.snapshot.exists && !token.variable.empty() && check != nullptr) {
    if (auto why = check->problem(ref.hub, token, ctx.at(ref.hub))) {
      out.error = "cannot tell whether target " + ref.to_string() +
                  " exists (a private repo looks missing): " + *why;
    }
  }
  return out;
}

SideResult read_at(const Context& ctx, std::string_view side, const RepoRef& ref,
                   manifest::RepoType type, const std::string& revision) {
  SideResult out;
  out.snapshot.ref = ref;
  out.snapshot.type = type;
  read_side(ctx, side, key_of(ref, type), revision, hub::Privacy::not_needed, out);
  if (!out.error && !out.snapshot.exists) {
    out.error =
        std::string(side) + " " + ref.to_string() + " (revision " + revision + ") not found";
  }
  return out;
}

}  // namespace hf2ms::observe::detail
