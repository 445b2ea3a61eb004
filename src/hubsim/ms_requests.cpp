#include "hubsim/ms_requests.hpp"

#include "hubsim/ms_rules.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace hf2ms::hubsim {
namespace {

constexpr std::string_view k_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  const auto pos = k_alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

MsRequestProblem invalid_action(std::string_view why) {
  return MsRequestProblem{400, "invalid commit action: " + std::string(why), 0};
}

std::string to_lower(std::string_view text) { return to_lower_ascii(text); }

MsParsed<MsCommitAction> parse_lfs_create(MsCommitAction action, const nlohmann::json& item) {
  const auto sha = json_string(item, "sha256");
  const auto size = json_int(item, "size");
  if (!sha || !is_sha256_hex(*sha) || !size || *size < 0) {
    return unexpected(invalid_action("lfs needs sha256 and size"));
  }
  action.sha256 = to_lower(*sha);
  action.size = static_cast<std::uint64_t>(*size);
  return action;
}

MsParsed<MsCommitAction> parse_normal_create(MsCommitAction action, const nlohmann::json& item) {
  const std::string content = json_string(item, "content").value_or("");
  const std::string encoding = json_string(item, "encoding").value_or("");
  if (encoding == "base64") {
    auto decoded = decode_base64(content);
    if (!decoded) {
      return unexpected(invalid_action("content is not base64"));
    }
    action.content = std::move(*decoded);
  } else if (encoding.empty()) {
    action.content = content;  // plain text; the SDKs always send base64
  } else {
    return unexpected(invalid_action("unknown encoding " + encoding));
  }
  action.size = action.content.size();
  return action;
}

MsParsed<MsCommitAction> parse_action(const nlohmann::json& item) {
  const auto name = json_string(item, "action");
  const auto path = json_string(item, "path");
  if (!name || !path || !is_valid_repo_path(*path)) {
    return unexpected(invalid_action("bad action or path"));
  }
  MsCommitAction action;
  action.path = *path;
  if (*name == "delete") {
    action.kind = MsActionKind::remove;
    return action;
  }
  if (*name != "create" && *name != "update") {
    return unexpected(invalid_action("unknown action " + *name));
  }
  if (json_string(item, "type").value_or("normal") == "lfs") {
    action.type = MsFileType::lfs;
    return parse_lfs_create(std::move(action), item);
  }
  return parse_normal_create(std::move(action), item);
}

}  // namespace

MsParsed<std::vector<MsBlobRef>> parse_blob_batch(std::string_view body) {
  const auto json = parse_json_body(body);
  if (!json || !json->is_object() || !json->contains("objects") || !(*json)["objects"].is_array()) {
    return unexpected(MsRequestProblem{400, "invalid batch request", 0});
  }
  std::vector<MsBlobRef> refs;
  for (const auto& item : (*json)["objects"]) {
    const auto oid = json_string(item, "oid");
    const auto size = json_int(item, "size");
    if (!oid || !is_sha256_hex(*oid) || !size || *size < 0) {
      return unexpected(MsRequestProblem{400, "invalid batch object", 0});
    }
    refs.push_back(MsBlobRef{to_lower(*oid), static_cast<std::uint64_t>(*size)});
  }
  return refs;
}

MsParsed<MsCommitRequest> parse_commit_request(std::string_view body) {
  const auto json = parse_json_body(body);
  if (!json || !json->is_object() || !json->contains("actions") || !(*json)["actions"].is_array()) {
    return unexpected(MsRequestProblem{400, "invalid commit request", 0});
  }
  const auto& actions = (*json)["actions"];
  if (actions.size() > k_ms_max_commit_actions) {
    return unexpected(MsRequestProblem{
        422,
        "commit request exceeds actions limit: " + std::to_string(actions.size()) + " > " +
            std::to_string(k_ms_max_commit_actions) + "; split the commit into smaller batches",
        0});
  }
  MsCommitRequest request;
  request.message = json_string(*json, "commit_message").value_or("");
  for (const auto& item : actions) {
    auto action = parse_action(item);
    if (!action) {
      return unexpected(std::move(action).error());
    }
    request.actions.push_back(std::move(*action));
  }
  return request;
}

std::optional<std::string> decode_base64(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      continue;
    }
    if (c == '=') {
      ++padding;
      continue;
    }
    const int value = base64_value(c);
    if (value < 0 || padding > 0) {
      return std::nullopt;  // bad character, or data after padding
    }
    buffer = (buffer << 6U) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xffU));
    }
  }
  // Leftover bits must be the zero tail of a 2- or 3-char final group.
  if (bits >= 6 || padding > 2) {
    return std::nullopt;
  }
  return out;
}

std::string encode_base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16U) |
                   (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8U) |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    for (unsigned shift : {18U, 12U, 6U, 0U}) {
      out.push_back(k_alphabet[(n >> shift) & 0x3fU]);
    }
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16U;
    if (rest == 2) {
      n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8U;
    }
    out.push_back(k_alphabet[(n >> 18U) & 0x3fU]);
    out.push_back(k_alphabet[(n >> 12U) & 0x3fU]);
    out.push_back(rest == 2 ? k_alphabet[(n >> 6U) & 0x3fU] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace hf2ms::hubsim
