#include "hubsim/request_log.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hf2ms::hubsim {

std::string_view to_string(Listener listener) {
  switch (listener) {
    case Listener::hf:
      return "hf";
    case Listener::ms:
      return "ms";
    case Listener::cdn:
      return "cdn";
  }
  return "hf";
}

std::string to_json_line(const LoggedRequest& e) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [k, v] : e.headers) {
    headers.push_back(nlohmann::json::array({k, v}));
  }
  const nlohmann::json j{{"time", e.time_ms},  {"listener", to_string(e.listener)},
                         {"method", e.method}, {"path", e.path},
                         {"query", e.query},   {"headers", headers},
                         {"bucket", e.bucket}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void FileCloser::operator()(std::FILE* f) const noexcept { std::fclose(f); }

// The log holds request headers (tokens included, as the tests need to see them): created
// 0600 whatever the umask, and an existing file is narrowed to 0600 as well.
Result<void> RequestLog::open_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || ::fchmod(fd, 0600) != 0) {
    const int err = errno;
    if (fd >= 0) {
      ::close(fd);
    }
    return unexpected(
        make_error(ErrorKind::io, "cannot open request log " + path + ": " + std::strerror(err)));
  }
  std::unique_ptr<std::FILE, FileCloser> f(::fdopen(fd, "a"));
  if (!f) {
    ::close(fd);
    return unexpected(make_error(ErrorKind::io, "cannot open request log " + path));
  }
  const std::lock_guard lock(mu_);
  file_ = std::move(f);
  return {};
}

void RequestLog::append(LoggedRequest entry) {
  const std::lock_guard lock(mu_);
  if (file_) {
    const std::string line = to_json_line(entry) + "\n";
    std::fwrite(line.data(), 1, line.size(), file_.get());
    std::fflush(file_.get());
  }
  entries_.push_back(std::move(entry));
}

std::vector<LoggedRequest> RequestLog::entries() const {
  const std::lock_guard lock(mu_);
  return entries_;
}

void RequestLog::clear() {
  const std::lock_guard lock(mu_);
  entries_.clear();
}

}  // namespace hf2ms::hubsim
