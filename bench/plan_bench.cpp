// plan_bench: how fast and how lean `hf2ms plan` is against the hub simulator (issue #5).
//  1. 1,000 mirrors of 20 files each (18 LFS, 2 small files), half of them already mirrored
//     to ModelScope and every 25th mirrored one changed, with 50 ms of added latency on every
//     request: wall time of the real hf2ms binary at its default parallelism and with
//     --parallelism 1 (each with a cold git-oid cache and a freshly started simulator), and
//     the ratio. Targets: ratio ≥ 25×, default run < 5 s.
//     The simulator reports HF's free-plan quota (1,000 API calls per 5 minutes, RateLimit
//     headers) and hf2ms honours it by waiting for the reset, as it would on the real Hub. A
//     mirror from HF costs 2 API calls (repo info, tree), so 450 of the mirrors come from HF
//     (their small files are listed by git oid only and fetched to hash them) and 550 from
//     ModelScope, interleaved so that any prefix of the manifest has the same mix.
//  2. `hf2ms apply` of the same 1,000 mirrors when every one is already converged, no latency:
//     the requests that would change a target (creates, upload negotiation, uploads,
//     commits) counted in the simulator's log. Target: 0 (issue #6).
//  3. One HF model of 100,000 files planned to a missing ModelScope target, no latency: the
//     peak RSS of the hf2ms process (getrusage of the child). Target: < 200 MB.
// Prints the figures; asserts nothing (timings vary with the machine). Build it in Release
// for meaningful numbers (sanitizers multiply memory and time).
// Usage: plan_bench [--mirrors N] [--serial-mirrors N] [--files N] [--latency-ms N]
//   --serial-mirrors N times --parallelism 1 on the first N mirrors only and scales the time
//   to all mirrors (printed as "extrapolated"); default: all of them.
#include "hubsim/seed.hpp"
#include "hubsim/simulator.hpp"
#include "util/file.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using namespace hf2ms;

struct Args {
  int mirrors = 1000;
  int serial_mirrors = 0;  // 0: all
  int files = 100000;
  unsigned latency_ms = 50;
};

struct ChildRun {
  int exit_code = -1;
  double seconds = 0;
  long max_rss_kb = 0;
};

// Runs hf2ms with `args` (stdout and stderr to /dev/null) and measures it.
ChildRun run_hf2ms(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string exe = HF2MS_EXE;
  argv.push_back(exe.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  ChildRun r;
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.max_rss_kb = usage.ru_maxrss;
  return r;
}

// ru_maxrss counts what a forked child inherited from its parent until exec, and this process
// holds the whole simulator store, so hf2ms is started from a small copy of this program
// (`plan_bench --spawn ...`) that measures it and prints "exit seconds max_rss_kb".
ChildRun run_measured(const std::vector<std::string>& args) {
  std::string cmd = std::filesystem::read_symlink("/proc/self/exe").string() + " --spawn";
  for (const auto& a : args) {
    cmd += " '" + a + "'";
  }
  ChildRun r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr ||
      std::fscanf(pipe, "%d %lf %ld", &r.exit_code, &r.seconds, &r.max_rss_kb) != 3) {
    std::fprintf(stderr, "plan_bench: cannot run %s\n", cmd.c_str());
  }
  if (pipe != nullptr) {
    pclose(pipe);
  }
  return r;
}

bool check(const Result<void>& r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "plan_bench: %s: %s\n", what, r.error().message.c_str());
  }
  return r.has_value();
}

// Copies the head of `source` (on `hub`) to the ModelScope model `target`; `drift` changes
// one small file there.
bool mirror_by_hand(hubsim::Store& store, hubsim::Hub hub, const std::string& source,
                    const std::string& target, bool drift) {
  auto head = store.resolve({hub, hubsim::RepoType::model, source}, "HEAD");
  if (!head) {
    return false;
  }
  hubsim::FileTree files = (*head)->files;
  if (drift) {
    auto blob = store.put_blob("changed on the target " + target + "\n");
    auto entry = blob ? store.make_entry(*blob, hubsim::Storage::regular)
                      : Result<hubsim::FileEntry>(unexpected(blob.error()));
    if (!entry) {
      return false;
    }
    files.put("config.json", *entry);
  }
  hubsim::RepoMeta meta;
  meta.key = {hubsim::Hub::ms, hubsim::RepoType::model, target};
  meta.default_branch = "master";
  return store.create_repo(meta, files, "user", "mirror").has_value();
}

// Mirror `k` of the manifest: 9 in 20 come from HF.
bool from_hf(int k) { return k % 20 < 9; }
std::string source_id(int k) {
  return "bench/" + std::string(from_hf(k) ? "hf-" : "ms-") + std::to_string(k);
}
std::string target_id(int k) { return "mirror/m-" + std::to_string(k); }

std::string manifest_text(int count) {
  std::string text = "version = 1\n";
  for (int k = 0; k < count; ++k) {
    text += "[[mirror]]\nsource = \"" + std::string(from_hf(k) ? "hf:" : "ms:") + source_id(k) +
            "\"\ntarget = \"ms:" + target_id(k) + "\"\n";
  }
  return text;
}

