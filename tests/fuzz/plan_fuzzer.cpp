// libFuzzer entry point for plan::from_json, the reader of saved plans (a plan file comes from
// a CI artifact or a pull request: untrusted). Any byte string must yield a plan or
// diagnostics, never a crash, a sanitizer report or an escaped exception. A plan that parses
// must also survive the round trip: to_json of it parses again to the same plan.
#include "plan/plan_json.hpp"
#include "util/assert.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = hf2ms::plan::from_json(text, "fuzz.json");
  if (!parsed) {
    HF2MS_ASSERT(parsed.error().has_errors());
    return 0;
  }
  auto again = hf2ms::plan::from_json(hf2ms::plan::to_json(*parsed), "again.json");
  HF2MS_ASSERT(again.has_value());
  HF2MS_ASSERT(*again == *parsed);
  return 0;
}
