#include "hub/repo_path.hpp"

namespace hf2ms::hub {
namespace {

bool is_safe_segment(std::string_view seg) {
  return !seg.empty() && seg != "." && seg != ".." && seg != ".git";
}

}  // namespace

bool is_safe_repo_path(std::string_view path) {
  if (path.empty() || path.front() == '/') {
    return false;
  }
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\' || c == 0x7f) {
      return false;
    }
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    if (!is_safe_segment(path.substr(start, end - start))) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace hf2ms::hub