std::string repo_spec(int k) {
  return R"({"hub":")" + std::string(from_hf(k) ? "hf" : "ms") + R"(","id":")" + source_id(k) +
         R"(","files":[{"path":"shard-{j}.safetensors","count":18,"size":4096,"lfs":true},
      {"path":"config.json","size":300,"lfs":false},{"path":"README.md","size":200,"lfs":false}]})";
}

enum class Mirrored { half_some_drifted, all_converged };

bool seed_mirrors(hubsim::Store& store, int mirrors,
                  Mirrored mirrored = Mirrored::half_some_drifted) {
  std::string spec = R"({"repos":[)";
  for (int k = 0; k < mirrors; ++k) {
    spec += (k == 0 ? "" : ",") + repo_spec(k);
  }
  spec += "]}";
  const hubsim::Store::DeferSaves defer(store);
  if (!check(hubsim::apply_seed_spec(store, spec, "."), "seeding")) {
    return false;
  }
  // Half already mirrored, every 25th of those changed; or every one mirrored exactly.
  const bool all = mirrored == Mirrored::all_converged;
  for (int k = 0; k < mirrors; k += all ? 1 : 2) {
    const auto hub = from_hf(k) ? hubsim::Hub::hf : hubsim::Hub::ms;
    if (!mirror_by_hand(store, hub, source_id(k), target_id(k), !all && k % 50 == 0)) {
      std::fprintf(stderr, "plan_bench: cannot mirror %s\n", source_id(k).c_str());
      return false;
    }
  }
  return true;
}

void set_env(const hubsim::SimulatorAddresses& urls, const std::string& cache) {
  setenv("HF_ENDPOINT", urls.hf_url.c_str(), 1);
  setenv("MODELSCOPE_ENDPOINT", urls.ms_url.c_str(), 1);
  setenv("HF_TOKEN", "hf_user_write_token", 1);
  setenv("MODELSCOPE_TOKEN", "ms_user_write_token", 1);
  setenv("HF2MS_CACHE_DIR", cache.c_str(), 1);
  unsetenv("MODELSCOPE_DOMAIN");
  unsetenv("HF2MS_LOG");
}

// Plans `manifest` with `extra` flags and a fresh cache folder.
ChildRun plan(const std::string& dir, const std::string& manifest, std::vector<std::string> extra) {
  static int run = 0;
  const std::string cache = dir + "/cache-" + std::to_string(run++);
  setenv("HF2MS_CACHE_DIR", cache.c_str(), 1);
  std::vector<std::string> args{"plan", "--detailed-exitcode", "-f", manifest};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_measured(args);
}

// Starts the simulator on `data_dir` (a fresh quota window) with `latency_ms` on every request.
bool start(hubsim::Simulator& sim, const std::string& data_dir, unsigned latency_ms,
           const std::string& cache, std::size_t page_size = 1000) {
  hubsim::SimulatorOptions o;
  o.data_dir = data_dir;
  o.threads = 160;
  o.sim.page_size = page_size;
  o.sim.lenient = true;  // a microbenchmark of hf2ms: no hub limits (docs/hubsim-modelscope.md)
  auto urls = sim.start(o);
  if (!urls) {
    std::fprintf(stderr, "plan_bench: %s\n", urls.error().message.c_str());
    return false;
  }
  set_env(*urls, cache);
  hubsim::FaultRule slow;
  slow.latency_ms = latency_ms;
  return latency_ms == 0 || check(sim.faults().set_rules({slow}), "faults");
}

// One timed plan of `manifest` on a freshly started simulator.
ChildRun timed_plan(const Args& a, const std::string& dir, const std::string& manifest,
                    std::vector<std::string> extra, std::size_t& requests) {
  hubsim::Simulator sim;
  if (!start(sim, dir + "/speed", a.latency_ms, dir + "/cache")) {
    return {};
  }
  const ChildRun r = plan(dir, manifest, std::move(extra));
  requests = sim.log().entries().size();
  return r;
}

int speed(const Args& a, const std::string& dir) {
  {
    hubsim::Simulator sim;
    if (!start(sim, dir + "/speed", 0, dir + "/cache") || !seed_mirrors(sim.store(), a.mirrors)) {
      return 1;
    }
  }
  const std::string all = dir + "/all.toml";
  const int serial_count = a.serial_mirrors > 0 ? a.serial_mirrors : a.mirrors;
  const std::string some = dir + "/serial.toml";
  if (!check(write_file_atomic(all, manifest_text(a.mirrors)), "manifest") ||
      !check(write_file_atomic(some, manifest_text(serial_count)), "manifest")) {
    return 1;
  }
  std::size_t requests = 0;
  std::size_t serial_requests = 0;
  const ChildRun fast = timed_plan(a, dir, all, {}, requests);
  std::size_t wide_requests = 0;
  const ChildRun wide = timed_plan(a, dir, all, {"--parallelism", "128"}, wide_requests);
  const ChildRun slow = timed_plan(a, dir, some, {"--parallelism", "1"}, serial_requests);
  const double serial = slow.seconds * a.mirrors / serial_count;
  std::printf("plan of %d mirrors x 20 files (9 in 20 from HF), %u ms latency per request\n",
              a.mirrors, a.latency_ms);
  std::printf("  default parallelism: %8.2f s (exit %d, %zu requests)\n", fast.seconds,
              fast.exit_code, requests);
  std::printf("  --parallelism 128:   %8.2f s (exit %d, %zu requests)\n", wide.seconds,
              wide.exit_code, wide_requests);
  std::printf("  --parallelism 1:     %8.2f s (exit %d, %zu requests)%s\n", serial, slow.exit_code,
              serial_requests,
              serial_count == a.mirrors ? "" : " (extrapolated from the first mirrors)");
  std::printf("  speed-up:            %8.1fx (target >= 25x; default run target < 5 s)\n",
              serial / fast.seconds);
  return 0;
}

