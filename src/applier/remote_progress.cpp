#include "applier/remote_progress.hpp"

#include <charconv>

namespace hf2ms::applier {
namespace {

constexpr std::string_view k_prefix = "hf2ms-progress 1 ";

// `key=<digits>` at the front of `text`, followed by `end` (a space, or nothing at the end).
// Advances `text` past it. At most 19 digits, so the value fits without overflow.
std::optional<std::uint64_t> take_field(std::string_view& text, std::string_view key, bool last) {
  if (text.substr(0, key.size()) != key || text.size() == key.size()) {
    return std::nullopt;
  }
  text.remove_prefix(key.size());
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    ++digits;
  }
  if (digits == 0 || digits > 19 || (digits > 1 && text[0] == '0')) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  (void)std::from_chars(text.data(), text.data() + digits, value);
  text.remove_prefix(digits);
  if (last) {
    return text.empty() ? std::optional<std::uint64_t>(value) : std::nullopt;
  }
  if (text.empty() || text.front() != ' ') {
    return std::nullopt;
  }
  text.remove_prefix(1);
  return value;
}

}  // namespace

std::string format_progress_line(const ProgressLine& line) {
  return std::string(k_prefix) + "task=" + std::to_string(line.task) +
         " file=" + std::to_string(line.file) + " bytes=" + std::to_string(line.bytes);
}

std::optional<ProgressLine> parse_progress_line(std::string_view text) {
  if (!text.empty() && text.back() == '\r') {
    text.remove_suffix(1);
  }
  if (text.substr(0, k_prefix.size()) != k_prefix) {
    return std::nullopt;
  }
  text.remove_prefix(k_prefix.size());
  const auto task = take_field(text, "task=", false);
  const auto file = task ? take_field(text, "file=", false) : std::nullopt;
  const auto bytes = file ? take_field(text, "bytes=", true) : std::nullopt;
  if (!bytes) {
    return std::nullopt;
  }
  return ProgressLine{static_cast<std::size_t>(*task), static_cast<std::size_t>(*file), *bytes};
}

ProgressLineWriter::ProgressLineWriter(const transfer::Task& task,
                                       std::function<void(const std::string&)> write,
                                       std::chrono::milliseconds interval, Clock clock)
    : task_(task.index),
      write_(std::move(write)),
      interval_(interval),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })) {
  std::size_t index = 0;
  for (const transfer::MirrorGroup& g : task.groups) {
    for (const transfer::TaskFile& f : g.files) {
      files_[{g.mirror, f.path}].index = index++;
    }
  }
}

void ProgressLineWriter::emit(File& f) {
  f.written = f.bytes;
  f.last = clock_();
  write_(format_progress_line({task_, f.index, f.bytes}));
}

void ProgressLineWriter::on_file_started(std::size_t mirror, const std::string& path,
                                         std::uint64_t /*size*/) {
  if (auto it = files_.find({mirror, path}); it != files_.end()) {
    emit(it->second);
  }
}

void ProgressLineWriter::on_bytes(std::size_t mirror, const std::string& path,
                                  std::uint64_t bytes) {
  const auto it = files_.find({mirror, path});
  if (it == files_.end()) {
    return;
  }
  File& f = it->second;
  f.bytes += bytes;
  if (clock_() - f.last >= interval_) {
    emit(f);
  }
}

void ProgressLineWriter::on_file_finished(const transfer::FileResult& result) {
  const auto it = files_.find({result.mirror, result.path});
  if (it != files_.end() && it->second.bytes != it->second.written) {
    emit(it->second);
  }
}

RemoteProgress::RemoteProgress(const std::vector<transfer::Task>& tasks,
                               transfer::TransferObserver& out)
    : out_(out) {
  for (const transfer::Task& t : tasks) {
    std::vector<File>& files = files_[t.index];
    for (const transfer::MirrorGroup& g : t.groups) {
      for (const transfer::TaskFile& f : g.files) {
        files.push_back({g.mirror, f.path, f.size, false, 0});
      }
    }
  }
}

bool RemoteProgress::take(std::string_view line) {
  const auto p = parse_progress_line(line);
  if (!p) {
    return false;
  }
  const auto task = files_.find(p->task);
  if (task == files_.end() || p->file >= task->second.size()) {
    return false;
  }
  File& f = task->second[p->file];
  if (p->bytes > f.size) {
    return false;
  }
  if (!f.started) {
    f.started = true;
    out_.on_file_started(f.mirror, f.path, f.size);
  }
  if (p->bytes > f.counted) {
    out_.on_bytes(f.mirror, f.path, p->bytes - f.counted);
    f.counted = p->bytes;
  }
  return true;
}

RemoteProgress::File* RemoteProgress::find(std::size_t task, std::size_t mirror,
                                           const std::string& path) {
  const auto it = files_.find(task);
  if (it == files_.end()) {
    return nullptr;
  }
  for (File& f : it->second) {
    if (f.mirror == mirror && f.path == path) {
      return &f;
    }
  }
  return nullptr;
}

void RemoteProgress::top_up(const transfer::TaskResult& result) {
  for (const transfer::FileResult& r : result.files) {
    File* f = find(result.task, r.mirror, r.path);
    if (f == nullptr || r.status != transfer::FileStatus::uploaded || f->counted >= f->size) {
      continue;
    }
    if (!f->started) {
      f->started = true;
      out_.on_file_started(f->mirror, f->path, f->size);
    }
    out_.on_bytes(f->mirror, f->path, f->size - f->counted);
    f->counted = f->size;
  }
}

}  // namespace hf2ms::applier
