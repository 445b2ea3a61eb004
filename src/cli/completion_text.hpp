// Text helpers shared by the bash and zsh completion generators (completion.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::cli::completion_text {

// `s` as one single-quoted shell word: it's -> 'it'\''s'. Valid in bash and zsh.
inline std::string quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

inline std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += words[i];
  }
  return out;
}

}  // namespace hf2ms::cli::completion_text
