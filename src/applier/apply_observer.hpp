// ApplyObserver: how the applier tells the outside world what it is doing (STYLE.md §9, like
// ninja's Status and Terraform's Hook). The core never prints; the CLI's progress views
// (cli/views/progress_view.hpp) implement this, and tests record the calls. Every method but
// on_quota_waits is called on the applier's thread, in order; the defaults do nothing, so an
// observer overrides only what it shows.
#pragma once

#include "applier/apply_report.hpp"
#include "transfer/task.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hf2ms::applier {

// The work ahead, once the plan has been checked against the hubs.
struct ApplyStart {
  std::size_t mirrors = 0;  // mirrors with changes
  std::uint64_t files = 0;  // files to copy: the tasks' and the embedded ones (as the plan counts)
  std::uint64_t bytes = 0;  // their planned sizes
  std::size_t tasks = 0;
  // Of `files` / `bytes`: embedded files (a rewritten README.md), which no task streams: the
  // commit step sends their bytes from the plan.
  std::uint64_t embedded = 0;
  std::uint64_t embedded_bytes = 0;
  // Of `files` / `bytes`: files the Hub already copied server-side (HF→HF Xet files,
  // applier/server_copy.hpp): no task streams them, the commit adds them by reference.
  std::uint64_t server_copied = 0;
  std::uint64_t server_copied_bytes = 0;
};

// Requests held back until a hub's quota window resets (http/rate_limits.hpp): "waiting for
// the HF api quota, resets in 42 s".
struct QuotaWait {
  std::string hub;     // "HF", "ModelScope", or the origin when it is neither hub's
  std::string bucket;  // "api", "resolvers", "pages", ...; "" when the hub named none
  std::chrono::seconds resets_in{0};
  bool operator==(const QuotaWait&) const = default;
};

enum class MirrorEvent {
  repo_created,    // the target repo was created (detail: its visibility)
  visibility_set,  // the target's visibility was changed (detail: the new one)
  committing,      // the commit step starts for this mirror
};

class ApplyObserver {
 public:
  ApplyObserver() = default;
  ApplyObserver(const ApplyObserver&) = delete;
  ApplyObserver& operator=(const ApplyObserver&) = delete;
  virtual ~ApplyObserver() = default;

  virtual void on_apply_started(const ApplyStart& /*start*/) {}
  virtual void on_mirror_event(std::size_t /*mirror*/, const std::string& /*target*/,
                               MirrorEvent /*event*/, const std::string& /*detail*/) {}
  // A file's bytes start to stream (files the target already stores never start).
  virtual void on_step_started(std::size_t /*mirror*/, const std::string& /*path*/,
                               std::uint64_t /*size*/) {}
  // `bytes` more bytes of the file were read from the source.
  virtual void on_bytes(std::size_t /*mirror*/, const std::string& /*path*/,
                        std::uint64_t /*bytes*/) {}
  // Every copied file gets one call per task attempt: uploaded, already present, failed...
  virtual void on_step_finished(const transfer::FileResult& /*result*/) {}
  // A mirror's final status (every mirror of the plan gets exactly one call).
  virtual void on_mirror_finished(const MirrorResult& /*result*/) {}
  virtual void on_apply_finished(const ApplyReport& /*report*/) {}
  // What requests wait for right now (empty: nothing any more). Comes from the CLI's quota
  // watcher thread (cli/quota_watch.hpp), about twice a second while a wait lasts, so an
  // observer that implements it serialises it with its other methods.
  virtual void on_quota_waits(const std::vector<QuotaWait>& /*waits*/) {}
};

}  // namespace hf2ms::applier
