#include "hashing/hashing.hpp"
#include "manifest/filter.hpp"
#include "observe/observe_impl.hpp"
#include "observe/oid_cache.hpp"
#include "planner/readme_rewrite.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <map>

namespace hf2ms::observe::detail {
namespace {

using state::GitOid;
using state::MirrorObservation;

// One small file to download: for its SHA-256 (`oid` set) or for its text (a README).
struct Fetch {
  manifest::Hub hub = manifest::Hub::hf;
  hub::RepoKey key;
  std::string commit;
  std::string path;
  std::optional<GitOid> oid;
  std::vector<std::size_t> observations;  // which mirrors need it
  // README: the source's listing hash (SHA-256, else git oid), under which the digest of the
  // rewritten text is remembered; empty when the listing gives none.
  std::string readme_key;
};

struct Fetched {
  std::optional<std::string> text;   // README: the content
  bool text_verified = false;        // README: its bytes have the listing's hash
  std::optional<state::Sha256> sha;  // oid: the verified SHA-256
  std::optional<std::string> error;
};

std::string where(const Fetch& f) {
  return f.path + " of " + to_string(f.key) + "@" + f.commit.substr(0, 7);
}

class FetchList {
 public:
  FetchList(state::Snapshot& snapshot, OidCache* cache) : snapshot_(snapshot), cache_(cache) {}

  // Only files the mirror's filter selects are compared, so only those are worth a download.
  void add_oids(std::size_t index, const manifest::Filter& filter) {
    const MirrorObservation& o = snapshot_.observations[index];
    std::vector<GitOid> missing;  // sorted, as files_needing_sha256 returns them
    for (const GitOid& oid : state::files_needing_sha256(o, snapshot_.sha256_by_oid)) {
      if (auto it = by_oid_.find(oid); it != by_oid_.end()) {
        fetches_[it->second].observations.push_back(index);
      } else if (auto known = cache_ ? cache_->find(oid) : std::nullopt) {
        snapshot_.sha256_by_oid.emplace(oid, *known);
      } else {
        missing.push_back(oid);
      }
    }
    if (!missing.empty()) {
      add_from(o.source, missing, filter, index);  // the source first: it is what gets copied
      add_from(o.target, missing, filter, index);
    }
  }

  void add_readme(std::size_t index, const manifest::Filter& filter) {
    MirrorObservation& o = snapshot_.observations[index];
    const state::RemoteFile* src = state::find_file(o.source, state::k_readme_path);
    if (o.target.ref.hub != manifest::Hub::hf || !filter.is_selected(state::k_readme_path) ||
        src == nullptr) {
      return;
    }
    const std::string key = src->sha256 ? src->sha256->hex : src->git_oid ? src->git_oid->hex : "";
    // Issue #17: a README already converged is not downloaded again. The remembered digest
    // of its rewrite is used only when the target holds exactly those bytes.
    if (auto digest = cache_ && !key.empty() ? cache_->find_readme(key) : std::nullopt) {
      const state::RemoteFile* dst = state::find_file(o.target, state::k_readme_path);
      if (dst != nullptr && dst->size == digest->size &&
          state::resolve_sha256(*dst, snapshot_) == digest->sha256) {
        o.source_text_digests[std::string(state::k_readme_path)] = *digest;
        return;
      }
    }
    const state::RepoSnapshot& s = o.source;
    fetches_.push_back(Fetch{s.ref.hub,
                             {s.ref.hub, s.type, s.ref.repo_id()},
                             s.read_revision.empty() ? s.head_commit : s.read_revision,
                             std::string(state::k_readme_path),
                             std::nullopt,
                             {index},
                             key});
  }

  [[nodiscard]] const std::vector<Fetch>& fetches() const { return fetches_; }

