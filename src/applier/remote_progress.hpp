// Remote progress: how the workers of a Modal run tell the local hf2ms how far their files
// are, so the local progress view shows bytes moving while the containers copy.
//
// The channel is the workers' output (protocols/modal.md §5): `hf2ms transfer --task FILE
// --progress-lines` writes progress lines on stderr, Modal streams container output to the
// `modal run` client, which prints it on its stdout, and the Modal executor reads that stdout
// line by line already (modal_executor.hpp). A line is
//
//   hf2ms-progress 1 task=3 file=12 bytes=1048576
//
// `1` is the line format's version, `task` the task's index in the job, `file` the file's
// position in the task (its groups' files in order) and `bytes` the bytes of that file read
// from the source so far. The count is cumulative, so a lost or repeated line costs nothing;
// a smaller count means the file started over and adds nothing (bytes are counted on their
// first read, as transfer::TransferObserver::on_bytes says).
//
// Lines come from a remote process and are untrusted: parse_progress_line() accepts exactly
// that grammar (decimal numbers, nothing around them), RemoteProgress refuses indexes and
// counts the local job does not have, and only numbers cross. The path the view shows is the
// local copy of the task's path, so a worker cannot put text (or terminal escapes) on the
// user's screen through this channel. Anything else stays an ordinary log line.
#pragma once

#include "transfer/engine.hpp"
#include "transfer/task.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hf2ms::applier {

struct ProgressLine {
  std::size_t task = 0;
  std::size_t file = 0;
  std::uint64_t bytes = 0;
  bool operator==(const ProgressLine&) const = default;
};

// "hf2ms-progress 1 task=3 file=12 bytes=1048576" (no newline). Pure.
[[nodiscard]] std::string format_progress_line(const ProgressLine& line);

// The line, when `text` is exactly one (a trailing '\r' is allowed); nullopt otherwise. Pure.
[[nodiscard]] std::optional<ProgressLine> parse_progress_line(std::string_view text);

// The worker's side: a TransferObserver for run_task that writes progress lines for `task`
// through `write`: one when a file starts, then at most one per `interval` per file, and the
// final count when the file finishes. Single-threaded, as run_task calls its observer.
class ProgressLineWriter final : public transfer::TransferObserver {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  ProgressLineWriter(const transfer::Task& task, std::function<void(const std::string&)> write,
                     std::chrono::milliseconds interval = std::chrono::seconds(1),
                     Clock clock = {});

  void on_file_started(std::size_t mirror, const std::string& path, std::uint64_t size) override;
  void on_bytes(std::size_t mirror, const std::string& path, std::uint64_t bytes) override;
  void on_file_finished(const transfer::FileResult& result) override;

 private:
  struct File {
    std::size_t index = 0;
    std::uint64_t bytes = 0;
    std::uint64_t written = 0;
    std::chrono::steady_clock::time_point last{};
  };
  void emit(File& f);

  std::size_t task_;
  std::function<void(const std::string&)> write_;
  std::chrono::milliseconds interval_;
  Clock clock_;
  std::map<std::pair<std::size_t, std::string>, File> files_;  // (mirror, path)
};

// The local side: turns the progress lines of a run of `tasks` into calls on `out`
// (on_file_started the first time a file is heard of, on_bytes for what its count grew by).
// Single-threaded: call take() from the thread that reads the `modal run` output.
class RemoteProgress {
 public:
  RemoteProgress(const std::vector<transfer::Task>& tasks, transfer::TransferObserver& out);

  // True when `line` was a valid progress line for this run (and is consumed); false for
  // every other line, which the caller shows as log output.
  bool take(std::string_view line);

  // Before the results are handed on: the bytes of the uploaded files of `result` that no
  // line reported (lines lost, or a worker that does not write them), so the totals end right.
  void top_up(const transfer::TaskResult& result);

 private:
  struct File {
    std::size_t mirror = 0;
    std::string path;
    std::uint64_t size = 0;
    bool started = false;
    std::uint64_t counted = 0;  // bytes passed to on_bytes
  };
  File* find(std::size_t task, std::size_t mirror, const std::string& path);

  transfer::TransferObserver& out_;
  std::map<std::size_t, std::vector<File>> files_;  // by task index
};

}  // namespace hf2ms::applier
