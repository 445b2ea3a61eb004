// Phase 2b of observe(): the branches and tags a mirror's `refs` select (docs/apply.md
// "Branches and tags"). Each selected ref becomes its own MirrorObservation, read like the
// mirror itself but at the ref, so the hashing phase and the planner treat it like any other.
#include "manifest/filter.hpp"
#include "manifest/repo_path.hpp"
#include "observe/observe_impl.hpp"

#include <algorithm>

namespace hf2ms::observe::detail {
namespace {

using state::MirrorObservation;
using state::RefKind;

struct Listed {
  hub::RefList source;
  hub::RefList target;
  std::optional<std::string> error;
};

bool has(const std::vector<hub::GitRef>& refs, const std::string& name) {
  return std::any_of(refs.begin(), refs.end(),
                     [&name](const hub::GitRef& r) { return r.name == name; });
}

Listed list_both(const Context& ctx, const MirrorObservation& o, const manifest::Mirror& m) {
  Listed out;
  auto list = [&ctx](const manifest::RepoRef& ref, manifest::RepoType type) {
    return with_reader(ctx.at(ref.hub), [&](hub::HubReader& r) {
      return r.list_refs({ref.hub, type, ref.repo_id()});
    });
  };
  auto source = list(o.source.ref, m.type);
  if (!source) {
    out.error = "cannot list the branches and tags of source " + o.source.ref.to_string() + ": " +
                describe(source.error());
    return out;
  }
  out.source = std::move(*source);
  if (o.target.exists) {
    auto target = list(o.target.ref, m.target_type);
    if (!target) {
      out.error = "cannot list the branches and tags of target " + o.target.ref.to_string() + ": " +
                  describe(target.error());
      return out;
    }
    out.target = std::move(*target);
  }
  return out;
}

// One ref observation to read.
struct RefJob {
  std::size_t main = 0;  // index of the mirror's own observation
  state::RefObservation ref;
  std::optional<std::string> error;  // the hub listed a name hf2ms will not use
};

void add_jobs(std::size_t main, const MirrorObservation& o, const manifest::Mirror& m,
              const Listed& listed, std::vector<RefJob>& jobs) {
  auto add = [&](RefKind kind, const hub::GitRef& r, const std::vector<hub::GitRef>& on_target) {
    if (!manifest::selects_ref(m, r.name)) {
      return;
    }
    RefJob job{main, {kind, r.name, has(on_target, r.name)}, std::nullopt};
    if (auto problem = manifest::check_ref(r.name)) {
      job.error = "the source hub listed a ref hf2ms will not use: " + problem->what;
    }
    jobs.push_back(std::move(job));
  };
  for (const hub::GitRef& b : listed.source.branches) {
    if (b.name != o.source.default_branch) {  // the mirror's own observation has it
      add(RefKind::branch, b, listed.target.branches);
    }
  }
  for (const hub::GitRef& t : listed.source.tags) {
    add(RefKind::tag, t, listed.target.tags);
  }
}

MirrorObservation read_ref(const Context& ctx, const MirrorObservation& main, const RefJob& job) {
  const manifest::Mirror& m = ctx.manifest.mirrors[main.mirror_index];
  MirrorObservation o;
  o.mirror_index = main.mirror_index;
  o.ref = job.ref;
  o.source.ref = main.source.ref;
  o.source.type = main.source.type;
  o.target = main.target;  // the default branch, unless the target has the ref
  if (job.error) {
    o.error = job.error;
    return o;
  }
  SideResult source = read_at(ctx, "source", main.source.ref, m.type, job.ref.name);
  o.source = std::move(source.snapshot);
  o.error = source.error;
  if (!o.error && job.ref.on_target) {
    SideResult target = read_at(ctx, "target", main.target.ref, m.target_type, job.ref.name);
    o.target = std::move(target.snapshot);
    o.error = target.error;
  }
  return o;
}

}  // namespace

void observe_refs(const Context& ctx, std::vector<MirrorObservation>& observations) {
  std::vector<std::size_t> mains;
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const MirrorObservation& o = observations[i];
    const manifest::Mirror& m = ctx.manifest.mirrors[o.mirror_index];
    if (!m.refs.empty() && !o.error && o.source.exists && !needs_no_reading(m)) {
      mains.push_back(i);
    }
  }
  std::vector<Listed> listed(mains.size());
  run_parallel(ctx.options.parallelism, mains.size(), [&](std::size_t k) {
    const MirrorObservation& o = observations[mains[k]];
    listed[k] = list_both(ctx, o, ctx.manifest.mirrors[o.mirror_index]);
  });
  std::vector<RefJob> jobs;
  for (std::size_t k = 0; k < mains.size(); ++k) {
    MirrorObservation& o = observations[mains[k]];
    if (listed[k].error) {
      o.error = listed[k].error;
      continue;
    }
    add_jobs(mains[k], o, ctx.manifest.mirrors[o.mirror_index], listed[k], jobs);
  }
  std::vector<MirrorObservation> read(jobs.size());
  run_parallel(ctx.options.parallelism, jobs.size(), [&](std::size_t k) {
    read[k] = read_ref(ctx, observations[jobs[k].main], jobs[k]);
  });
  for (MirrorObservation& o : read) {
    observations.push_back(std::move(o));
  }
}

}  // namespace hf2ms::observe::detail
