#include "hub/ms_json.hpp"

#include "hub/json_adapter.hpp"
#include "hub/ms_envelope.hpp"
#include "hub/repo_path.hpp"

#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

using nlohmann::json;

// data of an OpenAPI envelope whose success is true.
Result<json> openapi_data(const json& j) {
  if (!j.is_object() || !j.value("success", false)) {
    return unexpected(ms_error(200, j.dump()));
  }
  return j.value("data", json());
}

Result<FileEntry> parse_file(const json& e) {
  FileEntry f;
  f.path = string_field(e, "Path");
  if (!is_safe_repo_path(f.path)) {
    return unexpected(make_error(ErrorKind::invalid_input, "unsafe path in listing: " + f.path));
  }
  f.size = e.value("Size", std::uint64_t{0});
  f.sha256 = optional_string_field(e, "Sha256");
  f.lfs = e.value("IsLFS", false);
  return f;
}

std::vector<MsRef> parse_refs(const json& list) {
  std::vector<MsRef> refs;
  for (const json& r : list) {
    refs.push_back({string_field(r, "Revision"), string_field(r, "CommitId")});
  }
  return refs;
}

}  // namespace

Result<RepoInfo> parse_ms_repo_info(std::string_view body) {
  return with_json(body, "repo info", [](const json& j) -> Result<RepoInfo> {
    auto data = ms_legacy_data(j);
    if (!data) {
      return unexpected(data.error());
    }
    RepoInfo info;
    std::string owner = string_field(*data, "Path");
    if (owner.empty()) {
      owner = string_field(*data, "Namespace");  // datasets
    }
    info.id = owner + "/" + string_field(*data, "Name");
    // 1 private, 3 internal, 5 public (§4.1): only 5 is public. Internal repos (and an answer
    // without a Visibility we understand) count as private, so a mirror never publishes them.
    info.is_private = data->value("Visibility", json()) != 5;
    info.license = optional_string_field(*data, "License");
    info.gated = data->value("ProtectedMode", 2) == 1 ? Gated::manual_approval : Gated::no;
    info.default_branch = "master";
    return info;
  });
}

Result<MsListing> parse_ms_files(std::string_view body) {
  return with_json(body, "file listing", [](const json& j) -> Result<MsListing> {
    auto data = ms_legacy_data(j);
    if (!data) {
      return unexpected(data.error());
    }
    MsListing listing;
    const json files = data->is_object() ? data->value("Files", json::array()) : json::array();
    for (const json& e : files.is_array() ? files : json::array()) {
      ++listing.entry_count;
      if (string_field(e, "Type") == "tree") {
        listing.directories.push_back(string_field(e, "Path"));
        continue;
      }
      auto f = parse_file(e);
      if (!f) {
        return unexpected(f.error());
      }
      listing.files.push_back(std::move(*f));
    }
    return listing;
  });
}

Result<MsRevisions> parse_ms_revisions(std::string_view body) {
  return with_json(body, "revisions", [](const json& j) -> Result<MsRevisions> {
    auto data = ms_legacy_data(j);
    if (!data) {
      return unexpected(data.error());
    }
    const json map = data->value("RevisionMap", json::object());
    return MsRevisions{parse_refs(map.value("Branches", json::array())),
                       parse_refs(map.value("Tags", json::array()))};
  });
}

Result<Identity> parse_ms_users_me(std::string_view body) {
  return with_json(body, "users/me", [](const json& j) -> Result<Identity> {
    auto data = openapi_data(j);
    if (!data) {
      return unexpected(data.error());
    }
    // Tolerant read (§2.3): spec shape first, then the legacy and OIDC-style names.
    for (const char* key : {"username", "Username", "preferred_username", "name"}) {
      if (std::string name = string_field(*data, key); !name.empty()) {
        return Identity{name, {}, {}};
      }
    }
    return unexpected(make_error(ErrorKind::invalid_input, "users/me answer names no user"));
  });
}

Result<Identity> parse_ms_login(std::string_view body) {
  return with_json(body, "login", [](const json& j) -> Result<Identity> {
    auto data = ms_legacy_data(j);
    if (!data) {
      return unexpected(data.error());
    }
    return Identity{string_field(*data, "Username"), {}, {}};
  });
}

}  // namespace hf2ms::hub
