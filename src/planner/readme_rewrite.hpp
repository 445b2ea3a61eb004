// The README rewrite for Hugging Face targets (DESIGN.md §5): HF refuses a README.md whose
// YAML front matter names a `license:` it does not know, which ModelScope repos often do
// ("Apache License 2.0"). Mirroring to HF therefore uploads a rewritten README whose
// unknown license value becomes `other`, and the plan compares the target against those
// rewritten bytes (docs/adr/0001-readme-rewrite.md). Pure text functions; the planner calls
// them, and the result lands in the plan as an embedded step.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hf2ms::planner {

// True when `id` is a license identifier HF lists for repo cards ("apache-2.0", "mit", ...,
// "other"). Exact, case-sensitive match.
[[nodiscard]] bool is_hf_license(std::string_view id);

// The README text to upload to an HF target, or nullopt when `text` can go as it is: no
// front matter, no top-level `license:` key, every license value accepted, or `text` is not
// valid UTF-8 (we never touch binary content). Only the `license:` entry changes; a scalar
// value or a block list ("- a" lines) with any unknown id becomes the single line
// `license: other` (the line ending is kept, a trailing comment is dropped). Every other
// byte is kept as it is.
[[nodiscard]] std::optional<std::string> rewrite_readme_for_hf(std::string_view text);

// The value of the front matter's top-level `license:` as written, for showing what the
// rewrite changes: "Apache License 2.0", or the items of a block list joined with ", ".
// Empty when there is no front matter or no such key.
[[nodiscard]] std::string readme_license_text(std::string_view text);

// True when `text` is well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view text);

}  // namespace hf2ms::planner
