// plan_bench: how many requests, how fast and how lean `hf2ms plan` is against the hub
// simulator (issues #5, #15). Every figure is one run of the real hf2ms binary (a fresh
// simulator, a cold git-oid cache); timings vary with the machine, so it asserts nothing.
//  1. Requests: 1,000 HF→ModelScope mirrors of 20 files (18 LFS, 2 small), half of them
//     already mirrored and every 25th of those changed, on the STRICT simulator: HF's
//     free-plan quotas (1,000 `api` calls per window) enforced with a compressed window
//     (--window-s, 30 s by default instead of 300 s), 50 ms latency. Requests per mirror by
//     hub and bucket (the simulator's request log), and the wall time: a plan that needs more
//     `api` calls than one window holds waits for the reset (target: 1 `api` call per HF
//     repo read, at most 2 ModelScope calls per repo read).
//  2. Speed: 1,000 mirrors × 20 files, 9 in 20 from HF and the rest from ModelScope, 50 ms
//     latency, lenient simulator (a microbenchmark of hf2ms): the default parallelism,
//     --parallelism 128 and --parallelism 1, and the ratio (targets: < 2.5 s, ≥ 50×).
//  3. `hf2ms apply` of 1,000 converged mirrors: the requests that would change a target
//     (creates, upload negotiation, uploads, commits). Target: 0 (issue #6).
//  4. One HF model of 100,000 files (each view; then 1,000,000, human view) planned to a
//     missing ModelScope target at the Hub's 1,000-entry tree pages, no latency: wall time
//     and peak RSS of the hf2ms process (targets: 100,000 files < 3 s and < 64 MB;
//     1,000,000 < 30 s and < 512 MB).
// Build it in Release (sanitizers multiply memory and time).
// Usage: plan_bench [--mirrors N] [--serial-mirrors N] [--files N] [--huge-files N]
//                   [--latency-ms N] [--window-s N] [--only requests|speed|noop|memory]
//   --serial-mirrors N times --parallelism 1 on the first N mirrors only and scales the time
//   to all mirrors (printed as "extrapolated"); --huge-files 0 skips the 1,000,000-file run.
#include "hubsim/request_log.hpp"
#include "hubsim/seed.hpp"
#include "hubsim/simulator.hpp"
#include "run_child.hpp"
#include "util/file.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using namespace hf2ms;
using bench::ChildRun;
using bench::run_hf2ms;

struct Args {
  int mirrors = 1000;
  int serial_mirrors = 0;  // 0: all
  int files = 100000;
  int huge_files = 1000000;
  unsigned latency_ms = 50;
  unsigned window_s = 30;
  std::string only;  // "": every section
};

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

// Which mirrors come from HF: 9 in 20 (interleaved, so any prefix has the same mix), or all.
enum class Mix { mostly_ms, all_hf };
bool from_hf(int k, Mix mix) { return mix == Mix::all_hf || k % 20 < 9; }
std::string source_id(int k, Mix mix) {
  return "bench/" + std::string(from_hf(k, mix) ? "hf-" : "ms-") + std::to_string(k);
}
std::string target_id(int k) { return "mirror/m-" + std::to_string(k); }

std::string manifest_text(int count, Mix mix) {
  std::string text = "version = 1\n";
  for (int k = 0; k < count; ++k) {
    text += "[[mirror]]\nsource = \"" + std::string(from_hf(k, mix) ? "hf:" : "ms:") +
            source_id(k, mix) + "\"\ntarget = \"ms:" + target_id(k) + "\"\n";
  }
  return text;
}

std::string repo_spec(int k, Mix mix) {
  return R"({"hub":")" + std::string(from_hf(k, mix) ? "hf" : "ms") + R"(","id":")" +
         source_id(k, mix) +
         R"(","files":[{"path":"shard-{j}.safetensors","count":18,"size":4096,"lfs":true},
      {"path":"config.json","size":300,"lfs":false},{"path":"README.md","size":200,"lfs":false}]})";
}

