// Parsers for ModelScope's upload, commit and listing answers, and its error mapping.
#include "http/error_map.hpp"
#include "hub/json_adapter.hpp"
#include "hub/ms_envelope.hpp"
#include "hub/ms_json.hpp"

#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

using nlohmann::json;

bool is_exists_code(std::int64_t code) {
  // Name already taken: models (cn), datasets (cn), intl site (protocols/modelscope-hub.md §3.1).
  return code == 10010101001 || code == 10020101001 || code == 10010202004;
}

ErrorKind kind_for(int status, std::int64_t code) {
  if (code == 10010103009) {  // login refused: bad token, or a read-only one (§2.2)
    return ErrorKind::unauthorized;
  }
  if (is_exists_code(code) || status == 409) {
    return ErrorKind::conflict;
  }
  return http::classify(http::Transport::none, status);
}

}  // namespace

Error ms_error(int status, std::string_view body) {
  std::int64_t code = 0;
  std::string message;
  auto parsed = with_json(body, "error", [&](const json& j) -> Result<int> {
    if (j.is_object()) {
      code = j.value("Code", std::int64_t{0});
      message = string_field(j, j.contains("Message") ? "Message" : "message");
    }
    return 0;
  });
  if (!parsed || message.empty()) {
    message = std::string(body.substr(0, 300));
  }
  int effective = status == 200 ? 400 : status;  // 200 + Success:false reads as a 400
  return make_error(kind_for(effective, code), std::move(message), status);
}

Result<std::vector<MsUploadSlot>> parse_ms_blob_batch(std::string_view body) {
  return with_json(body, "blob batch", [](const json& j) -> Result<std::vector<MsUploadSlot>> {
    auto data = ms_legacy_data(j);
    if (!data) {
      return unexpected(data.error());
    }
    std::vector<MsUploadSlot> slots;
    for (const json& o : data->value("objects", json::array())) {
      const json upload = o.value("actions", json::object()).value("upload", json::object());
      std::string href = string_field(upload, "href");
      if (!href.empty()) {
        slots.push_back({string_field(o, "oid"), std::move(href)});
      }
    }
    return slots;
  });
}

Result<std::string> parse_ms_commit(std::string_view body) {
  return with_json(body, "commit", [](const json& j) -> Result<std::string> {
    auto data = ms_legacy_data(j);
    if (!data) {
      return unexpected(data.error());
    }
    return data->is_object() ? string_field(*data, "oid") : std::string();
  });
}

Result<std::optional<BranchHead>> parse_ms_commit_list(std::string_view body) {
  return with_json(body, "commit listing", [](const json& j) -> Result<std::optional<BranchHead>> {
    auto data = ms_legacy_data(j);
    if (!data) {
      return unexpected(data.error());
    }
    const json commits = data->is_object() ? data->value("Commit", json::array()) : json::array();
    if (!commits.is_array() || commits.empty()) {
      return std::optional<BranchHead>();
    }
    BranchHead head{string_field(commits[0], "Id"), string_field(commits[0], "Title")};
    if (head.id.empty()) {
      return unexpected(make_error(ErrorKind::invalid_input, "commit listing entry has no Id"));
    }
    return std::optional<BranchHead>(std::move(head));
  });
}

Result<std::vector<std::string>> parse_ms_repo_list(std::string_view body) {
  return with_json(body, "repo list", [](const json& j) -> Result<std::vector<std::string>> {
    std::vector<std::string> names;
    const json data = j.contains("Data") ? j["Data"] : j.value("data", json::object());
    for (const char* key : {"Models", "Datasets", "models", "datasets"}) {
      for (const json& m : data.is_object() ? data.value(key, json::array()) : json::array()) {
        std::string id = string_field(m, "id");
        names.push_back(id.empty() ? string_field(m, "Name") : id.substr(id.find('/') + 1));
      }
    }
    return names;
  });
}

}  // namespace hf2ms::hub
