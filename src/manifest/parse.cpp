#include "manifest/parse.hpp"

#include "manifest/read.hpp"
#include "manifest/token_scan.hpp"

#include <toml++/toml.h>

#include <string>

namespace hf2ms::manifest {
namespace {

// The only place hf2ms calls toml::parse: its exception becomes a Diagnostic.
std::optional<toml::table> parse_toml(std::string_view text, std::string_view file,
                                      Diagnostics& diagnostics) {
  try {
    return toml::parse(text, std::string(file));
  } catch (const toml::parse_error& e) {
    SourceLocation where{std::string(file), e.source().begin.line, e.source().begin.column};
    diagnostics.error(std::string(e.description()), "fix the TOML syntax", where);
    return std::nullopt;
  }
}

// Line and column (1-based, counting UTF-8 code points like toml++) of byte `offset`.
SourceLocation locate(std::string_view text, std::size_t offset, std::string_view file) {
  SourceLocation at{std::string(file), 1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

// Reports every token-like run in the raw text, comments included, without its value.
void report_tokens(std::string_view text, std::string_view file, Diagnostics& diagnostics) {
  for (const TokenMatch& match : find_tokens(text)) {
    std::string hub = match.kind == TokenKind::hugging_face ? "Hugging Face" : "ModelScope";
    diagnostics.error("this looks like a " + hub + " token; tokens must not be in the manifest",
                      "remove it, keep it in an environment variable named by token_env, and "
                      "revoke it if this file was ever shared",
                      locate(text, match.offset, file));
  }
}

}  // namespace

ParseResult parse(std::string_view text, std::string_view display_name) {
  ParseResult result;
  Diagnostics& diags = result.diagnostics;
  report_tokens(text, display_name, diags);
  std::optional<toml::table> root = parse_toml(text, display_name, diags);
  if (root) {
    TomlReader reader(display_name, diags);
    Manifest manifest;
    read_settings(reader, *root, manifest);
    Mirror defaults = read_defaults(reader, *root);
    std::vector<MirrorDraft> drafts = read_mirrors(reader, *root, defaults);
    validate_mirrors(drafts, diags);
    for (MirrorDraft& d : drafts) {
      manifest.mirrors.push_back(std::move(d.mirror));
    }
    if (!diags.has_errors()) {
      result.manifest = std::move(manifest);
    }
  }
  diags.sort_by_location();
  return result;
}

}  // namespace hf2ms::manifest
