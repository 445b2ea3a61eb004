#include "util/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace hf2ms::detail {

void assert_failed(const char* condition, const char* file, int line) noexcept {
  std::fprintf(stderr, "hf2ms: internal error: %s:%d: assertion failed: %s\n", file, line,
               condition);
  std::abort();
}

}  // namespace hf2ms::detail
