#include "observe/oid_cache.hpp"

#include "hashing/hashing.hpp"
#include "util/file.hpp"
#include "util/version.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>
#include <vector>

namespace hf2ms::observe {
namespace {

bool is_oid(std::string_view s) {
  return hashing::is_lower_hex(s, 40) || hashing::is_lower_hex(s, 64);
}

bool parse_u64(std::string_view text, std::uint64_t& out) {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

std::string readme_kind() { return std::string("hf-readme/") + k_version; }

// Splits `line` at spaces.
std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= line.size()) {
    const auto space = std::min(line.find(' ', start), line.size());
    out.push_back(line.substr(start, space - start));
    start = space + 1;
  }
  return out;
}

// The fields of a line whose MAC (the last field when keyed) verifies, without the MAC; an
// empty vector for a line that is not authenticated. Without a key a MAC is not looked at.
std::vector<std::string_view> authenticated(std::string_view line, std::size_t fields,
                                            const std::string& key) {
  std::vector<std::string_view> f = fields_of(line);
  if (f.size() != fields && f.size() != fields + 1) {
    return {};
  }
  if (!key.empty()) {
    const std::string_view body = line.substr(0, line.rfind(' '));
    if (f.size() != fields + 1 || !hashing::is_lower_hex(f.back(), 64) ||
        f.back() != hashing::hmac_sha256_hex(key, body)) {
      return {};  // not written by a holder of the key: costs a download at most
    }
  }
  f.resize(fields);
  return f;
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

Result<std::unique_ptr<OidCache>> OidCache::open(const std::string& path, std::string key) {
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
  cache->key_ = std::move(key);
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
    const std::string_view line = text.substr(start, end - start);
    if (line.rfind("hf-readme/", 0) == 0) {
      const auto f = authenticated(line, 4, key_);
      std::uint64_t size = 0;
      if (f.size() == 4 && f[0] == readme_kind() && is_oid(f[1]) &&
          hashing::is_lower_hex(f[2], 64) && parse_u64(f[3], size)) {
        readmes_.insert_or_assign(std::string(f[1]),
                                  state::TextDigest{{std::string(f[2])}, {size}});
      }
    } else if (const auto f = authenticated(line, 2, key_);
               f.size() == 2 && is_oid(f[0]) && hashing::is_lower_hex(f[1], 64)) {
      map_.insert_or_assign(std::string(f[0]), std::string(f[1]));
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
  if (!map_.try_emplace(oid.hex, sha256.hex).second) {
    return {};
  }
  return append(oid.hex + " " + sha256.hex);
}

Result<void> OidCache::append(std::string line) {
  if (fd_ < 0) {
    return {};
  }
  if (!key_.empty()) {
    line += " " + hashing::hmac_sha256_hex(key_, line);
  }
  std::string text = needs_newline_ ? "\n" : "";
  text += line + "\n";
  if (!append_all(fd_, text)) {
    return unexpected(io_error("cannot append to", path_));
  }
  needs_newline_ = false;
  return {};
}

std::optional<state::TextDigest> OidCache::find_readme(const std::string& source) const {
  const std::lock_guard lock(mutex_);
  auto it = readmes_.find(source);
  return it == readmes_.end() ? std::nullopt : std::optional(it->second);
}

Result<void> OidCache::add_readme(const std::string& source, const state::TextDigest& digest) {
  if (!is_oid(source) || !hashing::is_lower_hex(digest.sha256.hex, 64)) {
    return unexpected(make_error(ErrorKind::invalid_input, "not a README digest: " + source));
  }
  const std::lock_guard lock(mutex_);
  if (!readmes_.try_emplace(source, digest).second) {
    return {};
  }
  return append(readme_kind() + " " + source + " " + digest.sha256.hex + " " +
                std::to_string(digest.size.value));
}

std::size_t OidCache::size() const {
  const std::lock_guard lock(mutex_);
  return map_.size();
}

}  // namespace hf2ms::observe
