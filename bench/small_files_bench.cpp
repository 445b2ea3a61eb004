// small_files_bench: what small files cost hf2ms against the strict hub simulator (issues #15
// item 2 and #17 item 4), with the real hf2ms binary and the local executor.
//  1. A ModelScope model of 20,000 small files (ten folders of 2,000) mirrored to a new HF
//     model (`hf2ms apply --auto-approve`): requests per file on each hub (ModelScope API, HF
//     API, the CDN), the number of HF commits; then a re-plan on the same machine (same
//     git-oid cache): its downloads. Targets: ≤ 1.05 source requests per file, 0 downloads.
//  2. A plan of one HF model of 2,000 small (regular) files to a ModelScope model that does not
//     exist yet: its downloads (target 0: nothing to compare with, the transfer hashes).
// Prints the figures; asserts nothing. Build it in Release for meaningful times.
// Usage: small_files_bench [--folders N] [--per-folder N] [--hf-files N]
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
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using namespace hf2ms;
using bench::run_hf2ms;

struct Args {
  int folders = 10;
  int per_folder = 2000;
  int hf_files = 2000;
};

bool check(const Result<void>& r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "small_files_bench: %s: %s\n", what, r.error().message.c_str());
  }
  return r.has_value();
}

bool start(hubsim::Simulator& sim, const std::string& dir) {
  hubsim::SimulatorOptions o;
  o.data_dir = dir + "/data";
  o.threads = 32;  // strict by default: the real hubs' limits
  auto urls = sim.start(o);
  if (!urls) {
    std::fprintf(stderr, "small_files_bench: %s\n", urls.error().message.c_str());
    return false;
  }
  setenv("HF_ENDPOINT", urls->hf_url.c_str(), 1);
  setenv("MODELSCOPE_ENDPOINT", urls->ms_url.c_str(), 1);
  setenv("HF_TOKEN", "hf_user_write_token", 1);
  setenv("MODELSCOPE_TOKEN", "ms_user_write_token", 1);
  setenv("HF2MS_CACHE_DIR", (dir + "/cache").c_str(), 1);
  unsetenv("MODELSCOPE_DOMAIN");
  unsetenv("HF2MS_LOG");
  unsetenv("HF2MS_OID_CACHE_KEY");
  return true;
}

struct Counts {
  std::size_t hf = 0;         // HF API listener
  std::size_t ms = 0;         // ModelScope API listener
  std::size_t cdn = 0;        // the CDN (LFS storage)
  std::size_t commits = 0;    // HF commits
  std::size_t downloads = 0;  // file content reads on any hub
};

Counts count(hubsim::Simulator& sim) {
  Counts c;
  for (const hubsim::LoggedRequest& r : sim.log().entries()) {
    const bool get = r.method == "GET";
    switch (r.listener) {
      case hubsim::Listener::hf:
        ++c.hf;
        c.commits += r.method == "POST" && r.path.find("/commit/") != std::string::npos ? 1U : 0U;
        // A regular file's /resolve/ is one download even when HF redirects it to the
        // resolve-cache route (two hops).
        c.downloads += get && r.path.find("/resolve/") != std::string::npos ? 1U : 0U;
        break;
      case hubsim::Listener::ms:
        ++c.ms;
        c.downloads += get && r.query.find("FilePath=") != std::string::npos ? 1U : 0U;
        break;
      case hubsim::Listener::cdn:
        ++c.cdn;
        c.downloads += get ? 1U : 0U;
        break;
    }
  }
  return c;
}

