#include "util/file.hpp"

#include <cerrno>
#include <cstdio>
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

// Errors name `path`, never the temporary file: that is ours, not the user's.
Result<void> write_file_atomic(const std::string& path, std::string_view content) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return unexpected(
          make_error(ErrorKind::io, "cannot write " + path + ": " + std::strerror(errno)));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return unexpected(make_error(ErrorKind::io, "error while writing " + path));
    }
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
