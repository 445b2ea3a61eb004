// hubsim_scale_bench: hf2ms-hubsim with one very large repo (issue #12 item 3). Seeds an HF
// model of N generated files (1,000 folders of N/1,000 small files; content from a seed,
// never stored), lists it over loopback through the recursive tree route at the Hub's
// 1,000-entry page size following the Link header, and reports the seeding time, the first
// page (which builds the commit's listing index), the listing rate, one commit on the repo,
// the size of state.json and the time to reopen the store from it, and the process's resident
// memory (the simulator runs in this process; the client holds one page at a time). Wall
// and CPU times are both printed: the machines are shared and noisy.
// Prints figures only; nothing here fails on a timing.
// Usage: hubsim_scale_bench [files (default 1000000)]
#include "hubsim/seed.hpp"
#include "hubsim/simulator.hpp"
#include "hubsim/store.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <malloc.h>
#include <memory>
#include <string>
#include <sys/resource.h>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time (user + system) of this process so far: on a shared machine it varies less than
// the wall time.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto secs = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

// A field of /proc/self/status in MiB ("VmRSS", "VmHWM"); 0 when unknown.
double status_mib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtod(line.c_str() + field.size() + 1, nullptr) / 1024.0;
    }
  }
  return 0;
}

// The seed spec: 1,000 folders (fewer for small N) of equally many 64-byte regular files.
std::string seed_spec(std::uint64_t files) {
  const std::uint64_t folders = std::max<std::uint64_t>(1, std::min<std::uint64_t>(1000, files));
  std::string families;
  for (std::uint64_t d = 0; d < folders; ++d) {
    const std::uint64_t count = files / folders + (d < files % folders ? 1 : 0);
    families += std::string(d == 0 ? "" : ",") + R"({"path":"shard-)" + std::to_string(d) +
                R"(/file-{j}.txt","count":)" + std::to_string(count) + R"(,"size":64,"lfs":false})";
  }
  return R"({"repos":[{"hub":"hf","id":"bench/million","files":[)" + families + "]}]}";
}

