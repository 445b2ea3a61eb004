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

// A source whose privacy costs a request of its own (ModelScope) while the plan needs it only
// to create the target with visibility = "preserve": read after the target, and asked for
// the privacy only when the target turns out to be missing.
bool reads_source_after_target(const manifest::Mirror& m, const Job& job) {
  return job.source.hub == manifest::Hub::ms && m.visibility == manifest::Visibility::preserve;
}

// Phase 2: each job's source and target are read as two independent tasks, so a mirror's
// two hubs are read at the same time (but see reads_source_after_target).
std::vector<MirrorObservation> read_all(const detail::Context& ctx, const std::vector<Job>& jobs) {
  std::vector<SideResult> sources(jobs.size());
  std::vector<SideResult> targets(jobs.size());
  run_parallel(ctx.options.parallelism, 2 * jobs.size(), [&](std::size_t task) {
    const Job& job = jobs[task / 2];
    const manifest::Mirror& m = ctx.manifest.mirrors[job.mirror_index];
    const bool source_task = task % 2 == 0;
    SideResult& out = source_task ? sources[task / 2] : targets[task / 2];
    if (job.error || detail::needs_no_reading(m)) {
      out.snapshot.ref = source_task ? job.source : job.target;
      out.snapshot.type = source_task ? m.type : m.target_type;
      return;
    }
    const bool chained = reads_source_after_target(m, job);
    if (source_task) {
      if (!chained) {
        const bool copies = m.visibility == manifest::Visibility::preserve;
        out = detail::read_source(ctx, m, job.source,
                                  copies ? hub::Privacy::needed : hub::Privacy::not_needed);
      }
      return;
    }
    out = detail::read_target(ctx, m, job.target);
    if (chained) {
      const bool creates = !out.error && !out.snapshot.exists;
      sources[task / 2] = detail::read_source(
          ctx, m, job.source, creates ? hub::Privacy::needed : hub::Privacy::not_needed);
    }
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
