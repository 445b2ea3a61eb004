// JSON forms of Task, TaskResult, CommitJob and CommitReport (task.hpp): what `hf2ms transfer`
// reads from its --task / --commit / --results files and prints on stdout. Each document is one
// line of compact JSON with a "format_version" (results carry the task index instead). Readers
// are strict: an unknown version, a missing or unknown key or a wrong type is reported, all at
// once, as Diagnostics naming the JSON path. Result objects may carry an "exit_status" key:
// the Modal orchestrator adds it (deploy/modal/hf2ms_modal.py) and readers accept and ignore it.
// Pure: text in, text out. docs/transfer.md shows examples.
#pragma once

#include "transfer/task.hpp"
#include "util/diagnostics.hpp"
#include "util/expected.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::transfer {

[[nodiscard]] std::string task_to_json(const Task& task);
[[nodiscard]] Expected<Task, Diagnostics> task_from_json(std::string_view text,
                                                         std::string_view display_name);

[[nodiscard]] std::string result_to_json(const TaskResult& result);
// A results file: a JSON array of result objects. Records the orchestrator made up for a
// task that crashed ({"task", "ok": false, "error"}) are accepted: files and counters default.
[[nodiscard]] Expected<std::vector<TaskResult>, Diagnostics> results_from_json(
    std::string_view text, std::string_view display_name);
[[nodiscard]] std::string results_to_json(const std::vector<TaskResult>& results);

[[nodiscard]] std::string commit_job_to_json(const CommitJob& job);
[[nodiscard]] Expected<CommitJob, Diagnostics> commit_job_from_json(std::string_view text,
                                                                    std::string_view display_name);

[[nodiscard]] std::string report_to_json(const CommitReport& report);
[[nodiscard]] Expected<CommitReport, Diagnostics> report_from_json(std::string_view text,
                                                                   std::string_view display_name);

}  // namespace hf2ms::transfer