// The URL's path and query after the origin, from a Link header `<url>; rel="next"`.
std::string next_target(const std::string& link, const std::string& origin) {
  const auto open = link.find('<');
  const auto close = link.find('>');
  if (open == std::string::npos || close == std::string::npos) {
    return {};
  }
  const std::string url = link.substr(open + 1, close - open - 1);
  return url.rfind(origin, 0) == 0 ? url.substr(origin.size()) : url;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t files = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const std::string dir =
      std::filesystem::temp_directory_path().string() + "/hf2ms-hubsim-scale-bench";
  std::filesystem::remove_all(dir);
  auto sim = std::make_unique<hf2ms::hubsim::Simulator>();
  hf2ms::hubsim::SimulatorOptions options;
  options.data_dir = dir;
  // This measures the simulator itself, so its quotas are off: with the free plan's tree-page
  // quota a 1,001-page listing is refused after a few hundred pages, as on the real Hub.
  options.sim.lenient = true;
  const auto urls = sim->start(options);
  if (!urls) {
    std::fprintf(stderr, "hubsim_scale_bench: %s\n", urls.error().message.c_str());
    return 1;
  }
  const double rss_empty = status_mib("VmRSS");

  auto t = Clock::now();
  const double seed_cpu_start = cpu_seconds();
  if (!hf2ms::hubsim::apply_seed_spec(sim->store(), seed_spec(files), dir)) {
    std::fprintf(stderr, "hubsim_scale_bench: seeding failed\n");
    return 1;
  }
  const double seed_s = seconds_since(t);
  const double seed_cpu_s = cpu_seconds() - seed_cpu_start;
  const double rss_seeded = status_mib("VmRSS");
  std::printf(
      "hubsim_scale_bench: seeded %llu files in %.2f s (%.2f s CPU; state written); RSS "
      "%.0f MiB (%.0f MiB before)\n",
      static_cast<unsigned long long>(files), seed_s, seed_cpu_s, rss_seeded, rss_empty);

  httplib::Client hf(urls->hf_url);
  hf.set_read_timeout(600, 0);
  std::string target = "/api/models/bench/million/tree/main?recursive=true";
  std::uint64_t entries = 0;
  std::uint64_t pages = 0;
  double first_page_s = 0;
  double parse_s = 0;  // the client's own JSON parsing, inside the listing time
  const double list_cpu_start = cpu_seconds();
  t = Clock::now();
  auto rest = t;
  while (!target.empty()) {
    const auto res = hf.Get(target);
    if (!res || res->status != 200) {
      std::fprintf(stderr, "hubsim_scale_bench: tree page %llu failed\n",
                   static_cast<unsigned long long>(pages));
      return 1;
    }
    const auto parse_start = Clock::now();
    const auto page = nlohmann::json::parse(res->body, nullptr, false);
    entries += page.is_array() ? page.size() : 0;
    parse_s += seconds_since(parse_start);
    if (++pages == 1) {
      first_page_s = seconds_since(t);
      rest = Clock::now();
    }
    target = res->has_header("Link") ? next_target(res->get_header_value("Link"), urls->hf_url)
                                     : std::string();
  }
  const double list_s = seconds_since(t);
  const double list_cpu_s = cpu_seconds() - list_cpu_start;
  const double rest_s = seconds_since(rest);
  const std::uint64_t expected = files + std::min<std::uint64_t>(1000, files);
  std::printf(
      "hubsim_scale_bench: listed %llu entries (%llu expected) in %llu pages of 1000 in "
      "%.2f s = %.0f entries/s\n",
      static_cast<unsigned long long>(entries), static_cast<unsigned long long>(expected),
      static_cast<unsigned long long>(pages), list_s, static_cast<double>(entries) / list_s);
  std::printf(
      "hubsim_scale_bench: listing used %.2f s of CPU (%.0f entries per CPU second); the "
      "client's JSON parsing took %.2f s of the wall time\n",
      list_cpu_s, static_cast<double>(entries) / list_cpu_s, parse_s);
  std::printf(
      "hubsim_scale_bench: first page %.3f s (builds the commit's index); the other pages "
      "%.0f entries/s\n",
      first_page_s,
      rest_s > 0 ? static_cast<double>(entries - std::min<std::uint64_t>(entries, 1000)) / rest_s
                 : 0.0);
  std::printf("hubsim_scale_bench: RSS after listing %.0f MiB, peak %.0f MiB\n",
              status_mib("VmRSS"), status_mib("VmHWM"));

  // One more commit on the big repo: what persisting state costs per commit at this size.
  hf2ms::hubsim::Store& store = sim->store();
  const hf2ms::hubsim::RepoKey key{hf2ms::hubsim::Hub::hf, hf2ms::hubsim::RepoType::model,
                                   "bench/million"};
  const auto blob = store.put_blob("one more file\n");
  if (!blob) {
    std::fprintf(stderr, "hubsim_scale_bench: cannot store a blob\n");
    return 1;
  }
  const auto entry = store.make_entry(*blob, hf2ms::hubsim::Storage::regular);
  if (!entry) {
    std::fprintf(stderr, "hubsim_scale_bench: cannot make an entry\n");
    return 1;
  }
  hf2ms::hubsim::CommitRequest request;
  request.branch = "main";
  request.title = "one more file";
  request.author = "bench";
  request.ops.push_back({hf2ms::hubsim::FileOp::Kind::put, "extra.txt", *entry});
  t = Clock::now();
  const double commit_cpu_start = cpu_seconds();
  if (!store.commit(key, request)) {
    std::fprintf(stderr, "hubsim_scale_bench: commit failed\n");
    return 1;
  }
  const double commit_s = seconds_since(t);
  const double commit_cpu_s = cpu_seconds() - commit_cpu_start;
  std::error_code ec;
  const auto state_bytes = std::filesystem::file_size(dir + "/state.json", ec);
  std::error_code size_ec;
  const auto commits_bytes = std::filesystem::file_size(
      dir + "/commits/" + (*store.resolve(key, "main"))->oid + ".txt", size_ec);
  std::printf(
      "hubsim_scale_bench: one 1-file commit on the repo %.2f s (%.2f s CPU); it wrote "
      "state.json %.1f KiB and a %.1f KiB commit file; RSS now %.0f MiB\n",
      commit_s, commit_cpu_s, static_cast<double>(state_bytes) / 1024,
      static_cast<double>(commits_bytes) / 1024, status_mib("VmRSS"));
  // Ten more: a commit shares its parent's unchanged chunks, so each should cost O(changes)
  // in time and memory, whatever the repo's size.
  constexpr int k_more = 10;
  t = Clock::now();
  for (int i = 0; i < k_more; ++i) {
    request.ops.front().path = "extra-" + std::to_string(i) + ".txt";
    if (!store.commit(key, request)) {
      std::fprintf(stderr, "hubsim_scale_bench: commit failed\n");
      return 1;
    }
  }
  std::printf("hubsim_scale_bench: %d more 1-file commits: %.1f ms each; RSS now %.0f MiB\n",
              k_more, 1000 * seconds_since(t) / k_more, status_mib("VmRSS"));
  sim->stop();
  sim.reset();     // so the reopened store's memory is measured alone
  malloc_trim(0);  // glibc: give the freed heap back, or RSS would not show it
  const double rss_before_open = status_mib("VmRSS");

  t = Clock::now();
  const double open_cpu_start = cpu_seconds();
  auto reopened = hf2ms::hubsim::Store::open(dir);
  const double open_s = seconds_since(t);
  const double open_cpu_s = cpu_seconds() - open_cpu_start;
  if (!reopened) {
    std::fprintf(stderr, "hubsim_scale_bench: reopening failed: %s\n",
                 reopened.error().message.c_str());
    return 1;
  }
  std::printf(
      "hubsim_scale_bench: reopening the store (replaying its commits) %.2f s (%.2f s "
      "CPU); RSS %.0f MiB (%.0f MiB before); peak RSS of the run %.0f MiB\n",
      open_s, open_cpu_s, status_mib("VmRSS"), rss_before_open, status_mib("VmHWM"));
  std::filesystem::remove_all(dir);
  return 0;
}
