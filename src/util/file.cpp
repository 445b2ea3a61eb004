#include "util/file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace hf2ms {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    ErrorKind kind = err == ENOENT ? ErrorKind::not_found : ErrorKind::io;
    return unexpected(make_error(kind, "cannot read " + path + ": " + std::strerror(err)));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return unexpected(make_error(ErrorKind::io, "error while reading " + path));
  }
  return buffer.str();
}

// The temporary file comes from mkstemp: a fresh name nobody could predict or pre-create (a
// symlink planted at a guessable "<path>.tmp.<pid>" would have redirected the write), opened
// O_EXCL with mode 0600. Errors name `path`, never the temporary file: that is ours, not the
// user's.
Result<void> write_file_atomic(const std::string& path, std::string_view content) {
  std::string tmp = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    return unexpected(
        make_error(ErrorKind::io, "cannot write " + path + ": " + std::strerror(errno)));
  }
  const auto fail = [&](const std::string& what) {
    const int err = errno;
    ::close(fd);
    std::remove(tmp.c_str());
    return unexpected(make_error(ErrorKind::io, what + ": " + std::strerror(err)));
  };
  std::string_view rest = content;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return fail("error while writing " + path);
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::close(fd) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    return unexpected(
        make_error(ErrorKind::io, "error while writing " + path + ": " + std::strerror(err)));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(tmp.c_str());
    return unexpected(
        make_error(ErrorKind::io, "cannot write " + path + ": " + std::strerror(err)));
  }
  return {};
}

}  // namespace hf2ms
