// run_task: the diskless streaming transfer engine (DESIGN.md §6, docs/adr/0002). It copies
// the files of one Task from their pinned source commits into the target repos' storage —
// uploading LFS objects only; committing is the commit step's job (applier/commit_step.hpp).
//
// Per mirror group it asks the target how each file is stored (HubWriter::decide_storage):
// inline files are left to the commit step (inline_deferred); for LFS files it asks which
// blobs the target still needs (plan_uploads: the others are already_present) and streams each
// remaining one: one sequential source download, hashed (SHA-256) as it arrives, fans out into
// the upload parts (HF multipart: several parts upload concurrently; ModelScope and HF basic:
// one PUT) through a per-file buffer of at most `buffer_bytes / max_files` bytes, with
// pause/resume both ways for backpressure. Nothing touches the disk. The final byte of an
// object is held back until the whole-file SHA-256 and size match the plan, and an HF
// multipart completion is sent only then, so a file whose bytes differ is never stored whole.
// A broken download resumes with a Range request; a failed part re-reads its byte range from
// the source (verified against the first read's xxh3) and uploads again.
//
// Threads: everything runs on the calling thread (one curl multi handle); a CurlGlobal must be
// alive. The hub clients' control calls (decide_storage, plan_uploads) go through their own
// Performer before streaming starts.
#pragma once

#include "http/engine.hpp"
#include "transfer/hub_clients.hpp"
#include "transfer/task.hpp"

#include <cstddef>
#include <cstdint>
#include <stop_token>

namespace hf2ms::transfer {

struct TransferOptions {
  // Upper bound for all file-data buffers of the task (the budget is split evenly between the
  // files in flight). Peak memory is this plus curl's own per-connection buffers.
  std::size_t buffer_bytes = 32U << 20;
  std::size_t max_files = 4;             // LFS files streaming at once
  std::size_t block_bytes = 256U << 10;  // buffer granularity
  int max_attempts = 4;                  // per part upload and per download range
  http::EngineOptions engine;            // retry policy, caps (raised to fit the above)
  // Cancellation (the applier's Ctrl-C): once requested, no further file starts and files in
  // flight are abandoned within one engine round (~100 ms); their results are failed with
  // "cancelled" and nothing of them is completed on the target. Default: never stops.
  std::stop_token stop;
};

// Progress callbacks, on the calling thread. `mirror` and `path` name the file.
class TransferObserver {
 public:
  TransferObserver() = default;
  TransferObserver(const TransferObserver&) = delete;
  TransferObserver& operator=(const TransferObserver&) = delete;
  virtual ~TransferObserver() = default;

  virtual void on_file_started(std::size_t mirror, const std::string& path, std::uint64_t size) = 0;
  // `bytes` more bytes of the file were read from the source (first read only).
  virtual void on_bytes(std::size_t mirror, const std::string& path, std::uint64_t bytes) = 0;
  // Every file of the task gets exactly one call, streamed or not.
  virtual void on_file_finished(const FileResult& result) = 0;
};

// Runs `task`. Never fails as a whole: problems are per file (FileResult::error) or, when a
// group cannot even start (no client, decide_storage failed), reported on each of its files.
// `observer` may be null.
[[nodiscard]] TaskResult run_task(const Task& task, HubClients& clients,
                                  const TransferOptions& options, TransferObserver* observer);

}  // namespace hf2ms::transfer