 private:
  // One pass over `repo`: a fetch for the first file holding each oid of `missing`.
  void add_from(const state::RepoSnapshot& repo, const std::vector<GitOid>& missing,
                const manifest::Filter& filter, std::size_t index) {
    for (const state::RemoteFile& f : repo.files) {
      if (!f.git_oid || by_oid_.count(*f.git_oid) != 0 ||
          !std::binary_search(missing.begin(), missing.end(), *f.git_oid) ||
          !filter.is_selected(f.path)) {
        continue;
      }
      by_oid_.emplace(*f.git_oid, fetches_.size());
      fetches_.push_back(Fetch{repo.ref.hub,
                               {repo.ref.hub, repo.type, repo.ref.repo_id()},
                               repo.read_revision.empty() ? repo.head_commit : repo.read_revision,
                               f.path,
                               f.git_oid,
                               {index},
                               {}});
    }
  }

  state::Snapshot& snapshot_;
  OidCache* cache_;
  std::map<GitOid, std::size_t> by_oid_;
  std::vector<Fetch> fetches_;
};

Fetched run_fetch(const Context& ctx, const Fetch& f) {
  auto bytes = with_reader(ctx.at(f.hub), [&](hub::HubReader& r) {
    return r.fetch_small_file(f.key, f.commit, f.path);
  });
  if (!bytes) {
    return {{}, false, {}, "cannot read " + where(f) + ": " + describe(bytes.error())};
  }
  if (!f.oid) {
    const bool verified =
        !f.readme_key.empty() && (hashing::sha256_hex(*bytes) == f.readme_key ||
                                  hashing::git_blob_sha1_hex(*bytes) == f.readme_key);
    return {std::move(*bytes), verified, {}, {}};
  }
  // The listing's oid is what the plan's equality rests on: never remember a SHA-256 for an
  // oid the bytes do not have.
  if (hashing::git_blob_sha1_hex(*bytes) != f.oid->hex) {
    return {
        {}, false, {}, "the content of " + where(f) + " does not match its git oid " + f.oid->hex};
  }
  return {{}, false, state::Sha256{hashing::sha256_hex(*bytes)}, {}};
}

// Remembers the digest of what the planner will make of a README whose bytes matched their
// listing hash: the rewritten text (or the text itself when nothing changes).
void remember_readme(const Fetch& f, const std::string& text, OidCache* cache) {
  const std::optional<std::string> rewritten = planner::rewrite_readme_for_hf(text);
  const std::string& desired = rewritten ? *rewritten : text;
  const state::TextDigest digest{{hashing::sha256_hex(desired)}, {desired.size()}};
  if (auto added = cache->add_readme(f.readme_key, digest); !added) {
    log::warn("git oid cache: ", added.error().message);
  }
}

void record(const Fetch& f, Fetched r, state::Snapshot& snapshot, OidCache* cache) {
  if (r.text && r.text_verified && cache != nullptr) {
    remember_readme(f, *r.text, cache);
  }
  for (std::size_t i : f.observations) {
    MirrorObservation& o = snapshot.observations[i];
    if (r.error && !o.error) {
      o.error = *r.error;
    } else if (r.text) {
      o.source_texts[f.path] = *r.text;
    }
  }
  if (!r.sha) {
    return;
  }
  snapshot.sha256_by_oid.emplace(*f.oid, *r.sha);
  if (cache != nullptr) {
    if (auto added = cache->add(*f.oid, *r.sha); !added) {
      log::warn("git oid cache: ", added.error().message);
    }
  }
}

}  // namespace

void fill_hashes(const Context& ctx, state::Snapshot& snapshot) {
  FetchList list(snapshot, ctx.options.oid_cache);
  for (std::size_t i = 0; i < snapshot.observations.size(); ++i) {
    const MirrorObservation& o = snapshot.observations[i];
    if (!o.error) {
      const manifest::Filter filter(ctx.manifest.mirrors[o.mirror_index]);
      list.add_oids(i, filter);
      list.add_readme(i, filter);
    }
  }
  const auto& fetches = list.fetches();
  log::info("fetching ", fetches.size(), " small files to hash or rewrite");
  std::vector<Fetched> results(fetches.size());
  run_parallel(ctx.options.parallelism, fetches.size(),
               [&](std::size_t i) { results[i] = run_fetch(ctx, fetches[i]); });
  for (std::size_t i = 0; i < fetches.size(); ++i) {
    record(fetches[i], std::move(results[i]), snapshot, ctx.options.oid_cache);
  }
}

}  // namespace hf2ms::observe::detail
