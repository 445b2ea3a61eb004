// README ("repo card") metadata validation of the simulated Hub (real-hub-limits.md HF §1):
// the YAML front matter of README.md is checked by POST /api/validate-yaml and on every
// commit that adds README.md. Checked, as on the Hub: `license` is one of the Hub's licence
// ids (one id, or a list of them; manifest/hf_licenses.txt) and `widget` is a list. The
// front matter reader knows the YAML the cards use (block and flow lists, nested maps,
// quoted scalars), not all of YAML. Pure; messages in the Hub's (Joi) wording.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hubsim {

struct CardProblems {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  [[nodiscard]] bool ok() const { return errors.empty(); }
};

[[nodiscard]] CardProblems validate_card(std::string_view readme_text);

// The commit answer's text for `problems`: "Invalid metadata in README.md.\n- <error>...".
[[nodiscard]] std::string card_error_text(const CardProblems& problems);

}  // namespace hf2ms::hubsim
