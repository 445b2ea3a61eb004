#include "observe/oid_cache.hpp"

#include "hashing/hashing.hpp"
#include "util/file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace hf2ms::observe {
namespace {

bool is_oid(std::string_view s) {
  return hashing::is_lower_hex(s, 40) || hashing::is_lower_hex(s, 64);
}

// "<oid> <sha256>" → the pair, or nullopt for anything else.
std::optional<std::pair<std::string_view, std::string_view>> parse_line(std::string_view line) {
  const auto space = line.find(' ');
  if (space == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view oid = line.substr(0, space);
  const std::string_view sha = line.substr(space + 1);
  if (!is_oid(oid) || !hashing::is_lower_hex(sha, 64)) {
    return std::nullopt;
  }
  return std::pair(oid, sha);
}

Error io_error(const std::string& what, const std::string& path) {
  return make_error(ErrorKind::io, what + " " + path + ": " + std::strerror(errno));
}

// One write() of the whole line, retried only if interrupted: with O_APPEND the kernel puts
// it at the end of the file as a unit, so concurrent writers never split each other's lines.
bool append_all(int fd, const std::string& text) {
  ssize_t n = 0;
  do {
    n = ::write(fd, text.data(), text.size());
  } while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(text.size());
}

}  // namespace

std::optional<std::string> cache_dir(const manifest::EnvLookup& env) {
  auto value = [&](std::string_view name) -> std::optional<std::string> {
    auto v = env(name);
    return v && !v->empty() ? v : std::nullopt;
  };
  if (auto dir = value("HF2MS_CACHE_DIR")) {
    return dir;
  }
  if (auto xdg = value("XDG_CACHE_HOME")) {
    return *xdg + "/hf2ms";
  }
  if (auto home = value("HOME")) {
    return *home + "/.cache/hf2ms";
  }
  return std::nullopt;
}

std::size_t Xxh3Hash::operator()(const std::string& key) const {
  return static_cast<std::size_t>(hashing::xxh3_64(key));
}

OidCache::~OidCache() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

Result<std::unique_ptr<OidCache>> OidCache::open(const std::string& path) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return unexpected(make_error(
          ErrorKind::io, "cannot create cache folder " + parent.string() + ": " + ec.message()));
    }
  }
  auto cache = std::make_unique<OidCache>();
  cache->path_ = path;
  cache->fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (cache->fd_ < 0) {
    return unexpected(io_error("cannot open cache file", path));
  }
  auto text = read_file(path);
  if (!text) {
    return unexpected(text.error());
  }
  cache->load(*text);
  return cache;
}

void OidCache::load(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      needs_newline_ = true;  // a torn last line: never trusted, and never continued
      return;
    }
    if (auto entry = parse_line(text.substr(start, end - start))) {
      map_.insert_or_assign(std::string(entry->first), std::string(entry->second));
    }
    start = end + 1;
  }
}

std::optional<state::Sha256> OidCache::find(const state::GitOid& oid) const {
  const std::lock_guard lock(mutex_);
  auto it = map_.find(oid.hex);
  if (it == map_.end()) {
    return std::nullopt;
  }
  return state::Sha256{it->second};
}

Result<void> OidCache::add(const state::GitOid& oid, const state::Sha256& sha256) {
  if (!is_oid(oid.hex) || !hashing::is_lower_hex(sha256.hex, 64)) {
    return unexpected(make_error(ErrorKind::invalid_input,
                                 "not a git oid / SHA-256 pair: " + oid.hex + " " + sha256.hex));
  }
  const std::lock_guard lock(mutex_);
  if (!map_.try_emplace(oid.hex, sha256.hex).second || fd_ < 0) {
    return {};
  }
  std::string line = needs_newline_ ? "\n" : "";
  line += oid.hex + " " + sha256.hex + "\n";
  if (!append_all(fd_, line)) {
    return unexpected(io_error("cannot append to", path_));
  }
  needs_newline_ = false;
  return {};
}

std::size_t OidCache::size() const {
  const std::lock_guard lock(mutex_);
  return map_.size();
}

}  // namespace hf2ms::observe
