// run_task: prepares each mirror group (storage decision, blob needs) and then streams the
// LFS objects that the targets still need, a few files at a time, on one http::Engine.
#include "transfer/engine.hpp"

#include "transfer/file_stream.hpp"
#include "transfer/samples.hpp"
#include "transfer/whole_files.hpp"
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
  std::string sha256;                            // what the stream must hash to
  std::shared_ptr<const std::string> preloaded;  // the bytes, when read whole already
};

struct Run {
  const Task& task;
  const TransferOptions& options;
  TransferObserver* observer;
  std::vector<std::vector<std::optional<FileResult>>> results;  // [group][file]
  std::deque<StreamJob> jobs;
  bool all_failures_retryable = true;
  std::uint64_t carried = 0;  // inline bytes carried to the commit step so far
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

void fail_file(Run& run, std::size_t group, std::size_t file, const Error& error) {
  const MirrorGroup& g = run.task.groups[group];
  FileResult r = base_result(g, g.files[file]);
  r.error = describe(error);
  finish_file(run, group, file, std::move(r), is_retryable(error.kind));
}

void fail_group(Run& run, std::size_t group, const Error& error) {
  const MirrorGroup& g = run.task.groups[group];
  for (std::size_t i = 0; i < g.files.size(); ++i) {
    if (!run.results[group][i]) {
      fail_file(run, group, i, error);
    }
  }
}

// An LFS object the target may still need: a file, the SHA-256 it is addressed by (the plan's,
// or computed from `bytes`) and, when it was read whole, its bytes and git oid.
struct LfsItem {
  std::size_t file = 0;
  std::string sha256;
  std::optional<std::string> git_oid;
  std::shared_ptr<const std::string> bytes;
};

// Queues a StreamJob per blob the target still needs; the rest are already_present.
Result<void> queue_uploads(Run& run, std::size_t group, const hub::HubReader& source,
                           hub::HubWriter& target, const std::vector<LfsItem>& items) {
  if (items.empty()) {
    return {};
  }
  const MirrorGroup& g = run.task.groups[group];
  std::map<std::string, std::vector<const LfsItem*>> by_sha;
  std::vector<hub::BlobSpec> blobs;
  for (const LfsItem& item : items) {
    auto& same = by_sha[item.sha256];
    if (same.empty()) {
      blobs.push_back({item.sha256, g.files[item.file].size});
    }
    same.push_back(&item);
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
    const std::vector<const LfsItem*> same = std::move(it->second);
    by_sha.erase(it);
    StreamJob job{group,
                  same.front()->file,
                  {},
                  &source,
                  std::move(u),
                  same.front()->sha256,
                  same.front()->bytes};
    for (std::size_t k = 1; k < same.size(); ++k) {
      job.twins.push_back(same[k]->file);
    }
    run.jobs.push_back(std::move(job));
  }
  for (const auto& [sha, same] : by_sha) {
    for (const LfsItem* item : same) {
      FileResult r = base_result(g, g.files[item->file]);
      r.sha256 = sha;
      r.git_oid = item->git_oid;
      r.status = FileStatus::already_present;
      finish_file(run, group, item->file, std::move(r), false);
    }
  }
  return {};
}

// Files larger than k_read_whole_bytes: storage decided on a sample (HF), LFS files with a
// plan SHA-256 queued for streaming. Returns the LFS files without one (small HF regular
// files a target wants as LFS): they are read whole first, like small files.
Result<std::vector<std::size_t>> route_large(Run& run, std::size_t group, http::Engine& engine,
                                             const hub::HubReader& source, hub::HubWriter& target,
                                             const std::vector<std::size_t>& large) {
  const MirrorGroup& g = run.task.groups[group];
  std::vector<std::size_t> unhashed;
  if (large.empty()) {
    return unhashed;
  }
  std::vector<hub::StagedFile> staged;
  for (std::size_t i : large) {
    staged.push_back({g.files[i].path, g.files[i].size, {}});
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
  std::vector<LfsItem> lfs;
  for (std::size_t k = 0; k < large.size() && k < decisions->size(); ++k) {
    const std::size_t i = large[k];
    const hub::StorageDecision& d = (*decisions)[k];
    const TaskFile& f = g.files[i];
    FileResult r = base_result(g, f);
    if (d.ignored) {
      r.status = FileStatus::ignored;  // skipped and reported; the mirror goes on
      finish_file(run, group, i, std::move(r), false);
    } else if (d.storage == hub::Storage::inline_) {
      r.storage = hub::Storage::inline_;
      r.status = FileStatus::inline_deferred;  // the commit step fetches and verifies it
      finish_file(run, group, i, std::move(r), false);
    } else if (f.sha256) {
      lfs.push_back({i, *f.sha256, std::nullopt, nullptr});
    } else if (f.size <= k_max_unhashed_lfs_bytes) {
      unhashed.push_back(i);
    } else {
      r.error =
          "the target stores this file through LFS, which needs its SHA-256 up front, but "
          "the plan has none and the file is too large to read into memory first";
      finish_file(run, group, i, std::move(r), false);
    }
  }
  if (auto queued = queue_uploads(run, group, source, target, lfs); !queued) {
    return unexpected(queued.error());
  }
  return unhashed;
}

// One wave of files read whole: storage decided (for `decide` files) on their first bytes,
// inline files handed to the commit step with their bytes, LFS files uploaded from memory.
Result<void> route_wave(Run& run, std::size_t group, http::Engine& engine,
                        const hub::HubReader& source, hub::HubWriter& target,
                        const std::vector<std::size_t>& wave, const std::vector<bool>& decide) {
  const MirrorGroup& g = run.task.groups[group];
  std::vector<const TaskFile*> files;
  for (std::size_t i : wave) {
    files.push_back(&g.files[i]);
  }
  auto read = read_whole(engine, source, source_key(g), read_revision(g.source), files);
  if (!read) {
    return unexpected(read.error());
  }
  std::vector<std::size_t> ok;  // positions in `wave` read and verified
  std::vector<hub::StagedFile> staged;
  for (std::size_t k = 0; k < wave.size(); ++k) {
    const WholeFile& w = (*read)[k];
    if (w.error) {
      fail_file(run, group, wave[k], *w.error);
      continue;
    }
    ok.push_back(k);
    if (decide[k]) {
      staged.push_back({files[k]->path, files[k]->size, w.bytes->substr(0, k_sample_bytes)});
    }
  }
  std::vector<hub::StorageDecision> decisions;
  if (!staged.empty()) {
    auto decided = target.decide_storage(target_key(g), g.target.branch, staged);
    if (!decided || decided->size() != staged.size()) {
      return unexpected(
          decided ? make_error(ErrorKind::invalid_input, "the storage decision lost some files")
                  : decided.error());
    }
    decisions = std::move(*decided);
  }
  std::vector<LfsItem> lfs;
  std::size_t next_decision = 0;
  for (std::size_t k : ok) {
    const std::size_t i = wave[k];
    WholeFile& w = (*read)[k];
    const hub::StorageDecision* d = decide[k] ? &decisions[next_decision++] : nullptr;
    FileResult r = base_result(g, g.files[i]);
    if (d != nullptr && d->ignored) {
      r.status = FileStatus::ignored;  // skipped and reported; the mirror goes on
      finish_file(run, group, i, std::move(r), false);
    } else if (d != nullptr && d->storage == hub::Storage::inline_) {
      r.storage = hub::Storage::inline_;
      r.status = FileStatus::inline_deferred;
      r.sha256 = w.sha256;
      r.git_oid = w.git_oid;
      // Carried to the commit step within a budget; past it the commit step reads it again.
      if (run.carried + w.bytes->size() <= run.options.inline_carry_bytes) {
        run.carried += w.bytes->size();
        r.content = *w.bytes;
      }
      finish_file(run, group, i, std::move(r), false);
    } else {
      lfs.push_back({i, w.sha256, w.git_oid, std::move(w.bytes)});
    }
  }
  if (auto queued = queue_uploads(run, group, source, target, lfs); !queued) {
    return unexpected(queued.error());
  }
  return {};
}

Result<void> stream_all(Run& run, http::Engine& engine);

// Files of `g` at most k_read_whole_bytes large, and the unhashed LFS files, in waves of at
// most k_wave_files files and `buffer_bytes` (or one file) of bytes, each wave streamed before
// the next is read, so memory stays bounded whatever the number of files.
Result<void> read_in_waves(Run& run, std::size_t group, http::Engine& engine,
                           const hub::HubReader& source, hub::HubWriter& target,
                           const std::vector<std::size_t>& small,
                           const std::vector<std::size_t>& unhashed) {
  const MirrorGroup& g = run.task.groups[group];
  std::vector<std::pair<std::size_t, bool>> todo;  // file, storage still to decide
  for (std::size_t i : small) {
    todo.emplace_back(i, true);
  }
  for (std::size_t i : unhashed) {
    todo.emplace_back(i, false);  // the target already said LFS
  }
  std::size_t next = 0;
  while (next < todo.size()) {
    if (run.options.stop.stop_requested()) {
      return unexpected(make_error(ErrorKind::transient, "cancelled"));
    }
    std::vector<std::size_t> wave;
    std::vector<bool> decide;
    std::uint64_t bytes = 0;
    while (next < todo.size() && wave.size() < k_wave_files) {
      const std::uint64_t size = g.files[todo[next].first].size;
      if (!wave.empty() && bytes + size > run.options.buffer_bytes) {
        break;
      }
      bytes += size;
      wave.push_back(todo[next].first);
      decide.push_back(todo[next].second);
      ++next;
    }
    if (auto routed = route_wave(run, group, engine, source, target, wave, decide); !routed) {
      for (std::size_t i : wave) {
        if (!run.results[group][i]) {
          fail_file(run, group, i, routed.error());
        }
      }
      continue;  // the next wave may fare better (a transient hub error)
    }
    if (auto streamed = stream_all(run, engine); !streamed) {
      return streamed;  // cancelled, or curl failed: the caller stops the task
    }
  }
  return {};
}

// Prepares and, for files read whole, already streams one group. An error means the whole
// task must stop (cancelled, or the engine is unusable); group-level problems fail the group.
Result<void> run_group(Run& run, std::size_t group, HubClients& clients, http::Engine& engine) {
  const MirrorGroup& g = run.task.groups[group];
  auto source = clients.reader(g.source.hub);
  auto target = clients.writer(g.target.hub);
  if (!source || !target) {
    fail_group(run, group, source ? target.error() : source.error());
    return {};
  }
  std::vector<std::size_t> small;
  std::vector<std::size_t> large;
  for (std::size_t i = 0; i < g.files.size(); ++i) {
    (g.files[i].size <= k_read_whole_bytes ? small : large).push_back(i);
  }
  auto unhashed = route_large(run, group, engine, **source, **target, large);
  if (!unhashed) {
    fail_group(run, group, unhashed.error());
    return {};
  }
  return read_in_waves(run, group, engine, **source, **target, small, *unhashed);
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
  setup.file.sha256 = job.sha256;  // the plan's (verified by the stream) or computed already
  setup.preloaded = job.preloaded;
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
    r.git_oid = out.ok ? out.git_oid : std::nullopt;
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
    Result<void> going;
    for (std::size_t g = 0; g < task.groups.size() && going && !options.stop.stop_requested();
         ++g) {
      going = run_group(run, g, clients, **engine);
    }
    if (going) {
      going = stream_all(run, **engine);
    }
    if (!going) {
      log::warn("hf2ms: transfer engine stopped: " + going.error().message);
      stopped = going.error();
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
