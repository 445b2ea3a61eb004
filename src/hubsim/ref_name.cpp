// is_valid_ref_name (store.hpp): git check-ref-format's rules for one branch or tag name.
#include "hubsim/store.hpp"

#include <algorithm>

namespace hf2ms::hubsim {
namespace {

bool bad_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f || c == ' ' || c == '~' || c == '^' || c == ':' || c == '?' ||
         c == '*' || c == '[' || c == '\\';
}

bool bad_segment(std::string_view segment) {
  constexpr std::string_view lock = ".lock";
  return segment.empty() || segment.front() == '.' ||
         (segment.size() >= lock.size() && segment.substr(segment.size() - lock.size()) == lock);
}

}  // namespace

bool is_valid_ref_name(std::string_view name) {
  if (name.empty() || name == "@" || name.back() == '.' ||
      std::any_of(name.begin(), name.end(), bad_char) ||
      name.find("..") != std::string_view::npos || name.find("@{") != std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = name.find('/', start);
    if (bad_segment(name.substr(start, slash - start))) {
      return false;  // also a leading or trailing '/', and "//"
    }
    if (slash == std::string_view::npos) {
      return true;
    }
    start = slash + 1;
  }
}

}  // namespace hf2ms::hubsim
