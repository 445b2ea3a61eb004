// transfer_bench: the diskless streaming transfer against store-and-forward (issue #6).
// For one generated LFS file (256 MiB and 2 GiB by default) copied HF → ModelScope between two
// in-process simulators (source and target, each with its own blob store) it measures, in the
// same run:
//   - the loopback limit: curl downloading the file to /dev/null, and curl uploading the same
//     number of bytes (a sparse file, so the reader costs no disk) to the target's blob PUT,
//     plus the same upload through hf2ms's own libcurl engine from memory; the limit is the
//     download rate or the faster upload rate, whichever is lower;
//   - `hf2ms transfer --task` (the real binary, a child process): wall time, and from its log
//     line its peak RSS (VmHWM) and the bytes it wrote to disk (/proc/self/io write_bytes);
//   - store-and-forward: curl downloading to a temporary file, then curl uploading that file.
// Uploads other than hf2ms's go to a made-up SHA-256, so the target reads and hashes every byte
// and then refuses it: the same work, without storing the blob hf2ms must still upload.
// Then, for an HF → HF mirror of a Xet-backed repo holding one file of the largest size,
// `hf2ms apply` (the real binary, local executor) against one simulator: the Hub copies the
// file server-side (lfs-files/duplicate) and the commit adds it by reference, so the bytes
// moved through hf2ms (its apply_finished `bytes_streamed`) and the CDN requests are 0.
// Prints the figures; asserts nothing. Build in Release (sanitizers change everything).
// Usage: transfer_bench [--sizes-mib 256,2048] [--buffer-mib 32]
#include "http/curl_global.hpp"
#include "hub/ms_client.hpp"
#include "hub/upload.hpp"
#include "hubsim/seed.hpp"
#include "hubsim/simulator.hpp"
#include "transfer/hub_clients.hpp"
#include "transfer/task_json.hpp"
#include "util/file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using namespace hf2ms;
using Clock = std::chrono::steady_clock;

constexpr const char* k_ms_token = "ms_user_write_token";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs a shell command (curl) and returns its wall time; exits on failure.
double timed_shell(const std::string& command) {
  const auto start = Clock::now();
  const int rc = std::system(command.c_str());  // NOLINT(concurrency-mt-unsafe)
  const double s = seconds_since(start);
  if (rc != 0) {
    std::fprintf(stderr, "transfer_bench: command failed (%d): %s\n", rc, command.c_str());
  }
  return s;
}

struct Worker {
  int exit_code = -1;
  double seconds = 0;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) { return read_file(path).value_or(""); }

// Runs `hf2ms transfer --task task` with stdout/stderr to files.
Worker run_worker(const std::string& dir, const std::string& task, int buffer_mib) {
  const std::string out = dir + "/worker.out";
  const std::string err = dir + "/worker.err";
  const std::string cmd = std::string("HF2MS_LOG=info HF2MS_BENCH_MS_TOKEN=") + k_ms_token + " " +
                          HF2MS_EXE + " transfer --task " + task + " --buffer-mib " +
                          std::to_string(buffer_mib) + " >" + out + " 2>" + err;
  Worker w;
  const auto start = Clock::now();
  const int rc = std::system(cmd.c_str());  // NOLINT(concurrency-mt-unsafe)
  w.seconds = seconds_since(start);
  w.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  w.out = slurp(out);
  w.err = slurp(err);
  return w;
}

long log_value(const std::string& err, const std::string& key) {
  const std::size_t at = err.find(key + "=");
  return at == std::string::npos ? -1 : std::atol(err.c_str() + at + key.size() + 1);
}

double mbps(std::uint64_t bytes, double s) { return s > 0 ? double(bytes) / 1e6 / s : 0; }

struct Sims {
  hubsim::Simulator source;
  hubsim::Simulator target;
};

