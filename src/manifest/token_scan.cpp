#include "manifest/token_scan.hpp"

#include <cctype>

namespace hf2ms::manifest {
namespace {

constexpr std::size_t k_min_hf_token_body = 30;

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool hf_token_at(std::string_view text, std::size_t pos) {
  if (text.substr(pos, 3) != "hf_") {
    return false;
  }
  bool upper = false, lower = false;
  std::size_t n = 0;
  for (std::size_t i = pos + 3; i < text.size() && is_alnum(text[i]); ++i, ++n) {
    upper = upper || std::isupper(static_cast<unsigned char>(text[i])) != 0;
    lower = lower || std::islower(static_cast<unsigned char>(text[i])) != 0;
  }
  return n >= k_min_hf_token_body && upper && lower;
}

bool ms_token_at(std::string_view text, std::size_t pos) {
  static constexpr std::size_t k_groups[] = {8, 4, 4, 4, 12};
  if (text.substr(pos, 3) != "ms-") {
    return false;
  }
  std::size_t i = pos + 3;
  for (std::size_t g = 0; g < 5; ++g) {
    if (g > 0) {
      if (i >= text.size() || text[i] != '-') {
        return false;
      }
      ++i;
    }
    for (std::size_t k = 0; k < k_groups[g]; ++k, ++i) {
      if (i >= text.size() || !is_hex(text[i])) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

std::vector<TokenMatch> find_tokens(std::string_view text) {
  std::vector<TokenMatch> found;
  for (std::size_t pos = 0; pos + 3 <= text.size(); ++pos) {
    if (pos > 0 && is_alnum(text[pos - 1])) {
      continue;
    }
    if (hf_token_at(text, pos)) {
      found.push_back({TokenKind::hugging_face, pos});
    } else if (ms_token_at(text, pos)) {
      found.push_back({TokenKind::modelscope, pos});
    }
  }
  return found;
}

bool contains_token(std::string_view text) { return !find_tokens(text).empty(); }

}  // namespace hf2ms::manifest
