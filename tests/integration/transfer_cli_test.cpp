// `hf2ms transfer` as a worker process: the exit-code contract of deploy/modal/hf2ms_modal.py
// (0 done, 75 transient, other permanent), exactly one JSON line on stdout, tokens only from
// the environment, and a small-scale diskless / bounded-memory check (bench/transfer_bench
// does the 2 GiB one): a 96 MiB file streams through a child process whose peak RSS stays far
// below the file size and which writes nothing to disk.
#include "transfer/task_json.hpp"
#include "transfer_sim_env.hpp"
#include "util/file.hpp"

#include <array>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace hf2ms::transfer::testing {
namespace {

using manifest::Hub;
using manifest::RepoType;

struct Child {
  int status = -1;
  std::string out;
  std::string err;
};

// The number after `key` in the worker's "transfer resources" log line; -1 when absent.
long resource(const Child& c, const std::string& key) {
  const std::size_t at = c.err.find(key + "=");
  return at == std::string::npos ? -1 : std::atol(c.err.c_str() + at + key.size() + 1);
}

std::string drain(int fd) {
  std::string out;
  std::array<char, 4096> buf{};
  for (ssize_t n = 0; (n = ::read(fd, buf.data(), buf.size())) > 0;) {
    out.append(buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

// Runs hf2ms with `args`, capturing stdout and stderr (stderr is read after stdout closes;
// the worker logs little, well under a pipe's capacity).
Child run_hf2ms(std::vector<std::string> args) {
  const std::string exe = std::string(HF2MS_BINARY_DIR) + "/src/cli/hf2ms";
  args.insert(args.begin(), exe);
  std::vector<char*> argv;
  for (std::string& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  std::array<int, 2> out_fds{};
  std::array<int, 2> err_fds{};
  HF2MS_ASSERT(::pipe(out_fds.data()) == 0 && ::pipe(err_fds.data()) == 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_fds[1], 1);
    ::dup2(err_fds[1], 2);
    ::close(out_fds[0]);
    ::close(err_fds[0]);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out_fds[1]);
  ::close(err_fds[1]);
  Child child;
  child.out = drain(out_fds[0]);
  child.err = drain(err_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  child.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return child;
}

class TransferCli : public TransferSimTest {
 protected:
  static void SetUpTestSuite() {
    TransferSimTest::SetUpTestSuite();
    ::setenv(k_hf_env, "hf_user_write_token", 1);
    ::setenv(k_ms_env, "ms_user_write_token", 1);
    // The child is sanitized like the tests: keep ASan from holding freed blocks.
    ::setenv("ASAN_OPTIONS", "quarantine_size_mb=1:detect_leaks=0", 1);
    ::setenv("HF2MS_LOG", "info", 1);
  }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = data_dir() + "/" + name;
    HF2MS_ASSERT(write_file_atomic(path, text).has_value());
    return path;
  }

  // Peak RSS and disk writes of a worker copying `size` bytes of one LFS file HF→ModelScope.
  Child copy_one_file(const std::string& name, std::uint64_t size) {
    seed(R"({"repos":[{"hub":"hf","id":"acme/)" + name +
         R"(","files":[{"path":"f.safetensors","size":)" + std::to_string(size) +
         R"(,"lfs":true}]}]})");
    use(Hub::hf, Hub::ms);
    const TargetRepo target{Hub::ms, RepoType::model, "acme/" + name + "-dst", "master"};
    create_target(target);
    const MirrorGroup group = group_for({Hub::hf, RepoType::model, "acme/" + name}, target);
    return run_hf2ms({"transfer", "--task", write(name + ".json", task_to_json(task_of({group}))),
                      "--buffer-mib", "8"});
  }

  static TaskResult single_result(const Child& c) {
    EXPECT_EQ(std::count(c.out.begin(), c.out.end(), '\n'), 1) << c.out;
    auto results = results_from_json("[" + c.out + "]", "stdout");
    EXPECT_TRUE(results.has_value()) << c.out;
    return results && !results->empty() ? results->front() : TaskResult{};
  }
};

TEST_F(TransferCli, TaskAndCommitSucceedWithExitZeroAndOneJsonLineEach) {
  seed(R"({"repos":[{"hub":"hf","id":"acme/cli-src","files":[
    {"path":"README.md","content":"# cli\n"},{"path":"m.bin","size":2000000,"lfs":true}]}]})");
  use(Hub::hf, Hub::ms);
  const TargetRepo target{Hub::ms, RepoType::model, "acme/cli-dst", "master"};
  create_target(target);
  const MirrorGroup group = group_for({Hub::hf, RepoType::model, "acme/cli-src"}, target);
  Task task = task_of({group});
  task.index = 4;
  const Child run = run_hf2ms({"transfer", "--task", write("task.json", task_to_json(task))});
  EXPECT_EQ(run.status, 0) << run.out;
  const TaskResult result = single_result(run);
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.task, 4U);
  EXPECT_EQ(run.out.find("user_write_token"), std::string::npos);

  const std::string job = write("job.json", commit_job_to_json(job_of(group, std::nullopt)));
  const std::string results = write("results.json", "[" + run.out + "]");
  const Child commit = run_hf2ms({"transfer", "--commit", job, "--results", results});
  EXPECT_EQ(commit.status, 0) << commit.out;
  auto report = report_from_json(commit.out, "stdout");
  ASSERT_TRUE(report.has_value()) << commit.out;
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(content_of({target.hub, target.type, target.id}),
            content_of({Hub::hf, RepoType::model, "acme/cli-src"}));
}