enum class Mirrored { half_some_drifted, all_converged };

bool seed_mirrors(hubsim::Store& store, int mirrors, Mix mix,
                  Mirrored mirrored = Mirrored::half_some_drifted) {
  std::string spec = R"({"repos":[)";
  for (int k = 0; k < mirrors; ++k) {
    spec += (k == 0 ? "" : ",") + repo_spec(k, mix);
  }
  spec += "]}";
  const hubsim::Store::DeferSaves defer(store);
  if (!check(hubsim::apply_seed_spec(store, spec, "."), "seeding")) {
    return false;
  }
  // Half already mirrored, every 25th of those changed; or every one mirrored exactly.
  const bool all = mirrored == Mirrored::all_converged;
  for (int k = 0; k < mirrors; k += all ? 1 : 2) {
    const auto hub = from_hf(k, mix) ? hubsim::Hub::hf : hubsim::Hub::ms;
    if (!mirror_by_hand(store, hub, source_id(k, mix), target_id(k), !all && k % 50 == 0)) {
      std::fprintf(stderr, "plan_bench: cannot mirror %s\n", source_id(k, mix).c_str());
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

// How the simulator is started for a section.
struct SimSetup {
  std::string data_dir;
  unsigned latency_ms = 0;
  bool strict = false;      // false: lenient, a microbenchmark of hf2ms (docs/hubsim.md)
  unsigned window_s = 300;  // HF quota window (strict only)
  // HF `api` quota the RateLimit headers report (hf2ms waits when they say r=0, even where
  // the lenient simulator would not refuse); 0: the free plan's 1,000.
  unsigned api_quota = 0;
};

bool start(hubsim::Simulator& sim, const SimSetup& s, const std::string& cache) {
  hubsim::SimulatorOptions o;
  o.data_dir = s.data_dir;
  o.threads = 160;
  o.sim.lenient = !s.strict;
  o.sim.hf_limits.quota_window_s = s.window_s;
  if (s.api_quota > 0) {
    o.sim.hf_limits.api_quota = s.api_quota;
  }
  auto urls = sim.start(o);
  if (!urls) {
    std::fprintf(stderr, "plan_bench: %s\n", urls.error().message.c_str());
    return false;
  }
  set_env(*urls, cache);
  hubsim::FaultRule slow;
  slow.latency_ms = s.latency_ms;
  return s.latency_ms == 0 || check(sim.faults().set_rules({slow}), "faults");
}

// The class of a ModelScope request, from its path (ModelScope publishes no quota buckets).
std::string ms_route(const std::string& path) {
  if (path.ends_with("/commits")) {
    return "commits";
  }
  if (path.ends_with("/repo/files") || path.ends_with("/repo/tree")) {
    return "listing";
  }
  if (path.ends_with("/repo")) {
    return "download";
  }
  return path.rfind("/openapi/", 0) == 0 ? "openapi" : "info";
}

// "hf api 1.00  hf resolvers 1.00  ms commits 1.00 ..." per mirror, from the request log.
std::string per_mirror(const std::vector<hubsim::LoggedRequest>& log, int mirrors) {
  std::map<std::string, std::size_t> counts;
  for (const hubsim::LoggedRequest& r : log) {
    std::string key = std::string(hubsim::to_string(r.listener)) + " ";
    if (r.listener == hubsim::Listener::hf) {
      key += r.bucket.empty() ? "lfs" : r.bucket;
    } else if (r.listener == hubsim::Listener::ms) {
      key += ms_route(r.path);
    } else {
      key += "cdn";
    }
    ++counts[key];
  }
  std::string out;
  char buf[64];
  for (const auto& [key, n] : counts) {
    std::snprintf(buf, sizeof buf, "%s%s %.2f", out.empty() ? "" : ", ", key.c_str(),
                  static_cast<double>(n) / mirrors);
    out += buf;
  }
  return out;
}

struct Timed {
  ChildRun run;
  std::vector<hubsim::LoggedRequest> log;
};

// One timed plan of `manifest` on a freshly started simulator over the store in `s.data_dir`.
Timed timed_plan(const SimSetup& s, const std::string& dir, const std::string& manifest,
                 std::vector<std::string> extra) {
  hubsim::Simulator sim;
  if (!start(sim, s, dir + "/cache")) {
    return {};
  }
  Timed t;
  t.run = plan(dir, manifest, std::move(extra));
  t.log = sim.log().entries();
  return t;
}

// Seeds `mirrors` mirrors of `mix` into a store under `dir` and writes their manifest.
bool prepare(const std::string& data_dir, const std::string& manifest, int mirrors, Mix mix) {
  hubsim::Simulator sim;
  return start(sim, SimSetup{data_dir}, data_dir + "-cache") &&
         seed_mirrors(sim.store(), mirrors, mix) &&
         check(write_file_atomic(manifest, manifest_text(mirrors, mix)), "manifest");
}

int requests(const Args& a, const std::string& dir) {
  const std::string manifest = dir + "/hf-all.toml";
  if (!prepare(dir + "/hf-all", manifest, a.mirrors, Mix::all_hf)) {
    return 1;
  }
  const SimSetup strict{dir + "/hf-all", a.latency_ms, true, a.window_s};
  const Timed t = timed_plan(strict, dir, manifest, {});
  std::printf(
      "plan of %d HF->ModelScope mirrors x 20 files on the strict simulator (free-plan quotas, "
      "%u s window), %u ms latency per request\n",
      a.mirrors, a.window_s, a.latency_ms);
  std::printf("  wall time:           %8.2f s (exit %d, %zu requests)\n", t.run.seconds,
              t.run.exit_code, t.log.size());
  std::printf("  requests per mirror: %s\n", per_mirror(t.log, a.mirrors).c_str());
  return 0;
}

int speed(const Args& a, const std::string& dir) {
  const std::string all = dir + "/all.toml";
  const int serial_count = a.serial_mirrors > 0 ? a.serial_mirrors : a.mirrors;
  const std::string some = dir + "/serial.toml";
  if (!prepare(dir + "/speed", all, a.mirrors, Mix::mostly_ms) ||
      !check(write_file_atomic(some, manifest_text(serial_count, Mix::mostly_ms)), "manifest")) {
    return 1;
  }
  const SimSetup lenient{dir + "/speed", a.latency_ms};
  const Timed fast = timed_plan(lenient, dir, all, {});
  const Timed wide = timed_plan(lenient, dir, all, {"--parallelism", "128"});
  const Timed slow = timed_plan(lenient, dir, some, {"--parallelism", "1"});
  const double serial = slow.run.seconds * a.mirrors / serial_count;
  std::printf("plan of %d mirrors x 20 files (9 in 20 from HF), %u ms latency per request\n",
              a.mirrors, a.latency_ms);
  std::printf("  default parallelism: %8.2f s (exit %d, %zu requests)\n", fast.run.seconds,
              fast.run.exit_code, fast.log.size());
  std::printf("  --parallelism 128:   %8.2f s (exit %d, %zu requests)\n", wide.run.seconds,
              wide.run.exit_code, wide.log.size());
  std::printf("  --parallelism 1:     %8.2f s (exit %d, %zu requests)%s\n", serial,
              slow.run.exit_code, slow.log.size(),
              serial_count == a.mirrors ? "" : " (extrapolated from the first mirrors)");
  std::printf("  speed-up:            %8.1fx (targets: >= 50x, default run < 2.5 s)\n",
              serial / fast.run.seconds);
  std::printf("  requests per mirror: %s\n", per_mirror(fast.log, a.mirrors).c_str());
  return 0;
}

// Requests that would change a target: repo creation, upload negotiation, uploads, commits.
std::size_t count_writes(const std::vector<hubsim::LoggedRequest>& log) {
  std::size_t n = 0;
  for (const hubsim::LoggedRequest& r : log) {
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
  if (!start(sim, SimSetup{dir + "/noop"}, dir + "/cache-noop") ||
      !seed_mirrors(sim.store(), a.mirrors, Mix::mostly_ms, Mirrored::all_converged)) {
    return 1;
  }
  const std::string manifest = dir + "/noop.toml";
  if (!check(write_file_atomic(manifest, manifest_text(a.mirrors, Mix::mostly_ms)), "manifest")) {
    return 1;
  }
  const ChildRun r =
      run_measured({"apply", "--executor", "local", "--auto-approve", "-f", manifest});
  const auto log = sim.log().entries();
  std::printf(
      "no-op apply of %d converged mirrors: %.2f s, exit %d, %zu requests, %zu writes "
      "(target: 0)\n",
      a.mirrors, r.seconds, r.exit_code, log.size(), count_writes(log));
  return 0;
}

// One HF model of `files` files planned to a missing ModelScope target, in each of `views`.
// Its 1,001 tree pages at 1,000,000 files pass the free plan's 1,000 `api` calls per window,
// so the simulator reports an Enterprise-size quota (huggingface-hub.md §10.1: up to 100k).
int huge_repo(int files, const char* targets, const std::string& dir,
              const std::vector<std::string>& views) {
  const std::string data = dir + "/memory-" + std::to_string(files);
  hubsim::Simulator sim;
  const std::string spec = R"({"repos":[{"hub":"hf","id":"bench/huge","files":[
      {"path":"data/part-{j}.bin","count":)" +
                           std::to_string(files) + R"(,"size":64,"lfs":true}]}]})";
  if (!start(sim, SimSetup{data, 0, false, 300, 100000}, dir + "/cache") ||
      !check(hubsim::apply_seed_spec(sim.store(), spec, "."), "seeding")) {
    return 1;
  }
  const std::string manifest = dir + "/huge.toml";
  if (!check(write_file_atomic(manifest,
                               "version = 1\n[[mirror]]\nsource = \"hf:bench/huge\"\n"
                               "target = \"ms:bench/huge\"\n"),
             "manifest")) {
    return 1;
  }
  for (const std::string& view : views) {
    sim.log().clear();
    const ChildRun r =
        plan(dir, manifest, view.empty() ? std::vector<std::string>{} : std::vector{view});
    std::printf(
        "plan %-10s of one %d-file repo: %6.2f s, peak RSS %6.1f MB, %zu requests "
        "(exit %d; targets %s)\n",
        view.empty() ? "(human)" : view.c_str(), files, r.seconds,
        static_cast<double>(r.max_rss_kb) / 1024.0, sim.log().entries().size(), r.exit_code,
        targets);
  }
  return 0;
}

int memory(const Args& a, const std::string& dir) {
  int rc = huge_repo(a.files, "< 3 s, < 64 MB at 100,000 files", dir, {"", "--markdown", "--json"});
  if (a.huge_files > 0) {
    rc |= huge_repo(a.huge_files, "< 30 s, < 512 MB at 1,000,000 files", dir, {""});
  }
  return rc;
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
    } else if (std::strcmp(argv[i], "--huge-files") == 0) {
      a.huge_files = v;
    } else if (std::strcmp(argv[i], "--latency-ms") == 0) {
      a.latency_ms = static_cast<unsigned>(v);
    } else if (std::strcmp(argv[i], "--window-s") == 0) {
      a.window_s = static_cast<unsigned>(v);
    } else if (std::strcmp(argv[i], "--only") == 0) {
      a.only = argv[i + 1];
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
  const auto wanted = [&a](const char* name) { return a.only.empty() || a.only == name; };
  int rc = 0;
  rc |= wanted("requests") ? requests(a, dir) : 0;
  rc |= wanted("speed") ? speed(a, dir) : 0;
  rc |= wanted("noop") ? noop_apply(a, dir) : 0;
  rc |= wanted("memory") ? memory(a, dir) : 0;
  std::filesystem::remove_all(dir);
  return rc;
}