// The ModelScope blob PUT URL for a made-up SHA-256 (the upload reference for curl).
std::string refused_put_url(transfer::HubClients& clients, const std::string& repo,
                            std::uint64_t size, char digit) {
  auto writer = clients.writer(manifest::Hub::ms);
  const hub::BlobSpec blob{std::string(64, digit), size};
  auto uploads = (*writer)->plan_uploads({manifest::Hub::ms, manifest::RepoType::model, repo},
                                         "master", std::span<const hub::BlobSpec>(&blob, 1));
  if (!uploads || uploads->empty()) {
    std::fprintf(stderr, "transfer_bench: no upload URL\n");
    std::exit(1);
  }
  return uploads->front().parts.front().request.url;
}

// The upload limit as libcurl does it inside hf2ms (same engine, same buffers), without a
// source: `size` zero bytes from a producer to a refused blob URL.
double engine_put(transfer::HubClients& clients, const std::string& repo, std::uint64_t size) {
  auto writer = clients.writer(manifest::Hub::ms);
  const hub::BlobSpec blob{std::string(64, '3'), size};
  auto uploads = (*writer)->plan_uploads({manifest::Hub::ms, manifest::RepoType::model, repo},
                                         "master", std::span<const hub::BlobSpec>(&blob, 1));
  if (!uploads || uploads->empty()) {
    std::exit(1);
  }
  auto sent = std::make_shared<std::uint64_t>(0);
  http::BodyProducer zeros;
  zeros.produce = [sent, size](std::span<char> out) {
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), size - *sent));
    std::memset(out.data(), 0, n);
    *sent += n;
    return http::BodyProducer::Chunk{n, http::Flow::more};
  };
  auto engine = http::Engine::create().value();
  const auto start = Clock::now();
  (void)http::perform(*engine, hub::with_body(uploads->front().parts.front(), std::move(zeros)));
  return seconds_since(start);
}

std::string curl_put(const std::string& file, const std::string& url) {
  return std::string("curl -sS -o /dev/null -H 'Expect:' -H 'Authorization: Bearer ") + k_ms_token +
         "' -H 'Cookie: m_session_id=" + k_ms_token + "' -T " + file + " '" + url + "'";
}

