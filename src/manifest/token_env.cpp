#include "manifest/token_env.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string>

namespace hf2ms::manifest {
namespace {

constexpr std::array<std::string_view, 3> k_hf_prefixes{"HF_", "HUGGING_FACE_", "HUGGINGFACE_"};
constexpr std::array<std::string_view, 2> k_ms_prefixes{"MODELSCOPE_", "MS_"};

bool is_upper_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// `rest` is what follows the prefix: "TOKEN" or "<anything>_TOKEN".
bool is_token_suffix(std::string_view rest) {
  return rest == "TOKEN" || (rest.size() > 6 && rest.ends_with("_TOKEN"));
}

}  // namespace

std::optional<Problem> check_token_env(Hub hub, std::string_view name) {
  const bool hf = hub == Hub::hf;
  const std::string examples = hf ? "\"HF_TOKEN\" or \"HUGGING_FACE_HUB_TOKEN\""
                                  : "\"MODELSCOPE_TOKEN\" or \"MODELSCOPE_API_TOKEN\"";
  const std::string rule =
      std::string("name a ") + (hf ? "Hugging Face" : "ModelScope") +
      " token variable: " + (hf ? "HF_, HUGGING_FACE_ or HUGGINGFACE_" : "MODELSCOPE_ or MS_") +
      ", then upper-case letters, digits and '_', ending in TOKEN, e.g. " + examples;
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_upper_name_char)) {
    return Problem{"not an upper-case environment variable name", rule};
  }
  const auto& prefixes = hf ? std::span<const std::string_view>(k_hf_prefixes)
                            : std::span<const std::string_view>(k_ms_prefixes);
  for (std::string_view prefix : prefixes) {
    if (name.starts_with(prefix) && is_token_suffix(name.substr(prefix.size()))) {
      return std::nullopt;
    }
  }
  return Problem{std::string("not a ") + (hf ? "Hugging Face" : "ModelScope") +
                     " token variable (a manifest may not name any variable as a token)",
                 rule};
}

}  // namespace hf2ms::manifest
