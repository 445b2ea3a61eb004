// Problem: why one manifest value is not acceptable, as returned by the small value checkers
// (repo_id.hpp, size.hpp, endpoint.hpp, filter.hpp). The manifest reader turns it into a
// Diagnostic, adding the key, the value and the file position; the checkers stay free of
// TOML and locations so they are trivially testable.
#pragma once

#include <string>

namespace hf2ms::manifest {

struct Problem {
  std::string what;         // completes "invalid <key> '<value>': ..."; lower case, no period
  std::string hint;         // what to do instead; becomes the diagnostic's hint
  bool hide_value = false;  // the value may hold a secret: never echo it in the message
  bool operator==(const Problem&) const = default;
};

}  // namespace hf2ms::manifest
