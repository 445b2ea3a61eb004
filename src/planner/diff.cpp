#include "planner/diff.hpp"

#include "manifest/filter.hpp"
#include "planner/readme_rewrite.hpp"

#include <algorithm>
#include <map>

namespace hf2ms::planner::detail {

namespace {

using state::RemoteFile;

// What the target should hold at a path: the source file, or its transformed bytes.
struct Desired {
  std::uint64_t size = 0;
  std::optional<state::Sha256> sha256;
  std::optional<std::string> content;    // set when transformed
  std::optional<std::string> transform;  // name of the transformation
  std::string note;                      // what the transformation changed, for the reason
};

struct Ctx {
  const manifest::Mirror& mirror;
  const state::MirrorObservation& obs;
  const state::Snapshot& snapshot;
  const PlanOptions& options;
  const HubLimits& limits;         // of the target hub
  const HubLimits& source_limits;  // of the source hub
  manifest::Filter filter;
  FileDiff out;
};

std::string oid_note(const RemoteFile& f) {
  return f.git_oid ? " (git oid " + f.git_oid->hex + ")" : "";
}

// The README rewrite applies to README.md at the root going to an HF target.
std::optional<Desired> transformed_readme(const RemoteFile& src, Ctx& ctx) {
  auto text = ctx.obs.source_texts.find(src.path);
  if (text == ctx.obs.source_texts.end()) {
    // A remembered digest stands for the text only when the target holds those very bytes.
    auto digest = ctx.obs.source_text_digests.find(src.path);
    const RemoteFile* dst = state::find_file(ctx.obs.target, src.path);
    if (digest != ctx.obs.source_text_digests.end() && dst != nullptr &&
        dst->size == digest->second.size &&
        state::resolve_sha256(*dst, ctx.snapshot) == digest->second.sha256) {
      return Desired{digest->second.size.value, digest->second.sha256, {}, {}, {}};
    }
    ctx.out.errors.push_back(
        {"README.md content was not observed; cannot decide its rewrite for "
         "Hugging Face",
         "the observer fetches README.md for HF targets; re-run the plan"});
    return std::nullopt;
  }
  auto rewritten = rewrite_readme_for_hf(text->second);
  if (!rewritten) {
    // Unchanged: the source's own hash, or the hash of the text the observer fetched (the
    // transfer verifies the bytes it copies against it).
    auto sha = state::resolve_sha256(src, ctx.snapshot);
    if (!sha && ctx.options.sha256 && text->second.size() == src.size.value) {
      sha = ctx.options.sha256(text->second);
    }
    return Desired{src.size.value, sha, {}, {}, {}};
  }
  if (!ctx.options.sha256) {
    ctx.out.errors.push_back({"internal: no SHA-256 function to hash the rewritten README.md", ""});
    return std::nullopt;
  }
  std::string note = "README license rewritten for Hugging Face: \"" +
                     readme_license_text(text->second) + "\" → \"other\"";
  return Desired{rewritten->size(), ctx.options.sha256(*rewritten), std::move(*rewritten),
                 "hf-readme-license", std::move(note)};
}

std::optional<Desired> desired_for(const RemoteFile& src, Ctx& ctx) {
  if (ctx.obs.target.ref.hub == manifest::Hub::hf && src.path == state::k_readme_path) {
    return transformed_readme(src, ctx);
  }
  return Desired{src.size.value, state::resolve_sha256(src, ctx.snapshot), {}, {}, {}};
}

plan::Transport transport_for(const RemoteFile& src, const Desired& d, const HubLimits& limits) {
  if (d.content) {
    return plan::Transport::embedded;
  }
  if (src.lfs == state::Lfs::yes || d.size > limits.max_regular_file_size) {
    return plan::Transport::lfs;
  }
  return plan::Transport::stream;
}

// Sets action and reason of `step` (desired `d`) against the target file `dst`.
void decide(plan::Step& step, const Desired& d, const RemoteFile* dst, Ctx& ctx) {
  if (dst == nullptr) {
    step.action = plan::Action::create;
    step.reason = "missing on target";
  } else if (dst->size.value != d.size) {
    step.action = plan::Action::update;
    step.reason = "size differs";
  } else if (auto have = state::resolve_sha256(*dst, ctx.snapshot); have && d.sha256) {
    step.action = *have == *d.sha256 ? plan::Action::keep : plan::Action::update;
    step.reason = *have == *d.sha256 ? "sha256 matches" : "sha256 differs";
  } else if (const RemoteFile& src = *state::find_file(ctx.obs.source, step.path);
             !d.content && state::same_git_blob_kind(src, *dst)) {
    // Two plain git blobs: the oid is a hash of the content, a common hash (issue #15.2).
    step.action = src.git_oid == dst->git_oid ? plan::Action::keep : plan::Action::update;
    step.reason = src.git_oid == dst->git_oid ? "git oid matches" : "git oid differs";
  } else {
    ctx.out.errors.push_back(
        {"cannot prove " + step.path + " equal: no SHA-256 for the " +
             (d.sha256 ? "target file" + oid_note(*dst) : "source file" + oid_note(src)),
         "sizes match, and hf2ms never calls files equal without a hash; the observer should "
         "have fetched it: re-run `hf2ms plan`"});
  }
}

void check_size(const std::string& path, const Desired& d, Ctx& ctx) {
  if (d.size > ctx.limits.max_file_size) {
    ctx.out.errors.push_back({path + " is " + std::to_string(d.size) + " bytes, above the " +
                                  manifest::to_string(ctx.obs.target.ref.hub) + " limit of " +
                                  std::to_string(ctx.limits.max_file_size) + " bytes per file",
                              "exclude the file from this mirror, or split it at the source"});
  }
}

// A file the mirror must download from its source hub, above what that hub serves.
void check_download(const plan::Step& step, Ctx& ctx) {
  const std::uint64_t cap = ctx.source_limits.max_download_size;
  const bool copies = step.action == plan::Action::create || step.action == plan::Action::update;
  if (cap == 0 || !copies || step.transport == plan::Transport::embedded || step.size <= cap) {
    return;
  }
  ctx.out.errors.push_back(
      {step.path + " is " + std::to_string(step.size) + " bytes, above the " +
           manifest::to_string(ctx.obs.source.ref.hub) + " limit of " + std::to_string(cap) +
           " bytes per downloaded file",
       "exclude the file from this mirror; the source hub does not serve files that large"});
}

void add_source_file(const RemoteFile& src, Ctx& ctx) {
  auto d = desired_for(src, ctx);
  if (!d) {
    return;
  }
  check_size(src.path, *d, ctx);
  plan::Step step;
  step.path = src.path;
  step.size = d->size;
  if (d->sha256) {
    step.sha256 = d->sha256->hex;
  }
  if (src.git_oid && !d->content) {
    step.source_git_oid = src.git_oid->hex;
  }
  step.source_lfs = src.lfs == state::Lfs::yes;
  step.transport = transport_for(src, *d, ctx.limits);
  step.transform = d->transform;
  step.content = d->content;
  // HF→HF: a Xet-backed source file can be duplicated into the target without moving bytes.
  if (src.xet_hash && step.transport == plan::Transport::lfs && step.sha256 &&
      ctx.obs.source.ref.hub == manifest::Hub::hf && ctx.obs.target.ref.hub == manifest::Hub::hf) {
    step.source_xet_hash = src.xet_hash;
  }
  decide(step, *d, ctx.obs.target.exists ? state::find_file(ctx.obs.target, src.path) : nullptr,
         ctx);
  check_download(step, ctx);
  const bool changes = step.action == plan::Action::create || step.action == plan::Action::update;
  if (!changes) {
    step.source_xet_hash.reset();  // only a copy needs it
  }
  if (changes && !d->note.empty()) {
    step.reason += "; " + d->note;  // the human and Markdown views show what changes
  }
  ctx.out.steps.push_back(std::move(step));
}

// Prune's guards: every one refuses the whole mirror rather than deleting a part.
// - the source selects nothing but the target has files: a listing that parsed as empty
//   (a 200 with `{}` or `null`) must never read as "delete everything";
// - more than max_delete files, or (above k_delete_percent_floor removals) more than
//   max_delete_percent of the target files the filter selects.
void check_removals(std::size_t removals, std::size_t source_selected, std::size_t target_selected,
                    Ctx& ctx) {
  if (removals == 0) {
    return;
  }
  const std::string count = std::to_string(removals);
  if (source_selected == 0) {
    ctx.out.errors.push_back(
        {"refusing to delete all " + count + " selected target files: the source " +
             ctx.obs.source.ref.to_string() + " lists no file the filters select",
         "an empty source listing looks like a hub error; check the source and the filters, "
         "or delete the target's files by hand"});
    return;
  }
  if (removals > ctx.mirror.max_delete) {
    ctx.out.errors.push_back({"refusing to delete " + count + " files, more than max_delete = " +
                                  std::to_string(ctx.mirror.max_delete),
                              "check the filters, or raise max_delete for this mirror"});
  }
  const std::uint64_t percent = ctx.mirror.max_delete_percent;
  if (percent < 100 && removals > k_delete_percent_floor &&
      static_cast<std::uint64_t>(removals) * 100 > percent * target_selected) {
    ctx.out.errors.push_back(
        {"refusing to delete " + count + " of the target's " + std::to_string(target_selected) +
             " selected files, more than max_delete_percent = " + std::to_string(percent) + "%",
         "check the source and the filters, or raise max_delete_percent "
         "for this mirror"});
  }
}

void add_removals(std::size_t source_selected, Ctx& ctx) {
  std::size_t removals = 0;
  std::size_t target_selected = 0;
  for (const auto& dst : ctx.obs.target.files) {
    if (!ctx.filter.is_selected(dst.path)) {
      continue;
    }
    ++target_selected;
    if (state::find_file(ctx.obs.source, dst.path)) {
      continue;
    }
    if (ctx.mirror.prune == manifest::Prune::no) {
      continue;  // without prune, extra target files are left alone
    }
    plan::Step step;
    step.path = dst.path;
    step.action = plan::Action::remove;
    step.size = dst.size.value;
    if (auto sha = state::resolve_sha256(dst, ctx.snapshot)) {
      step.sha256 = sha->hex;
    }
    step.reason = "not in source (prune)";
    ctx.out.steps.push_back(std::move(step));
    ++removals;
  }
  check_removals(removals, source_selected, target_selected, ctx);
}

void check_counts(const std::vector<const RemoteFile*>& selected, Ctx& ctx) {
  std::string hub = manifest::to_string(ctx.obs.target.ref.hub);
  if (selected.size() > ctx.limits.max_files_per_repo) {
    ctx.out.warnings.push_back(std::to_string(selected.size()) + " files, more than the " + hub +
                               " limit of " + std::to_string(ctx.limits.max_files_per_repo) +
                               " per repository");
  }
  std::map<std::string, std::uint64_t> per_folder;
  for (const RemoteFile* f : selected) {
    auto slash = f->path.rfind('/');
    ++per_folder[slash == std::string::npos ? "" : f->path.substr(0, slash)];
  }
  for (const auto& [folder, count] : per_folder) {
    if (count > ctx.limits.max_entries_per_folder) {
      ctx.out.warnings.push_back("folder '" + (folder.empty() ? "/" : folder) + "' holds " +
                                 std::to_string(count) + " files, more than the " + hub +
                                 " limit of " + std::to_string(ctx.limits.max_entries_per_folder));
    }
  }
}

}  // namespace

FileDiff diff_files(const manifest::Mirror& mirror, const state::MirrorObservation& observation,
                    const state::Snapshot& snapshot, const PlanOptions& options) {
  const auto limits_of = [&options](manifest::Hub hub) -> const HubLimits& {
    return hub == manifest::Hub::hf ? options.hf_limits : options.ms_limits;
  };
  Ctx ctx{mirror,
          observation,
          snapshot,
          options,
          limits_of(observation.target.ref.hub),
          limits_of(observation.source.ref.hub),
          manifest::Filter(mirror),
          {}};
  std::vector<const RemoteFile*> selected;
  // One step per source file at most (removals aside): growing a 100,000-step vector by
  // doubling would hold the old and the new buffer at once, tens of MB at the plan's peak.
  selected.reserve(observation.source.files.size());
  ctx.out.steps.reserve(observation.source.files.size());
  for (const auto& src : observation.source.files) {
    if (ctx.filter.is_selected(src.path)) {
      selected.push_back(&src);
      add_source_file(src, ctx);
    }
  }
  check_counts(selected, ctx);
  if (observation.target.exists) {
    add_removals(selected.size(), ctx);
  }
  std::sort(ctx.out.steps.begin(), ctx.out.steps.end(),
            [](const plan::Step& a, const plan::Step& b) { return a.path < b.path; });
  return std::move(ctx.out);
}

}  // namespace hf2ms::planner::detail
