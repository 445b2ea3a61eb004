// Finds hub tokens pasted into a manifest. Tokens never belong in hf2ms.toml (DESIGN.md §2):
// `token_env` names the environment variable instead. The scan runs over the raw text, so it
// also catches tokens in comments and in files with TOML syntax errors. Pure.
//
// Shapes (deliberately a little wider than the real formats, never narrower):
// - Hugging Face: "hf_" followed by 30 or more ASCII letters/digits containing both an upper-
//   and a lower-case letter (user tokens are "hf_" + 34 mixed-case letters), not preceded by
//   a letter or digit. The mixed-case condition keeps file names like "hf_model_weights" out.
// - ModelScope: "ms-" followed by a UUID, 8-4-4-4-12 hex digits.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace hf2ms::manifest {

enum class TokenKind { hugging_face, modelscope };

struct TokenMatch {
  TokenKind kind = TokenKind::hugging_face;
  std::size_t offset = 0;  // byte offset of the token's first character in the scanned text
  bool operator==(const TokenMatch&) const = default;
};

// Every token-like run in `text`, in order of appearance.
[[nodiscard]] std::vector<TokenMatch> find_tokens(std::string_view text);

// True when `text` contains anything token-like.
[[nodiscard]] bool contains_token(std::string_view text);

}  // namespace hf2ms::manifest