void bench_size(const std::string& dir, std::uint64_t size, int buffer_mib) {
  const std::string name = "bench-" + std::to_string(size >> 20);
  Sims sims;
  hubsim::SimulatorOptions o;
  o.threads = 8;
  o.sim.lenient = true;  // a microbenchmark of hf2ms: no hub limits (docs/hubsim-modelscope.md)
  o.data_dir = dir + "/" + name + "-src";
  auto src = sims.source.start(o);
  o.data_dir = dir + "/" + name + "-dst";
  auto dst = sims.target.start(o);
  if (!src || !dst) {
    std::fprintf(stderr, "transfer_bench: simulator did not start\n");
    std::exit(1);
  }
  const std::string spec = R"({"repos":[{"hub":"hf","id":"acme/)" + name +
                           R"(","files":[{"path":"big.safetensors","size":)" +
                           std::to_string(size) + R"(,"lfs":true}]}]})";
  if (!hubsim::apply_seed_spec(sims.source.store(), spec, dir)) {
    std::exit(1);
  }
  const std::vector<transfer::HubAccess> hubs = {
      {manifest::Hub::hf, src->hf_url, ""},
      {manifest::Hub::ms, dst->ms_url, "HF2MS_BENCH_MS_TOKEN"}};
  auto engine = http::Engine::create().value();
  hub::EnginePerformer performer(*engine);
  transfer::AccessHubClients clients(
      hubs, performer, [](std::string_view) { return std::optional<std::string>(k_ms_token); });
  const std::string repo = "acme/" + name + "-dst";
  hub::CreateOptions create;
  create.license = "apache-2.0";
  (void)(*clients.writer(manifest::Hub::ms))
      ->create_repo({manifest::Hub::ms, manifest::RepoType::model, repo}, create);
  const hub::RepoKey key{manifest::Hub::hf, manifest::RepoType::model, "acme/" + name};
  auto reader = *clients.reader(manifest::Hub::hf);
  const std::string commit = (*reader->repo_info(key, "main"))->head_commit;
  const hub::FileEntry file = reader->list_files(key, commit)->front();

  const std::string download_url = src->hf_url + "/acme/" + name + "/resolve/main/big.safetensors";
  const double t_down = timed_shell("curl -sS -L -o /dev/null '" + download_url + "'");
  const std::string sparse = dir + "/" + name + ".sparse";
  { std::ofstream touch(sparse); }
  std::filesystem::resize_file(sparse, size);  // sparse: reading it costs no disk
  const double t_up = timed_shell(curl_put(sparse, refused_put_url(clients, repo, size, '1')));
  std::filesystem::remove(sparse);
  const double t_engine_up = engine_put(clients, repo, size);

  transfer::Task task;
  task.hubs = hubs;
  task.groups.push_back(
      {0,
       {key.hub, key.type, key.id, commit, key.hub == manifest::Hub::ms ? "master" : "main"},
       {manifest::Hub::ms, manifest::RepoType::model, repo, "master"},
       {{file.path, file.size, file.sha256, file.git_oid, true}}});
  const std::string task_path = dir + "/" + name + ".task.json";
  (void)write_file_atomic(task_path, transfer::task_to_json(task));
  const Worker w = run_worker(dir, task_path, buffer_mib);

  const std::string temp = dir + "/" + name + ".stored";
  const auto saf_start = Clock::now();
  const double t_saf_down = timed_shell("curl -sS -L -o " + temp + " '" + download_url + "'");
  const double t_saf_up = timed_shell(curl_put(temp, refused_put_url(clients, repo, size, '2')));
  const double t_saf = seconds_since(saf_start);
  std::filesystem::remove(temp);

  const double limit =
      std::min(mbps(size, t_down), std::max(mbps(size, t_up), mbps(size, t_engine_up)));
  std::printf("\n== %llu MiB HF -> ModelScope (buffer %d MiB) ==\n",
              static_cast<unsigned long long>(size >> 20), buffer_mib);
  std::printf("curl download to /dev/null : %7.2f s  %8.1f MB/s\n", t_down, mbps(size, t_down));
  std::printf("curl upload of same bytes  : %7.2f s  %8.1f MB/s\n", t_up, mbps(size, t_up));
  std::printf("libcurl upload (hf2ms http): %7.2f s  %8.1f MB/s  (zeros from memory)\n",
              t_engine_up, mbps(size, t_engine_up));
  std::printf(
      "hf2ms transfer (exit %d)    : %7.2f s  %8.1f MB/s  = %.0f%% of the loopback limit "
      "(%.1f MB/s)\n",
      w.exit_code, w.seconds, mbps(size, w.seconds), 100 * mbps(size, w.seconds) / limit, limit);
  std::printf(
      "store-and-forward          : %7.2f s  %8.1f MB/s  (download %.2f s + upload %.2f s)"
      "  -> hf2ms is %.2fx faster\n",
      t_saf, mbps(size, t_saf), t_saf_down, t_saf_up, t_saf / w.seconds);
  std::printf("hf2ms peak RSS             : %ld KiB (%.1f MiB)\n", log_value(w.err, "peak_rss_kib"),
              double(log_value(w.err, "peak_rss_kib")) / 1024);
  std::printf("hf2ms bytes written to disk: %ld\n", log_value(w.err, "write_bytes"));
  if (w.exit_code != 0) {
    std::printf("worker result: %s\nworker log tail: %s\n", w.out.c_str(),
                w.err.substr(w.err.size() > 2000 ? w.err.size() - 2000 : 0).c_str());
  }
}

// The last JSON line of `out` whose "event" is `event`; an empty object when none.
nlohmann::json last_event(const std::string& out, const std::string& event) {
  nlohmann::json found = nlohmann::json::object();
  std::stringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.value("event", "") == event) {
      found = j;
    }
  }
  return found;
}

