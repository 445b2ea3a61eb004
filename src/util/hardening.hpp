// Process hardening done once at start, before a token is read: no core dump and no same-user
// ptrace/`/proc/<pid>/mem` access can expose a token or a pre-signed URL from this process's
// memory (docs/security-hub-answers.md). Linux only; elsewhere the calls do nothing.
#pragma once

#include "util/error.hpp"

#include <string>

namespace hf2ms {

// Sets RLIMIT_CORE to 0 (soft and hard, inherited by children) and marks the process not
// dumpable (prctl PR_SET_DUMPABLE 0: no core even through a core_pattern pipe, which ignores
// RLIMIT_CORE, and no ptrace attach by other processes of the same user). io on failure.
[[nodiscard]] Result<void> disable_core_dumps();

// Reads one of the process's own /proc/self files. A non-dumpable process's /proc entries
// belong to root, so the mode-0400 ones (/proc/self/io) are briefly made readable again.
[[nodiscard]] Result<std::string> read_own_proc_file(const std::string& path);

}  // namespace hf2ms
