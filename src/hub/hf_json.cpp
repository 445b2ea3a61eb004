#include "hub/hf_json.hpp"

#include "hub/json_adapter.hpp"
#include "hub/repo_path.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace hf2ms::hub {
namespace {

using nlohmann::json;

Gated parse_gated(const json& j) {
  if (j.is_string()) {
    return j.get<std::string>() == "manual" ? Gated::manual_approval : Gated::auto_approval;
  }
  return Gated::no;
}

bool is_lower_hex_64(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

Result<FileEntry> parse_tree_entry(const json& e) {
  FileEntry f;
  f.path = string_field(e, "path");
  if (!is_safe_repo_path(f.path)) {
    return unexpected(make_error(ErrorKind::invalid_input, "unsafe path in listing: " + f.path));
  }
  f.size = e.value("size", std::uint64_t{0});
  f.git_oid = optional_string_field(e, "oid");
  if (auto lfs = e.find("lfs"); lfs != e.end() && lfs->is_object()) {
    f.lfs = true;
    f.sha256 = optional_string_field(*lfs, "oid");
    f.size = lfs->value("size", f.size);
    // Only a well-formed hash is kept: it goes back to the Hub in a duplicate request.
    if (auto xet = optional_string_field(e, "xetHash"); xet && is_lower_hex_64(*xet)) {
      f.xet_hash = std::move(xet);
    }
  }
  return f;
}

// cardData.license: the README's licence id, or the first of a list of them (§4.2).
std::optional<std::string> card_license(const json& j) {
  const auto card = j.find("cardData");
  if (card == j.end() || !card->is_object()) {
    return std::nullopt;
  }
  const auto license = card->find("license");
  if (license != card->end() && license->is_array() && !license->empty()) {
    const json& first = (*license)[0];
    return first.is_string() ? std::optional<std::string>(first.get<std::string>()) : std::nullopt;
  }
  return optional_string_field(*card, "license");
}

RepoInfo repo_info_of(const json& j) {
  RepoInfo info;
  info.id = string_field(j, "id");
  info.is_private = j.value("private", false);
  info.gated = parse_gated(j.value("gated", json(false)));
  info.head_commit = string_field(j, "sha");
  info.default_branch = "main";
  info.space_sdk = optional_string_field(j, "sdk");
  info.license = card_license(j);
  return info;
}

// A `siblings` entry with blobs=true (§4.3); nullopt when it lacks what a tree entry gives.
Result<std::optional<FileEntry>> parse_sibling(const json& e) {
  const auto size = e.find("size");
  const auto blob = e.find("blobId");
  if (!e.is_object() || size == e.end() || !size->is_number_unsigned() || blob == e.end() ||
      !blob->is_string()) {
    return std::optional<FileEntry>();
  }
  FileEntry f;
  f.path = string_field(e, "rfilename");
  if (!is_safe_repo_path(f.path)) {
    return unexpected(make_error(ErrorKind::invalid_input, "unsafe path in listing: " + f.path));
  }
  f.size = size->get<std::uint64_t>();
  f.git_oid = optional_string_field(e, "blobId");
  if (auto lfs = e.find("lfs"); lfs != e.end() && lfs->is_object()) {
    f.lfs = true;
    f.sha256 = optional_string_field(*lfs, "sha256");
    f.size = lfs->value("size", f.size);
  }
  return std::optional<FileEntry>(std::move(f));
}

Result<std::optional<std::vector<FileEntry>>> parse_siblings(const json& j) {
  using Files = std::optional<std::vector<FileEntry>>;
  const auto siblings = j.find("siblings");
  if (siblings == j.end() || !siblings->is_array() || siblings->empty() ||
      siblings->size() >= k_hf_siblings_trusted) {
    return Files();
  }
  std::vector<FileEntry> files;
  files.reserve(siblings->size());
  for (const json& e : *siblings) {
    auto f = parse_sibling(e);
    if (!f) {
      return unexpected(f.error());
    }
    if (!*f) {
      return Files();
    }
    files.push_back(std::move(**f));
  }
  std::sort(files.begin(), files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  return Files(std::move(files));
}

}  // namespace

Result<RepoInfo> parse_hf_repo_info(std::string_view body) {
  return with_json(body, "repo info",
                   [](const json& j) -> Result<RepoInfo> { return repo_info_of(j); });
}

Result<HfRepoFiles> parse_hf_repo_files(std::string_view body) {
  return with_json(body, "repo info", [](const json& j) -> Result<HfRepoFiles> {
    auto files = parse_siblings(j);
    if (!files) {
      return unexpected(files.error());
    }
    return HfRepoFiles{repo_info_of(j), std::move(*files)};
  });
}

Result<std::vector<FileEntry>> parse_hf_tree_page(std::string_view body) {
  return with_json(body, "tree listing", [](const json& j) -> Result<std::vector<FileEntry>> {
    std::vector<FileEntry> files;
    for (const json& e : j) {
      if (string_field(e, "type") != "file") {
        continue;
      }
      auto f = parse_tree_entry(e);
      if (!f) {
        return unexpected(f.error());
      }
      files.push_back(std::move(*f));
    }
    return files;
  });
}

Result<Identity> parse_hf_whoami(std::string_view body) {
  return with_json(body, "whoami", [](const json& j) -> Result<Identity> {
    Identity id;
    id.name = string_field(j, "name");
    for (const json& org : j.value("orgs", json::array())) {
      id.orgs.push_back(string_field(org, "name"));
    }
    const json auth = j.value("auth", json::object());
    id.token_role = string_field(auth.value("accessToken", json::object()), "role");
    return id;
  });
}

Result<std::vector<std::string>> parse_hf_repo_list(std::string_view body) {
  return with_json(body, "repo list", [](const json& j) -> Result<std::vector<std::string>> {
    std::vector<std::string> ids;
    for (const json& e : j) {
      ids.push_back(string_field(e, "id"));
    }
    return ids;
  });
}

std::optional<std::string> parse_next_link(std::string_view header) {
  // `<url>; rel="next", <url2>; rel="prev"`: find the entry whose rel is next.
  std::size_t pos = 0;
  while ((pos = header.find('<', pos)) != std::string_view::npos) {
    std::size_t close = header.find('>', pos);
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    std::size_t next_entry = header.find('<', close);
    std::string_view params = header.substr(close + 1, next_entry - close - 1);
    if (params.find("rel=\"next\"") != std::string_view::npos ||
        params.find("rel=next") != std::string_view::npos) {
      return std::string(header.substr(pos + 1, close - pos - 1));
    }
    pos = close;
  }
  return std::nullopt;
}

}  // namespace hf2ms::hub
