// run_task: the diskless streaming transfer engine (DESIGN.md §6, docs/adr/0002). It copies
// the files of one Task from their pinned source commits into the target repos' storage —
// uploading LFS objects only; committing is the commit step's job (applier/commit_step.hpp).
//
// Per mirror group, files up to k_read_whole_bytes are read whole into memory with one source
// request each (issue #17 item 3), in waves bounded by `buffer_bytes` and k_wave_files, hashed
// (SHA-256 and git blob oid) and checked against the plan (its SHA-256, else its git oid, and
// the size); the target is then asked how each is stored (HubWriter::decide_storage; HF's
// preupload gets the sample from the bytes already read): inline files go to the commit step
// with their bytes in the result (up to `inline_carry_bytes` per task, else the commit step
// reads them again); LFS files are asked about (plan_uploads, by the SHA-256 just computed)
// and uploaded from memory. Larger files get their storage decided on a 512-byte sample (HF)
// and stream: one sequential source download, hashed (SHA-256 and git oid) as it arrives,
// fans out into the upload parts (HF multipart: several parts upload concurrently; ModelScope
// and HF basic: one PUT) through a per-file buffer of at most `buffer_bytes / max_files`
// bytes, with pause/resume both ways for backpressure. A file the plan gives no SHA-256 (a
// small HF file: the planner hashes only to decide, issue #15 item 2) that the target wants
// as LFS is read whole first like a small file, up to k_max_unhashed_lfs_bytes (HF keeps
// regular files far below that; protocols/huggingface-hub.md §8.1). Nothing touches the disk.
// The final byte of an object is held back until the whole-file SHA-256 and size match, and
// an HF multipart completion is sent only then, so a file whose bytes differ is never stored
// whole. A broken download resumes with a Range request; a failed part re-reads its byte range
// from the source (verified against the first read's xxh3) and uploads again.
//
// Every result of a file the engine read carries the SHA-256 and git oid computed from its
// bytes: the applier records the pairs in the oid cache (issue #17 item 1).
//
// Threads: everything runs on the calling thread (one curl multi handle); a CurlGlobal must be
// alive. The hub clients' control calls (decide_storage, plan_uploads) go through their own
// Performer between the waves.
#pragma once

#include "http/engine.hpp"
#include "transfer/hub_clients.hpp"
#include "transfer/task.hpp"

#include <cstddef>
#include <cstdint>
#include <stop_token>

namespace hf2ms::transfer {

// Files up to this size are read whole into memory (one request) rather than streamed.
inline constexpr std::uint64_t k_read_whole_bytes = 1ULL << 20U;
// The largest file without a plan SHA-256 that is read into memory for an LFS target.
inline constexpr std::uint64_t k_max_unhashed_lfs_bytes = 16ULL << 20U;
// Files per wave of whole reads (HF preupload takes 100 a call, ModelScope's batch 64).
inline constexpr std::size_t k_wave_files = 200;

struct TransferOptions {
  // Upper bound for all file-data buffers of the task (the budget is split evenly between the
  // files in flight). Peak memory is this plus curl's own per-connection buffers.
  std::size_t buffer_bytes = 32U << 20;
  std::size_t max_files = 4;             // LFS files streaming at once
  std::size_t block_bytes = 256U << 10;  // buffer granularity
  int max_attempts = 4;                  // per part upload and per download range
  // Inline bytes one task may carry to the commit step in its result (FileResult::content).
  std::size_t inline_carry_bytes = 64U << 20;
  http::EngineOptions engine;  // retry policy, caps (raised to fit the above)
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
