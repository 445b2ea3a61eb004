// The rule for `token_env` in [hubs.hf] / [hubs.ms]: which environment variable may hold a
// hub's token. The manifest arrives in pull requests, so it must not name an arbitrary
// variable (a CI job token, a cloud key, the other hub's token): hf2ms would send its value
// to the hub and put it into the Modal secret. Pure.
//
// Hugging Face: HF_…TOKEN, HUGGING_FACE_…TOKEN or HUGGINGFACE_…TOKEN; ModelScope:
// MODELSCOPE_…TOKEN or MS_…TOKEN. Precisely `^(PREFIX)_([A-Z0-9_]*_)?TOKEN$`: upper-case ASCII
// letters, digits and '_', e.g. HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_WRITE_TOKEN,
// MODELSCOPE_API_TOKEN, MS_TOKEN. The prefixes of the two hubs are disjoint, so the two hubs
// never share a variable.
#pragma once

#include "manifest/manifest.hpp"
#include "manifest/problem.hpp"

#include <optional>
#include <string_view>

namespace hf2ms::manifest {

// nullopt when `name` may hold `hub`'s token; else why not.
[[nodiscard]] std::optional<Problem> check_token_env(Hub hub, std::string_view name);

}  // namespace hf2ms::manifest
