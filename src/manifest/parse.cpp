#include "manifest/parse.hpp"

#include <toml++/toml.h>

namespace hf2ms::manifest {

// Minimal first cut: TOML syntax only. The full schema and validation land with issue #2.
ParseResult parse(std::string_view text, std::string_view display_name) {
  ParseResult result;
  try {
    toml::table table = toml::parse(text, display_name);
    (void)table;
    result.manifest = Manifest{};
  } catch (const toml::parse_error& e) {
    SourceLocation where{std::string(display_name), e.source().begin.line, e.source().begin.column};
    result.diagnostics.error(std::string(e.description()), "fix the TOML syntax", where);
  }
  return result;
}

}  // namespace hf2ms::manifest
