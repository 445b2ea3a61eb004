#include "applier/server_copy.hpp"

#include "util/log.hpp"

#include <algorithm>
#include <span>

namespace hf2ms::applier {

std::vector<const plan::Step*> server_copy_steps(const plan::MirrorPlan& m) {
  std::vector<const plan::Step*> out;
  if (m.source.hub != manifest::Hub::hf || m.target.hub != manifest::Hub::hf) {
    return out;
  }
  for (const plan::Step& s : m.steps) {
    const bool copies = s.action == plan::Action::create || s.action == plan::Action::update;
    if (copies && s.source_xet_hash && s.sha256 && s.transport == plan::Transport::lfs) {
      out.push_back(&s);
    }
  }
  return out;
}

namespace {

void copy_mirror(const plan::MirrorPlan& m, std::size_t mirror, hub::HubWriter& writer,
                 const std::stop_token& stop, ServerCopyRun& run) {
  const std::vector<const plan::Step*> steps = server_copy_steps(m);
  const hub::RepoKey source{m.source.hub, m.source_type, m.source.repo_id()};
  const hub::RepoKey target{m.target.hub, m.target_type, m.target.repo_id()};
  for (std::size_t i = 0; i < steps.size() && !stop.stop_requested(); i += k_server_copy_batch) {
    const auto batch = std::span(steps).subspan(i, std::min(k_server_copy_batch, steps.size() - i));
    std::vector<hub::ServerCopy> files;
    for (const plan::Step* s : batch) {
      files.push_back({s->path, *s->sha256, *s->source_xet_hash});
    }
    if (auto copied = writer.copy_server_side(source, target, files); !copied) {
      log::info("server-side copy to ", target.id, " refused (", describe(copied.error()),
                "); streaming those ", files.size(), " file(s) instead");
      run.refusals.emplace_back(mirror, describe(copied.error()));
      continue;
    }
    for (const plan::Step* s : batch) {
      run.copied.insert({mirror, s->path});
      run.bytes += s->size;
      transfer::FileResult r;
      r.mirror = mirror;
      r.path = s->path;
      r.size = s->size;
      r.sha256 = s->sha256;
      r.storage = hub::Storage::lfs;
      r.status = transfer::FileStatus::already_present;
      run.results.files.push_back(std::move(r));
    }
  }
}

}  // namespace

ServerCopyRun copy_server_side(const plan::Plan& plan, const std::vector<bool>& pending,
                               transfer::HubClients& hubs, const std::stop_token& stop) {
  ServerCopyRun run;
  run.results.ok = true;
  for (std::size_t i = 0; i < plan.mirrors.size() && i < pending.size(); ++i) {
    if (!pending[i] || server_copy_steps(plan.mirrors[i]).empty()) {
      continue;
    }
    auto writer = hubs.writer(plan.mirrors[i].target.hub);
    if (!writer) {
      run.refusals.emplace_back(i, describe(writer.error()));
      continue;  // the tasks and the commit step will meet the same problem and report it
    }
    copy_mirror(plan.mirrors[i], i, **writer, stop, run);
  }
  return run;
}

}  // namespace hf2ms::applier
