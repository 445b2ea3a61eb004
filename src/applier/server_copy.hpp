// Server-side copies for Hugging Face → Hugging Face mirrors (docs/apply.md). Before any task
// runs, every create/update step that carries `source_xet_hash` is copied into the target's
// storage with the target hub's copy_server_side (lfs-files/duplicate, real-hub-limits.md
// HF §7), in batches. A copied file is reported to the commit step as already_present, so it
// is committed by reference (an `lfsFile` line) and no task streams it: zero file bytes
// through the executor. A batch the Hub refuses falls back to streaming, file by file, as the
// step's `lfs` transport says; nothing else changes.
#pragma once

#include "plan/plan.hpp"
#include "transfer/hub_clients.hpp"
#include "transfer/task.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace hf2ms::applier {

// Files per copy_server_side call. A refusal sends only that batch back to streaming.
inline constexpr std::size_t k_server_copy_batch = 100;

struct ServerCopyRun {
  std::set<std::pair<std::size_t, std::string>> copied;  // (mirror, path) of copied files
  // One already_present result per copied file, for the commit step (no bytes, task 0).
  transfer::TaskResult results;
  std::uint64_t bytes = 0;  // planned size of the copied files
  // Why batches were refused (mirror index, the hub's message); those files are streamed.
  std::vector<std::pair<std::size_t, std::string>> refusals;
};

// Steps of `m` that apply copies server-side: HF→HF, create/update, `source_xet_hash` and
// `sha256` set, transport lfs. Empty for any other mirror (a saved plan's field is ignored
// where it cannot apply).
[[nodiscard]] std::vector<const plan::Step*> server_copy_steps(const plan::MirrorPlan& m);

// Copies what it can for every mirror with `pending[i]` set; stops starting batches once
// `stop` is requested (the rest are streamed, or cancelled with the tasks).
[[nodiscard]] ServerCopyRun copy_server_side(const plan::Plan& plan,
                                             const std::vector<bool>& pending,
                                             transfer::HubClients& hubs,
                                             const std::stop_token& stop);

}  // namespace hf2ms::applier