// Requests that would change a target: repo creation, upload negotiation, uploads, commits.
std::size_t count_writes(hubsim::Simulator& sim) {
  std::size_t n = 0;
  for (const hubsim::LoggedRequest& r : sim.log().entries()) {
    const bool post = r.method == "POST";
    const bool write = r.method == "PUT" || r.method == "DELETE" ||
                       (post && (r.path.find("/commit") != std::string::npos ||
                                 r.path.find("/repos/create") != std::string::npos ||
                                 r.path.find("/preupload/") != std::string::npos ||
                                 r.path.find("/lfs/objects/batch") != std::string::npos ||
                                 r.path == "/api/v1/models" || r.path == "/api/v1/datasets"));
    n += write ? 1U : 0U;
  }
  return n;
}

// `hf2ms apply` of a manifest whose every mirror is already converged: it must upload and
// commit nothing (issue #6).
int noop_apply(const Args& a, const std::string& dir) {
  hubsim::Simulator sim;
  if (!start(sim, dir + "/noop", 0, dir + "/cache-noop") ||
      !seed_mirrors(sim.store(), a.mirrors, Mirrored::all_converged)) {
    return 1;
  }
  const std::string manifest = dir + "/noop.toml";
  if (!check(write_file_atomic(manifest, manifest_text(a.mirrors)), "manifest")) {
    return 1;
  }
  const ChildRun r =
      run_measured({"apply", "--executor", "local", "--auto-approve", "-f", manifest});
  std::printf(
      "no-op apply of %d converged mirrors: %.2f s, exit %d, %zu requests, %zu writes "
      "(target: 0)\n",
      a.mirrors, r.seconds, r.exit_code, sim.log().entries().size(), count_writes(sim));
  return 0;
}

int memory(const Args& a, const std::string& dir) {
  hubsim::Simulator sim;
  // Tree pages of 10,000 entries: the simulator rebuilds a listing per page, so 1,000-entry
  // pages would spend minutes in the simulator, not in hf2ms.
  const bool started = start(sim, dir + "/memory", 0, dir + "/cache", 10000);
  const std::string spec = R"({"repos":[{"hub":"hf","id":"bench/huge","files":[
      {"path":"data/part-{j}.bin","count":)" +
                           std::to_string(a.files) + R"(,"size":64,"lfs":true}]}]})";
  if (!started || !check(hubsim::apply_seed_spec(sim.store(), spec, "."), "seeding")) {
    return 1;
  }
  const std::string manifest = dir + "/huge.toml";
  if (!check(write_file_atomic(manifest,
                               "version = 1\n[[mirror]]\nsource = \"hf:bench/huge\"\n"
                               "target = \"ms:bench/huge\"\n"),
             "manifest")) {
    return 1;
  }
  for (const std::string view : {"", "--markdown", "--json"}) {
    const ChildRun r =
        plan(dir, manifest, view.empty() ? std::vector<std::string>{} : std::vector{view});
    std::printf(
        "plan %-10s of one %d-file repo: %.2f s, peak RSS %.1f MB (exit %d; target < 200 "
        "MB)\n",
        view.empty() ? "(human)" : view.c_str(), a.files, r.seconds,
        static_cast<double>(r.max_rss_kb) / 1024.0, r.exit_code);
  }
  return 0;
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const int v = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--mirrors") == 0) {
      a.mirrors = v;
    } else if (std::strcmp(argv[i], "--serial-mirrors") == 0) {
      a.serial_mirrors = v;
    } else if (std::strcmp(argv[i], "--files") == 0) {
      a.files = v;
    } else if (std::strcmp(argv[i], "--latency-ms") == 0) {
      a.latency_ms = static_cast<unsigned>(v);
    }
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--spawn") == 0) {
    const ChildRun r = run_hf2ms(std::vector<std::string>(argv + 2, argv + argc));
    std::printf("%d %.6f %ld\n", r.exit_code, r.seconds, r.max_rss_kb);
    return 0;
  }
  const Args a = parse_args(argc, argv);
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("hf2ms-plan-bench-" + std::to_string(getpid())))
          .string();
  std::filesystem::create_directories(dir);
  const int rc = speed(a, dir) | noop_apply(a, dir) | memory(a, dir);
  std::filesystem::remove_all(dir);
  return rc;
}