int ms_to_hf(const Args& a, const std::string& dir) {
  hubsim::Simulator sim;
  if (!start(sim, dir + "/ms-to-hf")) {
    return 1;
  }
  std::string spec = R"({"repos":[{"hub":"ms","id":"bench/small","files":[)";
  for (int f = 0; f < a.folders; ++f) {
    spec += std::string(f == 0 ? "" : ",") + R"({"path":"folder-)" + std::to_string(f) +
            R"(/file-{j}.txt","count":)" + std::to_string(a.per_folder) + R"(,"size":300})";
  }
  spec += "]}]}";
  const std::string manifest = dir + "/ms-to-hf.toml";
  if (!check(hubsim::apply_seed_spec(sim.store(), spec, "."), "seeding") ||
      !check(write_file_atomic(manifest,
                               "version = 1\n[[mirror]]\nsource = \"ms:bench/small\"\n"
                               "target = \"hf:user/small\"\n"),
             "manifest")) {
    return 1;
  }
  const double files = static_cast<double>(a.folders) * a.per_folder;
  sim.log().clear();
  const bench::ChildRun apply =
      run_hf2ms({"apply", "--executor", "local", "--auto-approve", "-f", manifest});
  const int apply_exit = apply.exit_code;
  const double apply_s = apply.seconds;
  const Counts applied = count(sim);
  sim.log().clear();
  const bench::ChildRun replanned = run_hf2ms({"plan", "--detailed-exitcode", "-f", manifest});
  const int plan_exit = replanned.exit_code;
  const double plan_s = replanned.seconds;
  const Counts replan = count(sim);
  std::printf("ModelScope model of %.0f small files (%d folders) -> new HF model\n", files,
              a.folders);
  std::printf("  apply: %.2f s, exit %d\n", apply_s, apply_exit);
  std::printf("    ModelScope (source) requests per file: %.3f (target <= 1.05)\n",
              static_cast<double>(applied.ms) / files);
  std::printf("    HF API requests per file:             %.3f (%zu requests)\n",
              static_cast<double>(applied.hf) / files, applied.hf);
  std::printf("    CDN requests per file:                %.3f\n",
              static_cast<double>(applied.cdn) / files);
  std::printf("    HF commits:                           %zu\n", applied.commits);
  std::printf("  re-plan (same machine, same git-oid cache): %.2f s, exit %d (0 = no changes)\n",
              plan_s, plan_exit);
  std::printf("    downloads: %zu (target 0); requests: HF %zu, ModelScope %zu, CDN %zu\n",
              replan.downloads, replan.hf, replan.ms, replan.cdn);
  return 0;
}

int hf_to_new_ms(const Args& a, const std::string& dir) {
  hubsim::Simulator sim;
  if (!start(sim, dir + "/hf-to-ms")) {
    return 1;
  }
  const std::string spec = R"({"repos":[{"hub":"hf","id":"bench/regular","files":[)"
                           R"({"path":"data/file-{j}.json","count":)" +
                           std::to_string(a.hf_files) + R"(,"size":500}]}]})";
  const std::string manifest = dir + "/hf-to-ms.toml";
  if (!check(hubsim::apply_seed_spec(sim.store(), spec, "."), "seeding") ||
      !check(write_file_atomic(manifest,
                               "version = 1\n[[mirror]]\nsource = \"hf:bench/regular\"\n"
                               "target = \"ms:user/regular\"\n"),
             "manifest")) {
    return 1;
  }
  sim.log().clear();
  const bench::ChildRun planned = run_hf2ms({"plan", "--detailed-exitcode", "-f", manifest});
  const int exit_code = planned.exit_code;
  const double seconds = planned.seconds;
  const Counts c = count(sim);
  std::printf("plan of one HF model of %d regular files to a new ModelScope model\n", a.hf_files);
  std::printf(
      "  %.2f s, exit %d (2 = changes); plan-time downloads: %zu (target 0); requests: "
      "HF %zu, ModelScope %zu\n",
      seconds, exit_code, c.downloads, c.hf, c.ms);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--folders") {
      a.folders = value;
    } else if (flag == "--per-folder") {
      a.per_folder = value;
    } else if (flag == "--hf-files") {
      a.hf_files = value;
    }
  }
  char tmpl[] = "/tmp/hf2ms-small-files-XXXXXX";
  const char* made = mkdtemp(tmpl);
  if (made == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::string dir = made;
  const int rc = hf_to_new_ms(a, dir) | ms_to_hf(a, dir);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return rc;
}
