// hubsim_bench: how fast hf2ms-hubsim serves one large file over loopback. Seeds a generated
// LFS file (content from a seed, never stored), resolves it on the HF listener (302 to the
// CDN listener) and downloads it with a plain socket reader using large reads, so the
// client is not the bottleneck. Prints bytes, seconds and GB/s.
// Usage: hubsim_bench [size_bytes (default 2147483648)] [rounds (default 3)]
#include "hubsim/seed.hpp"
#include "hubsim/simulator.hpp"

#include <httplib.h>

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) {
      close(fd);
    }
  }
};

// GETs `path` from 127.0.0.1:`port` and returns the number of bytes received (headers too).
std::uint64_t download(int port, const std::string& path) {
  Fd s{socket(AF_INET, SOCK_STREAM, 0)};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(s.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::perror("connect");
    return 0;
  }
  const std::string req =
      "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (write(s.fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) {
    return 0;
  }
  std::string buf(std::size_t{4} << 20, '\0');
  std::uint64_t total = 0;
  for (;;) {
    const ssize_t n = read(s.fd, buf.data(), buf.size());
    if (n <= 0) {
      break;
    }
    total += static_cast<std::uint64_t>(n);
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t size =
      argc > 1 ? std::strtoull(argv[1], nullptr, 10) : (std::uint64_t{2} << 30);
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::string dir = std::filesystem::temp_directory_path().string() + "/hf2ms-hubsim-bench";
  std::filesystem::remove_all(dir);
  hf2ms::hubsim::Simulator sim;
  hf2ms::hubsim::SimulatorOptions options;
  options.data_dir = dir;
  const auto urls = sim.start(options);
  if (!urls) {
    std::fprintf(stderr, "hubsim_bench: %s\n", urls.error().message.c_str());
    return 1;
  }
  const std::string spec =
      R"({"repos":[{"hub":"hf","id":"bench/big","files":[{"path":"big.bin","size":)" +
      std::to_string(size) + R"(,"lfs":true}]}]})";
  const auto t0 = std::chrono::steady_clock::now();
  if (!hf2ms::hubsim::apply_seed_spec(sim.store(), spec, dir)) {
    std::fprintf(stderr, "hubsim_bench: seeding failed\n");
    return 1;
  }
  const double seed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  httplib::Client hf(urls->hf_url);
  const auto redirect = hf.Head("/bench/big/resolve/main/big.bin");
  if (!redirect || redirect->status != 302) {
    std::fprintf(stderr, "hubsim_bench: resolve did not redirect\n");
    return 1;
  }
  const std::string location = redirect->get_header_value("Location");
  const std::string path = location.substr(urls->cdn_url.size());
  const int port = std::atoi(urls->cdn_url.substr(urls->cdn_url.rfind(':') + 1).c_str());
  std::printf("hubsim_bench: %llu bytes generated (sha256 computed once in %.2f s)\n",
              static_cast<unsigned long long>(size), seed_s);
  double best = 0;
  for (int i = 0; i < rounds; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t got = download(port, path);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double gbps = static_cast<double>(got) / secs / 1e9;
    best = std::max(best, gbps);
    std::printf("hubsim_bench: round %d: %llu bytes in %.3f s = %.2f GB/s\n", i + 1,
                static_cast<unsigned long long>(got), secs, gbps);
  }
  std::printf("hubsim_bench: best %.2f GB/s serving one %llu-byte file over loopback\n", best,
              static_cast<unsigned long long>(size));
  sim.stop();
  std::filesystem::remove_all(dir);
  return 0;
}
