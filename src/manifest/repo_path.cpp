#include "manifest/repo_path.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace hf2ms::manifest {
namespace {

constexpr std::size_t k_max_ref_length = 255;
constexpr const char* k_ref_hint =
    "write a branch, tag or commit, e.g. \"main\"; remove the key for the default branch";

bool is_safe_segment(std::string_view seg) {
  return !seg.empty() && seg != "." && seg != ".." && seg != ".git";
}

bool is_ref_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("._-/+=,@").find(c) != std::string_view::npos;
}

bool has_bad_segment(std::string_view ref) {
  std::size_t start = 0;
  while (start <= ref.size()) {
    std::size_t end = std::min(ref.find('/', start), ref.size());
    std::string_view seg = ref.substr(start, end - start);
    if (seg.empty() || seg.front() == '.' || seg.ends_with(".lock")) {
      return true;
    }
    start = end + 1;
  }
  return false;
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

std::optional<Problem> check_ref(std::string_view ref) {
  if (ref.empty()) {
    return Problem{"empty", k_ref_hint};
  }
  if (std::any_of(ref.begin(), ref.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0 ||
               std::iscntrl(static_cast<unsigned char>(c)) != 0;
      })) {
    return Problem{"contains whitespace or control characters", k_ref_hint};
  }
  if (ref.size() > k_max_ref_length) {
    return Problem{"longer than 255 characters", k_ref_hint};
  }
  if (!std::all_of(ref.begin(), ref.end(), is_ref_char)) {
    return Problem{"contains a character other than letters, digits and . _ - / + = , @",
                   k_ref_hint};
  }
  if (ref == "@" || ref.find("..") != std::string_view::npos ||
      ref.find("@{") != std::string_view::npos || ref.back() == '.' || has_bad_segment(ref)) {
    return Problem{
        "not a valid git ref (\"..\", \"//\", a leading or trailing '/' or '.', "
        "\".lock\", \"@{\")",
        k_ref_hint};
  }
  return std::nullopt;
}

}  // namespace hf2ms::manifest
