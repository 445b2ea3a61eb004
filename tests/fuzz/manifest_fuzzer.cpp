// libFuzzer entry point for manifest::parse: any byte string must yield a ParseResult (a manifest
// or diagnostics), never a crash, a sanitizer report or an escaped exception. A parse that
// succeeds must also carry no error diagnostics, and a failed one at least one.
#include "manifest/parse.hpp"
#include "util/assert.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  hf2ms::manifest::ParseResult result = hf2ms::manifest::parse(text, "fuzz.toml");
  HF2MS_ASSERT(result.manifest.has_value() != result.diagnostics.has_errors());
  return 0;
}