void bench_hf_to_hf(const std::string& dir, std::uint64_t size) {
  const std::string name = "xet-" + std::to_string(size >> 20);
  hubsim::Simulator sim;
  hubsim::SimulatorOptions o;
  o.threads = 8;
  o.sim.lenient = true;  // as above; per-repo LFS storage is not a limit and stays on
  o.data_dir = dir + "/" + name + "-hf";
  auto urls = sim.start(o);
  if (!urls) {
    std::fprintf(stderr, "transfer_bench: simulator did not start\n");
    std::exit(1);
  }
  const std::string spec = R"({"repos":[{"hub":"hf","id":"acme/)" + name +
                           R"(","xet":true,"files":[{"path":"big.safetensors","size":)" +
                           std::to_string(size) + R"(,"lfs":true}]}]})";
  if (!hubsim::apply_seed_spec(sim.store(), spec, dir)) {
    std::exit(1);
  }
  const std::string manifest = dir + "/" + name + ".toml";
  (void)write_file_atomic(manifest, "version = 1\n[[mirror]]\nsource = \"hf:acme/" + name +
                                        "\"\ntarget = \"hf:acme/" + name + "-copy\"\n");
  const std::string out = dir + "/apply.out";
  const std::string err = dir + "/apply.err";
  const std::string cmd = "HF_ENDPOINT=" + urls->hf_url +
                          " HF_TOKEN=hf_user_write_token HF2MS_CACHE_DIR=" + dir + "/cache " +
                          HF2MS_EXE + " apply --executor local --auto-approve --json -f " +
                          manifest + " >" + out + " 2>" + err;
  sim.log().clear();
  const auto start = Clock::now();
  const int rc = std::system(cmd.c_str());  // NOLINT(concurrency-mt-unsafe)
  const double seconds = seconds_since(start);
  std::size_t cdn = 0;
  for (const hubsim::LoggedRequest& r : sim.log().entries()) {
    cdn += r.listener == hubsim::Listener::cdn ? 1U : 0U;
  }
  const nlohmann::json finished = last_event(slurp(out), "apply_finished");
  std::printf("\n== %llu MiB HF -> HF, Xet-backed source (server-side copy) ==\n",
              static_cast<unsigned long long>(size >> 20));
  std::printf("hf2ms apply (exit %d)       : %7.2f s  ok=%s\n",
              WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, seconds,
              finished.value("ok", false) ? "true" : "false");
  std::printf("files copied server-side   : %llu of %llu copied\n",
              static_cast<unsigned long long>(finished.value("files_copied_server_side", 0ULL)),
              static_cast<unsigned long long>(finished.value("files_copied", 0ULL)));
  std::printf("bytes moved through hf2ms  : %llu (of %llu bytes mirrored)\n",
              static_cast<unsigned long long>(finished.value("bytes_streamed", 0ULL)),
              static_cast<unsigned long long>(finished.value("bytes_copied", 0ULL)));
  std::printf("CDN requests (LFS bytes)   : %zu\n", cdn);
  if (!finished.value("ok", false)) {
    std::printf("apply stderr tail: %s\n",
                slurp(err).substr(slurp(err).size() > 2000 ? slurp(err).size() - 2000 : 0).c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::uint64_t> sizes = {256ULL << 20, 2048ULL << 20};
  int buffer_mib = 32;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--sizes-mib") {
      sizes.clear();
      std::stringstream list(argv[i + 1]);
      for (std::string item; std::getline(list, item, ',');) {
        sizes.push_back(std::stoull(item) << 20);
      }
    } else if (flag == "--buffer-mib") {
      buffer_mib = std::atoi(argv[i + 1]);
    }
  }
  auto curl = http::CurlGlobal::create();
  if (!curl) {
    return 1;
  }
  const std::string dir = (std::filesystem::temp_directory_path() /
                           ("hf2ms-transfer-bench-" + std::to_string(::getpid())))
                              .string();
  std::filesystem::create_directories(dir);
  for (std::uint64_t size : sizes) {
    bench_size(dir, size, buffer_mib);
  }
  if (!sizes.empty()) {
    bench_hf_to_hf(dir, *std::max_element(sizes.begin(), sizes.end()));
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
