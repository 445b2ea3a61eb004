// run_task: prepares each mirror group (storage decision, blob needs) and then streams the
// LFS objects that the targets still need, a few files at a time, on one http::Engine.
#include "transfer/engine.hpp"

#include "transfer/file_stream.hpp"
#include "transfer/samples.hpp"
#include "util/assert.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>

namespace hf2ms::transfer {

namespace {

hub::RepoKey source_key(const MirrorGroup& g) { return {g.source.hub, g.source.type, g.source.id}; }
hub::RepoKey target_key(const MirrorGroup& g) { return {g.target.hub, g.target.type, g.target.id}; }

// An LFS object to stream and the files (same content) it stands for.
struct StreamJob {
  std::size_t group = 0;
  std::size_t file = 0;
  std::vector<std::size_t> twins;  // other files of the group with the same SHA-256
  const hub::HubReader* source = nullptr;
  hub::BlobUpload upload;
};

struct Run {
  const Task& task;
  const TransferOptions& options;
  TransferObserver* observer;
  std::vector<std::vector<std::optional<FileResult>>> results;  // [group][file]
  std::deque<StreamJob> jobs;
  bool all_failures_retryable = true;
};

FileResult base_result(const MirrorGroup& g, const TaskFile& f) {
  FileResult r;
  r.mirror = g.mirror;
  r.path = f.path;
  r.size = f.size;
  return r;
}

void finish_file(Run& run, std::size_t group, std::size_t file, FileResult result, bool retryable) {
  if (result.status == FileStatus::failed && !retryable) {
    run.all_failures_retryable = false;
  }
  if (run.observer != nullptr) {
    run.observer->on_file_finished(result);
  }
  run.results[group][file] = std::move(result);
}

void fail_group(Run& run, std::size_t group, const Error& error) {
  const MirrorGroup& g = run.task.groups[group];
  for (std::size_t i = 0; i < g.files.size(); ++i) {
    if (run.results[group][i]) {
      continue;
    }
    FileResult r = base_result(g, g.files[i]);
    r.error = describe(error);
    finish_file(run, group, i, std::move(r), is_retryable(error.kind));
  }
}

// Files the target keeps as LFS objects; the others get their result here.
Result<std::vector<std::size_t>> sort_by_storage(Run& run, std::size_t group, http::Engine& engine,
                                                 const hub::HubReader& source,
                                                 hub::HubWriter& target) {
  const MirrorGroup& g = run.task.groups[group];
  std::vector<hub::StagedFile> staged;
  for (const TaskFile& f : g.files) {
    staged.push_back({f.path, f.size, {}});
  }
  if (g.target.hub == manifest::Hub::hf) {  // preupload looks at the first bytes
    auto sampled = fetch_samples(engine, source, source_key(g), read_revision(g.source), staged);
    if (!sampled) {
      return unexpected(sampled.error());
    }
  }
  auto decisions = target.decide_storage(target_key(g), g.target.branch, staged);
  if (!decisions) {
    return unexpected(decisions.error());
  }
  std::vector<std::size_t> lfs;
  for (std::size_t i = 0; i < g.files.size() && i < decisions->size(); ++i) {
    const hub::StorageDecision& d = (*decisions)[i];
    FileResult r = base_result(g, g.files[i]);
    if (d.ignored) {
      r.status = FileStatus::ignored;  // skipped and reported; the mirror goes on
      finish_file(run, group, i, std::move(r), false);
    } else if (d.storage == hub::Storage::inline_) {
      r.storage = hub::Storage::inline_;
      r.status = FileStatus::inline_deferred;
      finish_file(run, group, i, std::move(r), false);
    } else if (!g.files[i].sha256) {
      r.error = "the target stores this file through LFS, but the plan has no SHA-256 for it";
      finish_file(run, group, i, std::move(r), false);
    } else {
      lfs.push_back(i);
    }
  }
  return lfs;
}

// Queues a StreamJob per blob the target still needs; the rest are already_present.
Result<void> plan_group_uploads(Run& run, std::size_t group, const hub::HubReader& source,
                                hub::HubWriter& target, const std::vector<std::size_t>& lfs) {
  const MirrorGroup& g = run.task.groups[group];
  std::map<std::string, std::vector<std::size_t>> by_sha;
  std::vector<hub::BlobSpec> blobs;
  for (std::size_t i : lfs) {
    auto& files = by_sha[*g.files[i].sha256];
    if (files.empty()) {
      blobs.push_back({*g.files[i].sha256, g.files[i].size});
    }
    files.push_back(i);
  }
  auto uploads = target.plan_uploads(target_key(g), g.target.branch, blobs);
  if (!uploads) {
    return unexpected(uploads.error());
  }
  for (hub::BlobUpload& u : *uploads) {
    auto it = by_sha.find(u.blob.sha256);
    if (it == by_sha.end() || it->second.empty()) {
      continue;
    }
    std::vector<std::size_t> files = std::move(it->second);
    by_sha.erase(it);
    run.jobs.push_back(
        StreamJob{group, files.front(), {files.begin() + 1, files.end()}, &source, std::move(u)});
  }
  for (const auto& [sha, files] : by_sha) {
    for (std::size_t i : files) {
      FileResult r = base_result(g, g.files[i]);
      r.sha256 = sha;
      r.status = FileStatus::already_present;
      finish_file(run, group, i, std::move(r), false);
    }
  }
  return {};
}

void prepare_group(Run& run, std::size_t group, HubClients& clients, http::Engine& engine) {
  const MirrorGroup& g = run.task.groups[group];
  auto source = clients.reader(g.source.hub);
  auto target = clients.writer(g.target.hub);
  if (!source || !target) {
    fail_group(run, group, source ? target.error() : source.error());
    return;
  }
  auto lfs = sort_by_storage(run, group, engine, **source, **target);
  if (!lfs) {
    fail_group(run, group, lfs.error());
    return;
  }
  if (auto planned = plan_group_uploads(run, group, **source, **target, *lfs); !planned) {
    fail_group(run, group, planned.error());
  }
}

struct Active {
  StreamJob job;
  std::unique_ptr<FileStream> stream;
};

std::unique_ptr<FileStream> start_stream(Run& run, StreamJob& job, http::Engine& engine) {
  const MirrorGroup& g = run.task.groups[job.group];
  const TaskFile& f = g.files[job.file];
  StreamSetup setup;
  setup.engine = &engine;
  setup.source = job.source;
  setup.source_key = source_key(g);
  setup.source_commit = read_revision(g.source);
  setup.mirror = g.mirror;
  setup.file = f;
  setup.upload = job.upload;
  setup.budget_bytes = run.options.buffer_bytes / std::max<std::size_t>(run.options.max_files, 1);
  setup.block_bytes = run.options.block_bytes;
  setup.max_attempts = run.options.max_attempts;
  setup.observer = run.observer;
  if (run.observer != nullptr) {
    run.observer->on_file_started(g.mirror, f.path, f.size);
  }
  auto stream = std::make_unique<FileStream>(std::move(setup));
  stream->start();
  return stream;
}

// Reports the files of a finished stream, or of one abandoned with `stopped`.
void report_stream(Run& run, const Active& a, const Error* stopped = nullptr) {
  const MirrorGroup& g = run.task.groups[a.job.group];
  StreamOutcome out = a.stream->outcome();
  if (stopped != nullptr) {
    out.ok = false;
    out.error = *stopped;
  }
  std::vector<std::size_t> files{a.job.file};
  files.insert(files.end(), a.job.twins.begin(), a.job.twins.end());
  for (std::size_t i : files) {
    FileResult r = base_result(g, g.files[i]);
    r.sha256 = out.ok ? out.sha256 : std::nullopt;
    r.status = out.ok ? FileStatus::uploaded : FileStatus::failed;
    r.error = out.ok ? std::string() : describe(out.error);
    finish_file(run, a.job.group, i, std::move(r), is_retryable(out.error.kind));
  }
}

Result<void> stream_all(Run& run, http::Engine& engine) {
  std::vector<Active> active;
  const std::size_t max_files = std::max<std::size_t>(run.options.max_files, 1);
  while (!run.jobs.empty() || !active.empty()) {
    if (run.options.stop.stop_requested()) {
      const Error cancelled = make_error(ErrorKind::transient, "cancelled");
      for (const Active& a : active) {
        report_stream(run, a, &cancelled);
      }
      return unexpected(cancelled);  // queued jobs are failed by the caller
    }
    while (active.size() < max_files && !run.jobs.empty()) {
      StreamJob job = std::move(run.jobs.front());
      run.jobs.pop_front();
      auto stream = start_stream(run, job, engine);
      active.push_back(Active{std::move(job), std::move(stream)});
    }
    if (auto pumped = engine.poll_once(std::chrono::milliseconds(100)); !pumped) {
      for (const Active& a : active) {
        report_stream(run, a, &pumped.error());
      }
      return unexpected(pumped.error());  // curl itself failed: the engine is unusable
    }
    for (auto it = active.begin(); it != active.end();) {
      if (it->stream->finished()) {
        report_stream(run, *it);
        it = active.erase(it);
      } else {
        ++it;
      }
    }
  }
  return {};
}

http::EngineOptions engine_options(const TransferOptions& options) {
  http::EngineOptions e = options.engine;
  // Uploads wait for their downloads: never let a per-host cap queue one behind the other.
  const std::size_t blocks = std::max<std::size_t>(options.buffer_bytes / options.block_bytes, 4);
  e.max_per_host = std::max(e.max_per_host, 2 * (blocks + options.max_files) + 8);
  e.max_total = std::max(e.max_total, 2 * e.max_per_host);
  return e;
}

TaskResult assemble(Run& run, double seconds) {
  TaskResult out;
  out.task = run.task.index;
  out.seconds = seconds;
  out.ok = true;
  for (auto& group : run.results) {
    for (auto& r : group) {
      HF2MS_ASSERT(r.has_value());
      if (r->status == FileStatus::failed && out.ok) {
        out.ok = false;
        out.error = r->path + ": " + r->error;
      }
      if (r->status == FileStatus::uploaded) {
        out.bytes += r->size;
      }
      out.files.push_back(std::move(*r));
    }
  }
  out.retryable = !out.ok && run.all_failures_retryable;
  return out;
}

}  // namespace

TaskResult run_task(const Task& task, HubClients& clients, const TransferOptions& options,
                    TransferObserver* observer) {
  const auto started = std::chrono::steady_clock::now();
  Run run{task, options, observer, {}, {}, true};
  for (const MirrorGroup& g : task.groups) {
    run.results.emplace_back(g.files.size());
  }
  Error stopped = make_error(ErrorKind::internal, "the transfer stopped before this file");
  auto engine = http::Engine::create(engine_options(options));
  if (!engine) {
    stopped = engine.error();
  } else {
    for (std::size_t g = 0; g < task.groups.size() && !options.stop.stop_requested(); ++g) {
      prepare_group(run, g, clients, **engine);
    }
    if (auto streamed = stream_all(run, **engine); !streamed) {
      log::warn("hf2ms: transfer engine stopped: " + streamed.error().message);
      stopped = streamed.error();
    }
  }
  if (options.stop.stop_requested()) {
    stopped = make_error(ErrorKind::transient, "cancelled");
  }
  for (std::size_t g = 0; g < task.groups.size(); ++g) {
    fail_group(run, g, stopped);  // files without a result yet
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  return assemble(run, elapsed.count());
}

}  // namespace hf2ms::transfer
