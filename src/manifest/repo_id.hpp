// Repo references as written in a manifest: `hub:namespace/name`, e.g. "hf:Qwen/Qwen2.5-0.5B"
// or "ms:acme/*". Checks the id rules of the hub it names, so a typo is caught before any
// request. Pure.
//
// Hugging Face (protocols/huggingface-hub.md §1.3): exactly `namespace/name`; both parts use
// ASCII letters, digits, '_', '-', '.'; each starts and ends with a letter, digit or '_';
// no "--" or ".."; the id does not end in ".git"; the name is 1-96 characters. Python's
// validator also accepts Unicode letters; we do not, since the server is probably stricter
// (UNCONFIRMED, protocols/huggingface-hub.md §1.3).
//
// ModelScope (protocols/modelscope-hub.md §9): the SDK only requires `owner/name` with both
// parts non-empty. The server's charset and length rules are UNCONFIRMED there, so we apply
// the same character rules as for Hugging Face (which every known ModelScope id satisfies)
// and no length limit.
//
// A name of exactly "*" means every repo of the namespace (expanded at plan time).
#pragma once

#include "manifest/manifest.hpp"
#include "manifest/problem.hpp"
#include "util/expected.hpp"

#include <string_view>

namespace hf2ms::manifest {

// Longest Hugging Face repo name (the part after '/').
inline constexpr std::size_t k_max_hf_name_length = 96;

// Parses "hf:ns/name" / "ms:ns/name" and checks the hub's id rules.
[[nodiscard]] Expected<RepoRef, Problem> parse_repo_ref(std::string_view text);

// The id rules alone, for `ns/name` on `hub` (no prefix); nullopt when valid.
[[nodiscard]] std::optional<Problem> check_repo_id(Hub hub, std::string_view ns,
                                                   std::string_view name);

}  // namespace hf2ms::manifest
