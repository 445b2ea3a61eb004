#include "observe/observe.hpp"

#include "observe/observe_impl.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <tuple>

namespace hf2ms::observe {
namespace {

using detail::Job;
using detail::SideResult;
using state::MirrorObservation;

MirrorObservation merge(const Job& job, SideResult source, SideResult target) {
  MirrorObservation o;
  o.mirror_index = job.mirror_index;
  o.source = std::move(source.snapshot);
  o.target = std::move(target.snapshot);
  o.error = job.error ? job.error : source.error ? source.error : target.error;
  return o;
}

// Phase 2: each job's source and target are read as two independent tasks, so a mirror's
// two hubs are read at the same time.
std::vector<MirrorObservation> read_all(const detail::Context& ctx, const std::vector<Job>& jobs) {
  std::vector<SideResult> sources(jobs.size());
  std::vector<SideResult> targets(jobs.size());
  run_parallel(ctx.options.parallelism, 2 * jobs.size(), [&](std::size_t task) {
    const Job& job = jobs[task / 2];
    const manifest::Mirror& m = ctx.manifest.mirrors[job.mirror_index];
    SideResult& out = task % 2 == 0 ? sources[task / 2] : targets[task / 2];
    if (job.error || detail::needs_no_reading(m)) {
      out.snapshot.ref = task % 2 == 0 ? job.source : job.target;
      out.snapshot.type = task % 2 == 0 ? m.type : m.target_type;
      return;
    }
    out = task % 2 == 0 ? detail::read_source(ctx, m, job.source)
                        : detail::read_target(ctx, m, job.target);
  });
  std::vector<MirrorObservation> observations;
  observations.reserve(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    observations.push_back(merge(jobs[i], std::move(sources[i]), std::move(targets[i])));
  }
  return observations;
}

void sort_observations(std::vector<MirrorObservation>& observations) {
  auto key = [](const MirrorObservation& o) {
    return std::tuple(o.mirror_index, o.target.ref, o.source.ref, o.ref);
  };
  std::sort(
      observations.begin(), observations.end(),
      [&](const MirrorObservation& a, const MirrorObservation& b) { return key(a) < key(b); });
}

}  // namespace

std::string default_revision(manifest::Hub hub) {
  return hub == manifest::Hub::hf ? "HEAD" : "master";
}

state::Snapshot observe(const manifest::Manifest& manifest, const HubReaders& readers,
                        const ObserveOptions& options) {
  Gate hf_gate(std::max<std::size_t>(options.hf_max_in_flight, 1));
  Gate ms_gate(std::max<std::size_t>(options.ms_max_in_flight, 1));
  detail::TokenCheck hf_check;
  detail::TokenCheck ms_check;
  const detail::Context ctx{manifest,  options,  {readers.hf, &hf_gate}, {readers.ms, &ms_gate},
                            &hf_check, &ms_check};
  const std::vector<Job> jobs = detail::expand_mirrors(ctx);
  log::info("observing ", jobs.size(), " mirrors with ", options.parallelism, " workers");
  state::Snapshot snapshot;
  snapshot.observations = read_all(ctx, jobs);
  detail::observe_refs(ctx, snapshot.observations);
  detail::fill_hashes(ctx, snapshot);
  sort_observations(snapshot.observations);
  return snapshot;
}

}  // namespace hf2ms::observe
