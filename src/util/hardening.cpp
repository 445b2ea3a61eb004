#include "util/hardening.hpp"

#include "util/file.hpp"

#include <cerrno>
#include <cstring>

#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/resource.h>
#endif

namespace hf2ms {

Result<void> disable_core_dumps() {
#if defined(__linux__)
  const rlimit none{0, 0};
  if (::setrlimit(RLIMIT_CORE, &none) != 0) {
    return unexpected(make_error(
        ErrorKind::io, std::string("cannot disable core dumps: ") + std::strerror(errno)));
  }
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return unexpected(make_error(ErrorKind::io, std::string("cannot mark the process not "
                                                            "dumpable: ") +
                                                    std::strerror(errno)));
  }
#endif
  return {};
}

Result<std::string> read_own_proc_file(const std::string& path) {
#if defined(__linux__)
  const int dumpable = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
  if (dumpable == 0) {
    (void)::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
  }
  auto text = read_file(path);
  if (dumpable == 0) {
    (void)::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  }
  return text;
#else
  return read_file(path);
#endif
}

}  // namespace hf2ms
