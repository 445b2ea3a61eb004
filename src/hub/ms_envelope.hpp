// The one reader of ModelScope's legacy `/api/v1` success envelope
// {Code, Data, Message, RequestId, Success}, shared by every MsClient answer parser. Internal to
// src/hub. The HTTP layer has already found the status a 2xx when these run.
#pragma once

#include "hub/ms_json.hpp"
#include "util/error.hpp"

#include <nlohmann/json.hpp>

namespace hf2ms::hub {

// The data of a 2xx legacy answer. The SDK ignores `Code` on a 2xx and reads
// `body.get("Data", body)` (real-hub-limits.md ModelScope §4), so: an answer without `Code` is
// read as it is, and one without `Data` is its own data (the bare blob batch answer
// `{"objects": [...]}`). An answer that says it failed (a `Code` other than 200, or
// `Success: false`) or is not a JSON object is an Error (ms_error).
[[nodiscard]] inline Result<nlohmann::json> ms_legacy_data(const nlohmann::json& j) {
  const bool failed = !j.is_object() || (j.contains("Code") && j["Code"] != 200) ||
                      (j.contains("Success") && j["Success"] == false);
  if (failed) {
    return unexpected(ms_error(200, j.dump()));
  }
  return j.contains("Data") ? j["Data"] : j;
}

}  // namespace hf2ms::hub
