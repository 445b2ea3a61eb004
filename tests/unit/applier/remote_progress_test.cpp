// The workers' progress lines (applier/remote_progress.hpp): their strict grammar, the writer
// a worker runs, and how the local side turns hostile or broken lines into nothing.
#include "applier/remote_progress.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hf2ms::applier {
namespace {

using namespace std::chrono_literals;

transfer::Task task_of(std::size_t index, std::vector<std::pair<std::string, std::uint64_t>> files,
                       std::size_t mirror = 0) {
  transfer::Task t;
  t.index = index;
  transfer::MirrorGroup g;
  g.mirror = mirror;
  for (auto& [path, size] : files) {
    g.files.push_back({path, size, std::nullopt, std::nullopt, true});
  }
  t.groups.push_back(g);
  return t;
}

class Recorder final : public transfer::TransferObserver {
 public:
  void on_file_started(std::size_t mirror, const std::string& path, std::uint64_t size) override {
    calls.push_back("start " + std::to_string(mirror) + " " + path + " " + std::to_string(size));
  }
  void on_bytes(std::size_t mirror, const std::string& path, std::uint64_t bytes) override {
    calls.push_back("bytes " + std::to_string(mirror) + " " + path + " " + std::to_string(bytes));
  }
  void on_file_finished(const transfer::FileResult& r) override {
    calls.push_back("finish " + r.path);
  }
  std::vector<std::string> calls;
};

TEST(ProgressLineFormat, RoundTrips) {
  const ProgressLine line{3, 12, 1'048'576};
  EXPECT_EQ(format_progress_line(line), "hf2ms-progress 1 task=3 file=12 bytes=1048576");
  EXPECT_EQ(parse_progress_line(format_progress_line(line)), line);
  EXPECT_EQ(parse_progress_line("hf2ms-progress 1 task=0 file=0 bytes=0\r"),
            (ProgressLine{0, 0, 0}));
}

TEST(ProgressLineFormat, AnythingElseIsNotAProgressLine) {
  for (const std::string bad : {
           "", "hf2ms task 3: started",
           "hf2ms-progress 2 task=1 file=0 bytes=5",                     // unknown version
           " hf2ms-progress 1 task=1 file=0 bytes=5",                    // leading space
           "hf2ms-progress 1 task=1 file=0 bytes=5 ",                    // trailing space
           "hf2ms-progress 1 task=1 file=0 bytes=5\x1b[2J",              // an escape after it
           "\x1b[31mhf2ms-progress 1 task=1 file=0 bytes=5",             // one before it
           "hf2ms-progress 1 file=0 task=1 bytes=5",                     // fields out of order
           "hf2ms-progress 1 task=1 file=0 bytes=-5",                    // a sign
           "hf2ms-progress 1 task=1 file=0 bytes=05",                    // a leading zero
           "hf2ms-progress 1 task=1 file=0 bytes=5e3",                   // not decimal digits only
           "hf2ms-progress 1 task=1 file=0 bytes=99999999999999999999",  // 20 digits
           "hf2ms-progress 1 task=1 file=0 bytes=",                      // no number
           "hf2ms-progress 1 task=1 file=0",                             // a field missing
           "hf2ms-progress 1 task=1 file=0 bytes=5 path=x",              // an extra field
       }) {
    EXPECT_FALSE(parse_progress_line(bad).has_value()) << bad;
  }
}

TEST(ProgressLineWriter, WritesOnStartAtMostOncePerIntervalAndAtTheEnd) {
  const transfer::Task task = task_of(7, {{"a.bin", 300}, {"b.bin", 50}}, 2);
  std::vector<std::string> lines;
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  ProgressLineWriter writer(
      task, [&](const std::string& l) { lines.push_back(l); }, 1s, [&] { return now; });
  writer.on_file_started(2, "b.bin", 50);
  writer.on_bytes(2, "b.bin", 10);  // within the interval: no line
  now += 1s;
  writer.on_bytes(2, "b.bin", 10);
  writer.on_bytes(2, "b.bin", 30);
  writer.on_bytes(9, "unknown.bin", 10);  // not the task's: ignored
  transfer::FileResult done;
  done.mirror = 2;
  done.path = "b.bin";
  writer.on_file_finished(done);
  writer.on_file_finished(done);  // nothing new: no line
  EXPECT_EQ(lines, (std::vector<std::string>{"hf2ms-progress 1 task=7 file=1 bytes=0",
                                             "hf2ms-progress 1 task=7 file=1 bytes=20",
                                             "hf2ms-progress 1 task=7 file=1 bytes=50"}));
}

TEST(RemoteProgress, TurnsCumulativeCountsIntoStartsAndDeltas) {
  Recorder out;
  RemoteProgress remote({task_of(0, {{"a.bin", 300}}), task_of(1, {{"x/b.bin", 100}}, 4)}, out);
  EXPECT_TRUE(remote.take("hf2ms-progress 1 task=1 file=0 bytes=0"));
  EXPECT_TRUE(remote.take("hf2ms-progress 1 task=1 file=0 bytes=40"));
  EXPECT_TRUE(remote.take("hf2ms-progress 1 task=1 file=0 bytes=40"));  // repeated: nothing
  EXPECT_TRUE(remote.take("hf2ms-progress 1 task=1 file=0 bytes=10"));  // started over
  EXPECT_TRUE(remote.take("hf2ms-progress 1 task=1 file=0 bytes=70"));
  EXPECT_EQ(out.calls, (std::vector<std::string>{"start 4 x/b.bin 100", "bytes 4 x/b.bin 40",
                                                 "bytes 4 x/b.bin 30"}));
}

TEST(RemoteProgress, RefusesWhatTheLocalJobDoesNotHave) {
  Recorder out;
  RemoteProgress remote({task_of(0, {{"a.bin", 300}})}, out);
  EXPECT_FALSE(remote.take("hf2ms-progress 1 task=5 file=0 bytes=1"));    // no such task
  EXPECT_FALSE(remote.take("hf2ms-progress 1 task=0 file=1 bytes=1"));    // no such file
  EXPECT_FALSE(remote.take("hf2ms-progress 1 task=0 file=0 bytes=301"));  // more than its size
  EXPECT_FALSE(remote.take("hf2ms task 0: exit status 0"));
  EXPECT_TRUE(out.calls.empty());
}

TEST(RemoteProgress, TopUpCountsWhatNoLineReportedForUploadedFilesOnly) {
  Recorder out;
  RemoteProgress remote({task_of(0, {{"a.bin", 300}, {"b.bin", 20}, {"c.bin", 5}})}, out);
  ASSERT_TRUE(remote.take("hf2ms-progress 1 task=0 file=0 bytes=100"));
  transfer::TaskResult r;
  r.task = 0;
  for (const auto& [path, status] : {std::pair{"a.bin", transfer::FileStatus::uploaded},
                                     std::pair{"b.bin", transfer::FileStatus::uploaded},
                                     std::pair{"c.bin", transfer::FileStatus::already_present}}) {
    transfer::FileResult f;
    f.path = path;
    f.status = status;
    r.files.push_back(f);
  }
  remote.top_up(r);
  remote.top_up(r);  // twice: nothing more
  EXPECT_EQ(out.calls,
            (std::vector<std::string>{"start 0 a.bin 300", "bytes 0 a.bin 100", "bytes 0 a.bin 200",
                                      "start 0 b.bin 20", "bytes 0 b.bin 20"}));
}

}  // namespace
}  // namespace hf2ms::applier
