#include "manifest/repo_id.hpp"

#include "manifest/suggest.hpp"
#include "util/text.hpp"

#include <array>
#include <cctype>
#include <string>

namespace hf2ms::manifest {
namespace {

constexpr const char* k_id_rules =
    "repo ids are namespace/name using letters, digits, '-', '_' and '.', starting and ending "
    "with a letter, digit or '_', without '--' or '..'";

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::optional<Problem> check_part(std::string_view part, std::string_view role) {
  std::string r(role);
  if (part.empty()) {
    return Problem{"the " + r + " is empty", k_id_rules};
  }
  for (char c : part) {
    if (!is_word(c) && c != '-' && c != '.') {
      std::string shown = std::isprint(static_cast<unsigned char>(c)) != 0
                              ? "'" + std::string(1, c) + "'"
                              : "a non-ASCII or control character";
      return Problem{"the " + r + " contains " + shown, k_id_rules};
    }
  }
  if (!is_word(part.front()) || !is_word(part.back())) {
    return Problem{"the " + r + " must start and end with a letter, digit or '_'", k_id_rules};
  }
  return std::nullopt;
}

std::optional<Hub> hub_from_prefix(std::string_view prefix) {
  if (prefix == "hf") {
    return Hub::hf;
  }
  if (prefix == "ms") {
    return Hub::ms;
  }
  return std::nullopt;
}

Problem unknown_hub(std::string_view prefix) {
  const std::string p = to_lower_ascii(prefix);
  std::string hint = "use 'hf:' (Hugging Face) or 'ms:' (ModelScope)";
  if (p == "huggingface" || p == "hugging-face" || p == "hf.co" || p == "hfh") {
    hint = "did you mean 'hf:'? " + hint;
  } else if (p == "modelscope" || p == "model-scope") {
    hint = "did you mean 'ms:'? " + hint;
  } else {
    static constexpr std::array<std::string_view, 2> k_hubs{"hf", "ms"};
    if (auto s = suggest(p, k_hubs)) {
      hint = "did you mean '" + *s + ":'? " + hint;
    }
  }
  return Problem{"unknown hub '" + std::string(prefix) + "'", hint};
}

}  // namespace

std::optional<Problem> check_repo_id(Hub hub, std::string_view ns, std::string_view name) {
  if (auto p = check_part(ns, "namespace")) {
    return p;
  }
  if (name != "*") {
    if (auto p = check_part(name, "name")) {
      return p;
    }
  }
  std::string id = std::string(ns) + "/" + std::string(name);
  if (id.find("--") != std::string::npos || id.find("..") != std::string::npos) {
    return Problem{"'--' and '..' are not allowed in a repo id", k_id_rules};
  }
  if (hub == Hub::hf && id.ends_with(".git")) {
    return Problem{"a Hugging Face repo id must not end in '.git'", "remove the '.git' suffix"};
  }
  if (hub == Hub::hf && name.size() > k_max_hf_name_length) {
    return Problem{"the name is longer than 96 characters",
                   "Hugging Face repo names are 1 to 96 characters"};
  }
  return std::nullopt;
}

Expected<RepoRef, Problem> parse_repo_ref(std::string_view text) {
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return unexpected(Problem{"missing the hub prefix",
                              "write hf:namespace/name (Hugging Face) "
                              "or ms:namespace/name (ModelScope)"});
  }
  std::optional<Hub> hub = hub_from_prefix(text.substr(0, colon));
  if (!hub) {
    return unexpected(unknown_hub(text.substr(0, colon)));
  }
  std::string_view id = text.substr(colon + 1);
  std::size_t slash = id.find('/');
  if (slash == std::string_view::npos) {
    return unexpected(Problem{"missing the namespace",
                              "write hub:namespace/name, e.g. hf:openai-community/gpt2"});
  }
  std::string_view ns = id.substr(0, slash), name = id.substr(slash + 1);
  if (name.find('/') != std::string_view::npos) {
    return unexpected(Problem{"a repo id has exactly one '/'",
                              "write hub:namespace/name; choose files inside a repo with "
                              "include and exclude"});
  }
  if (ns.find('*') != std::string_view::npos) {
    return unexpected(Problem{"the namespace cannot be a wildcard",
                              "only the whole name may be '*', as in hf:namespace/*"});
  }
  if (name != "*" && name.find('*') != std::string_view::npos) {
    return unexpected(Problem{"'*' must be the whole name",
                              "write hub:namespace/* for every repo of a namespace"});
  }
  if (auto p = check_repo_id(*hub, ns, name)) {
    return unexpected(*p);
  }
  return RepoRef{*hub, std::string(ns), std::string(name)};
}

}  // namespace hf2ms::manifest
