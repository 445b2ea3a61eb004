// Parsers for the Hub's answers on the write path: preupload, LFS batch and commit
// (protocols/huggingface-hub.md §8).
#include "hub/hf_json.hpp"
#include "hub/json_adapter.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <optional>

namespace hf2ms::hub {
namespace {

using nlohmann::json;

// A whole decimal number; nullopt for anything else (no exceptions, unlike std::stoull).
std::optional<std::uint64_t> to_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// Multipart: header.chunk_size (a decimal string) plus one zero-padded numeric key per part.
Result<void> read_multipart(const json& header, HfLfsAction& action) {
  const std::string chunk = header["chunk_size"].is_string()
                                ? header["chunk_size"].get<std::string>()
                                : header["chunk_size"].dump();
  action.chunk_size = to_u64(chunk).value_or(0);
  std::vector<std::pair<std::uint64_t, std::string>> parts;
  for (const auto& [key, value] : header.items()) {
    if (auto number = to_u64(key); number && value.is_string()) {
      parts.emplace_back(*number, value.get<std::string>());
    }
  }
  std::sort(parts.begin(), parts.end());
  const std::uint64_t size = action.blob.size;
  const std::uint64_t expected =
      action.chunk_size == 0 ? 0 : (size + action.chunk_size - 1) / action.chunk_size;
  if (action.chunk_size == 0 || parts.size() != expected) {
    return unexpected(
        make_error(ErrorKind::invalid_input, "LFS multipart answer for " + action.blob.sha256 +
                                                 " has " + std::to_string(parts.size()) +
                                                 " parts, expected " + std::to_string(expected)));
  }
  for (auto& part : parts) {
    action.part_urls.push_back(std::move(part.second));
  }
  return {};
}

// The string members of `from` (an action's `header`), when it is an object.
void copy_string_values(const json& from, std::map<std::string, std::string>& to) {
  if (!from.is_object()) {
    return;
  }
  for (const auto& [key, value] : from.items()) {
    if (value.is_string()) {
      to[key] = value.get<std::string>();
    }
  }
}

Result<std::optional<HfLfsAction>> read_object(const json& o) {
  HfLfsAction action;
  action.blob = {string_field(o, "oid"), o.value("size", std::uint64_t{0})};
  if (auto err = o.find("error"); err != o.end() && err->is_object()) {
    return unexpected(
        make_error(ErrorKind::invalid_input,
                   "LFS batch refused " + action.blob.sha256 + ": " + string_field(*err, "message"),
                   err->value("code", 0)));
  }
  const json upload = o.value("actions", json::object()).value("upload", json::object());
  action.href = string_field(upload, "href");
  if (action.href.empty()) {
    return std::optional<HfLfsAction>();  // already stored
  }
  const json verify = o.value("actions", json::object()).value("verify", json::object());
  if (verify.is_object() && !string_field(verify, "href").empty()) {
    action.verify_href = string_field(verify, "href");
    copy_string_values(verify.value("header", json::object()), action.verify_headers);
  }
  const json header = upload.value("header", json::object());
  if (header.is_object() && header.contains("chunk_size")) {
    if (auto r = read_multipart(header, action); !r) {
      return unexpected(r.error());
    }
  } else {
    copy_string_values(header, action.headers);
  }
  return std::optional<HfLfsAction>(std::move(action));
}

}  // namespace

Result<std::vector<StorageDecision>> parse_hf_preupload(std::string_view body) {
  return with_json(body, "preupload", [](const json& j) -> Result<std::vector<StorageDecision>> {
    std::vector<StorageDecision> out;
    for (const json& f : j.at("files")) {
      StorageDecision d;
      d.path = f.at("path").get<std::string>();
      d.storage = string_field(f, "uploadMode") == "lfs" ? Storage::lfs : Storage::inline_;
      d.ignored = f.value("shouldIgnore", false);
      d.remote_oid = optional_string_field(f, "oid");
      out.push_back(std::move(d));
    }
    return out;
  });
}

Result<std::vector<HfLfsAction>> parse_hf_lfs_batch(std::string_view body) {
  return with_json(body, "LFS batch", [](const json& j) -> Result<std::vector<HfLfsAction>> {
    // hf2ms asks for basic or multipart only (never xet, §8.5); an answer in another transfer
    // would be misread as one of them.
    if (const auto t = j.find("transfer");
        t != j.end() && !t->is_null() && *t != "basic" && *t != "multipart") {
      return unexpected(make_error(ErrorKind::invalid_input,
                                   "the Hub answered the LFS batch with transfer " +
                                       t->dump().substr(0, 80) +
                                       ", which hf2ms does not speak (it asked for basic or "
                                       "multipart); nothing was uploaded"));
    }
    std::vector<HfLfsAction> out;
    for (const json& o : j.at("objects")) {
      auto action = read_object(o);
      if (!action) {
        return unexpected(action.error());
      }
      if (*action) {
        out.push_back(std::move(**action));
      }
    }
    return out;
  });
}

Result<std::string> parse_hf_commit(std::string_view body) {
  return with_json(body, "commit", [](const json& j) -> Result<std::string> {
    std::string oid = string_field(j, "commitOid");
    if (oid.empty()) {
      return unexpected(make_error(ErrorKind::invalid_input, "commit answer has no commitOid"));
    }
    return oid;
  });
}

Result<std::optional<BranchHead>> parse_hf_commit_list(std::string_view body) {
  return with_json(body, "commit listing", [](const json& j) -> Result<std::optional<BranchHead>> {
    if (!j.is_array()) {
      return unexpected(make_error(ErrorKind::invalid_input, "commit listing is not an array"));
    }
    if (j.empty()) {
      return std::optional<BranchHead>();
    }
    BranchHead head{string_field(j[0], "id"), string_field(j[0], "title")};
    if (head.id.empty()) {
      return unexpected(make_error(ErrorKind::invalid_input, "commit listing entry has no id"));
    }
    return std::optional<BranchHead>(std::move(head));
  });
}

std::optional<std::string> parse_hf_space_sdk(std::string_view body) {
  auto sdk = with_json(body, "space info",
                       [](const json& j) -> Result<std::string> { return string_field(j, "sdk"); });
  return sdk && !sdk->empty() ? std::optional<std::string>(*sdk) : std::nullopt;
}

}  // namespace hf2ms::hub
