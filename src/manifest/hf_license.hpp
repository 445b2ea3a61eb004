// The licence identifiers the Hugging Face Hub accepts in a repo card's `license:` field,
// compiled from the one data file src/manifest/hf_licenses.txt (its header names the
// source). The planner's README rewrite and hf2ms-hubsim's README validation both read it.
#pragma once

#include <span>
#include <string_view>

namespace hf2ms::manifest {

// Every identifier, in the file's order (sorted).
[[nodiscard]] std::span<const std::string_view> hf_license_ids();

// True when `id` is one of them ("apache-2.0", "mit", ..., "other"). Exact, case-sensitive.
[[nodiscard]] bool is_hf_license(std::string_view id);

}  // namespace hf2ms::manifest
