// apply_quota_bench: a quota-aware apply (issue #15 item 4). `hf2ms apply` (planning
// included) of N ModelScope → HF mirrors against the strict simulator with the HF free-plan
// quotas (api 1,000, resolvers 5,000 per window) and the 5-minute window compressed to W
// seconds. The HF `api` bucket is the binding one: every mirror costs a few api calls (target
// read at plan time, the stale check, repo creation, preupload, commit).
// Prints: the HF requests per bucket and the 429s the simulator answered (target 0), the wall
// time, and the quota's lower bound for that many api calls, (ceil(calls / quota) - 1) × W:
// the last window's calls need not wait (target: wall within 20% of it). Also, for scale, the
// same apply without quota pressure (a quota too large to reach). Asserts nothing (timings vary
// with the machine); build it in Release for meaningful numbers. Usage: apply_quota_bench
// [--mirrors N] [--window S] [--api-quota Q] [--no-baseline]
#include "hubsim/hf_limits.hpp"
#include "hubsim/seed.hpp"
#include "hubsim/simulator.hpp"
#include "util/file.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <sys/wait.h>

namespace {

using namespace hf2ms;

struct Args {
  int mirrors = 300;
  std::uint32_t window_s = 30;
  std::uint32_t api_quota = 1000;
  bool baseline = true;
};

struct Figures {
  int exit_code = -1;
  double seconds = 0;
  std::map<std::string, std::size_t> by_bucket;  // HF requests
  std::uint64_t too_many = 0;                    // 429 answers, both hubs
  std::size_t waits_said = 0;                    // "waiting for the ... quota" lines
};

std::string manifest_text(int mirrors) {
  std::string text = "version = 1\n[executor]\nkind = \"local\"\n";
  for (int i = 0; i < mirrors; ++i) {
    text += "[[mirror]]\nsource = \"ms:bench/m-" + std::to_string(i) + "\"\ntarget = \"hf:acme/m-" +
            std::to_string(i) + "\"\n";
  }
  return text;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

// One fresh simulator, seeded, and one `hf2ms apply` against it.
Figures run(const Args& args, const std::string& dir, std::uint32_t api_quota) {
  Figures f;
  hubsim::SimulatorOptions o;
  o.data_dir = dir + "/data";
  o.threads = 64;
  o.sim.hf_limits.api_quota = api_quota;
  o.sim.hf_limits.quota_window_s = args.window_s;
  hubsim::Simulator sim;
  auto urls = sim.start(o);
  if (!urls) {
    std::fprintf(stderr, "apply_quota_bench: %s\n", urls.error().message.c_str());
    return f;
  }
  const std::string spec = R"({"repos":[{"hub":"ms","id":"bench/m-{i}","count":)" +
                           std::to_string(args.mirrors) +
                           R"(,"files":[{"path":"config.json","content":"{\"n\": 1}\n"},)"
                           R"({"path":"weights.bin","size":4096,"lfs":true}]}]})";
  if (auto seeded = hubsim::apply_seed_spec(sim.store(), spec, dir); !seeded) {
    std::fprintf(stderr, "apply_quota_bench: seeding: %s\n", seeded.error().message.c_str());
    return f;
  }
  const std::string manifest = dir + "/hf2ms.toml";
  if (!write_file_atomic(manifest, manifest_text(args.mirrors))) {
    return f;
  }
  setenv("HF_ENDPOINT", urls->hf_url.c_str(), 1);
  setenv("MODELSCOPE_ENDPOINT", urls->ms_url.c_str(), 1);
  setenv("HF_TOKEN", "hf_user_write_token", 1);
  setenv("MODELSCOPE_TOKEN", "ms_user_write_token", 1);
  setenv("HF2MS_CACHE_DIR", (dir + "/cache").c_str(), 1);
  unsetenv("MODELSCOPE_DOMAIN");
  unsetenv("HF2MS_LOG");
  const std::string err = dir + "/stderr.txt";
  const std::string cmd = std::string(HF2MS_EXE) + " apply --executor local --auto-approve -f " +
                          manifest + " >/dev/null 2>" + err;
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(cmd.c_str());
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  for (const hubsim::LoggedRequest& r : sim.log().entries()) {
    if (r.listener == hubsim::Listener::hf) {
      const std::string bucket = hubsim::hf_bucket_of(r.path);
      ++f.by_bucket[bucket.empty() ? "git-lfs (not counted)" : bucket];
    }
  }
  f.too_many = sim.answers_with_status(hubsim::Listener::hf, 429) +
               sim.answers_with_status(hubsim::Listener::ms, 429);
  const std::string said = read_file(err).value_or("");
  f.waits_said = count(said, "aiting for the HF api quota");
  if (f.exit_code != 0) {
    std::fprintf(stderr, "apply_quota_bench: hf2ms exited %d:\n%s\n", f.exit_code,
                 said.substr(said.size() > 4000 ? said.size() - 4000 : 0).c_str());
  }
  return f;
}

void print(const char* what, const Figures& f) {
  std::printf("%s: exit %d, wall %.1f s, HF requests:", what, f.exit_code, f.seconds);
  for (const auto& [bucket, n] : f.by_bucket) {
    std::printf(" %s %zu,", bucket.c_str(), n);
  }
  std::printf(" 429 answers %llu, \"waiting for the HF api quota\" lines %zu\n",
              static_cast<unsigned long long>(f.too_many), f.waits_said);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--mirrors" && has_value) {
      args.mirrors = std::atoi(argv[++i]);
    } else if (a == "--window" && has_value) {
      args.window_s = static_cast<std::uint32_t>(std::atoi(argv[++i]));
    } else if (a == "--api-quota" && has_value) {
      args.api_quota = static_cast<std::uint32_t>(std::atoi(argv[++i]));
    } else if (a == "--no-baseline") {
      args.baseline = false;
    } else {
      std::fprintf(stderr,
                   "usage: apply_quota_bench [--mirrors N] [--window S] "
                   "[--api-quota Q] [--no-baseline]\n");
      return 2;
    }
  }
  const std::string base = std::filesystem::temp_directory_path() / "hf2ms-apply-quota-bench";
  std::filesystem::remove_all(base);
  std::printf(
      "%d ModelScope -> HF mirrors, HF api quota %u per %u s window (free plan, window "
      "compressed from 300 s), strict simulator\n",
      args.mirrors, args.api_quota, args.window_s);
  const Figures paced = run(args, base + "/paced", args.api_quota);
  print("quotas on ", paced);
  const std::size_t calls = paced.by_bucket.count("api") ? paced.by_bucket.at("api") : 0;
  const double windows = std::ceil(static_cast<double>(calls) / args.api_quota);
  const double bound = std::max(windows - 1, 0.0) * args.window_s;
  std::printf(
      "quota lower bound for %zu api calls: %.0f s (%.0f windows); wall / bound = %.2f "
      "(target <= 1.20)\n",
      calls, bound, windows, bound > 0 ? paced.seconds / bound : 0.0);
  if (args.baseline) {
    print("no quota pressure (api quota 10^9)", run(args, base + "/unlimited", 1'000'000'000));
  }
  std::filesystem::remove_all(base);
  return paced.exit_code == 0 && paced.too_many == 0 ? 0 : 1;
}
