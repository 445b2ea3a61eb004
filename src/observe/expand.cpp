#include "manifest/repo_id.hpp"
#include "observe/observe_impl.hpp"
#include "util/log.hpp"
#include "util/text.hpp"

namespace hf2ms::observe::detail {
namespace {

using manifest::Mirror;

Job plain_job(std::size_t index, const Mirror& m) { return Job{index, m.source, m.target, {}}; }

// "acme/model-1" → "model-1"
std::string name_part(const std::string& id) {
  const auto slash = id.find('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

std::vector<Job> expand_wildcard(const Context& ctx, std::size_t index) {
  const Mirror& m = ctx.manifest.mirrors[index];
  auto names = with_reader(ctx.at(m.source.hub),
                           [&](hub::HubReader& r) { return r.list_repos(m.type, m.source.ns); });
  if (!names) {
    Job failed = plain_job(index, m);
    failed.error = "cannot list the " + manifest::to_string(m.type) + "s of " +
                   m.source.to_string() + ": " + describe(names.error());
    return {failed};
  }
  std::vector<Job> jobs;
  for (const std::string& id : *names) {
    Job j = plain_job(index, m);
    // The listing is a hub's answer: a name that leaves the namespace or breaks the id rules
    // is never read or written (the planner refuses it again, planner/guards.hpp).
    const std::string name = name_part(id);
    const auto problem = manifest::check_repo_id(m.source.hub, m.source.ns, name);
    if (problem || name == "*" ||
        to_lower_ascii(id.substr(0, id.find('/'))) != to_lower_ascii(m.source.ns)) {
      j.error = "the hub listed an invalid repo for " + m.source.to_string() + ": " +
                (problem ? problem->what : "not a repo of the namespace");
      jobs.push_back(std::move(j));
      continue;
    }
    j.source.name = name;
    if (j.target.is_wildcard()) {
      j.target.name = j.source.name;
    }
    jobs.push_back(std::move(j));
  }
  log::info("expanded ", m.source.to_string(), " to ", jobs.size(), " repositories");
  return jobs;
}

}  // namespace

bool needs_no_reading(const Mirror& mirror) {
  return mirror.target.hub == manifest::Hub::ms && mirror.target_type == manifest::RepoType::space;
}

std::vector<Job> expand_mirrors(const Context& ctx) {
  const auto& mirrors = ctx.manifest.mirrors;
  std::vector<std::vector<Job>> expanded(mirrors.size());
  run_parallel(ctx.options.parallelism, mirrors.size(), [&](std::size_t i) {
    expanded[i] = mirrors[i].source.is_wildcard() ? expand_wildcard(ctx, i)
                                                  : std::vector<Job>{plain_job(i, mirrors[i])};
  });
  std::vector<Job> jobs;
  for (auto& group : expanded) {
    for (Job& j : group) {
      // A failed expansion is kept whatever the selection: it must not vanish silently.
      if (j.error || planner::is_selected(j.target.to_string(), ctx.options.selection)) {
        jobs.push_back(std::move(j));
      }
    }
  }
  return jobs;
}

}  // namespace hf2ms::observe::detail