TEST_F(TransferCli, PermanentFailuresExitOneTransientOnesExitSeventyFive) {
  const Child bad_file = run_hf2ms({"transfer", "--task", write("bad.json", "{\"nope\":1}")});
  EXPECT_EQ(bad_file.status, 1);
  EXPECT_FALSE(single_result(bad_file).ok);

  seed(R"({"repos":[{"hub":"hf","id":"acme/cli-src2","files":[
    {"path":"m.bin","size":1000000,"lfs":true}]}]})");
  use(Hub::hf, Hub::ms);
  const TargetRepo target{Hub::ms, RepoType::model, "acme/cli-dst2", "master"};
  create_target(target);
  MirrorGroup group = group_for({Hub::hf, RepoType::model, "acme/cli-src2"}, target);
  group.files[0].sha256 = std::string(64, 'a');  // the source serves other bytes
  const Child mismatch =
      run_hf2ms({"transfer", "--task", write("mismatch.json", task_to_json(task_of({group})))});
  EXPECT_EQ(mismatch.status, 1) << mismatch.out;
  EXPECT_FALSE(single_result(mismatch).retryable);

  std::vector<HubAccess> unset = hubs();
  unset[1].token_env = "HF2MS_IT_UNSET_TOKEN";  // names a variable that is not set
  Task no_token = task_of({group_for({Hub::hf, RepoType::model, "acme/cli-src2"}, target)});
  no_token.hubs = unset;
  const Child refused =
      run_hf2ms({"transfer", "--task", write("notoken.json", task_to_json(no_token))});
  EXPECT_EQ(refused.status, 1) << refused.out;

  hubsim::FaultRule down = upload_put_rule(target.hub);  // storage keeps answering 503
  down.status = 503;
  ASSERT_TRUE(target_sim().faults().set_rules({down}).has_value());
  group.files[0].sha256 =
      group_for({Hub::hf, RepoType::model, "acme/cli-src2"}, target).files[0].sha256;
  const Child transient =
      run_hf2ms({"transfer", "--task", write("transient.json", task_to_json(task_of({group}))),
                 "--attempts", "1"});
  target_sim().faults().clear();
  EXPECT_EQ(transient.status, 75) << transient.out;
  EXPECT_TRUE(single_result(transient).retryable);
}

TEST_F(TransferCli, StreamsALargeFileWithBoundedMemoryAndNoDiskWrites) {
  // The sanitized binary's baseline RSS is large (shadow memory), so growth is what counts:
  // the same worker copying 1 KB and 96 MiB.
  const Child small = copy_one_file("cli-small", 1000);
  const Child big = copy_one_file("cli-big", 96ULL << 20);
  ASSERT_EQ(small.status, 0) << small.out;
  ASSERT_EQ(big.status, 0) << big.out;
  EXPECT_EQ(single_result(big).files[0].status, FileStatus::uploaded);
  const long base_kib = resource(small, "peak_rss_kib");
  const long peak_kib = resource(big, "peak_rss_kib");
  ASSERT_GT(base_kib, 0) << small.err;
  EXPECT_LT(peak_kib - base_kib, 24L << 10)
      << "peak RSS grew from " << base_kib << " KiB to " << peak_kib << " KiB for 96 MiB";
  EXPECT_EQ(resource(big, "write_bytes"), 0) << "the worker wrote to disk";
}

}  // namespace
}  // namespace hf2ms::transfer::testing
