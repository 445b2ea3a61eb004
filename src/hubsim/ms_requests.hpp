// Request bodies of the ModelScope upload protocol, parsed and checked without any I/O: the
// blob batch query (`info/lfs/objects/batch`) and the commit (`commit/{revision}`), as the
// official SDKs send them (protocols/modelscope-hub.md §8.1, §8.3). Route handlers turn a
// MsRequestProblem straight into a legacy error envelope with its HTTP status.
#pragma once

#include "util/expected.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hubsim {

// At most 2000 actions per commit; more gets HTTP 422 (§8.3, recorded in a C test).
inline constexpr std::size_t k_ms_max_commit_actions = 2000;

// Why a request body was refused: the HTTP status, the message and the business Code
// (0: use the HTTP status as Code).
struct MsRequestProblem {
  int http_status = 400;
  std::string message;
  std::int64_t code = 0;
};

template <class T>
using MsParsed = Expected<T, MsRequestProblem>;

// One object of a blob batch query.
struct MsBlobRef {
  std::string oid;  // lower-case content SHA-256
  std::uint64_t size = 0;
};

// Parses {"operation":"upload","objects":[{"oid","size"},...]}. Oids are lower-cased.
[[nodiscard]] MsParsed<std::vector<MsBlobRef>> parse_blob_batch(std::string_view body);

enum class MsActionKind { create, remove };
enum class MsFileType { normal, lfs };

// One commit action. `content` holds the decoded bytes of a normal create; `sha256`/`size`
// describe an LFS create, whose blob must already be stored.
struct MsCommitAction {
  MsActionKind kind = MsActionKind::create;
  std::string path;
  MsFileType type = MsFileType::normal;
  std::string content;
  std::string sha256;
  std::uint64_t size = 0;
};

struct MsCommitRequest {
  std::string message;
  std::vector<MsCommitAction> actions;
};

// Parses the commit body. 400 for malformed JSON or an invalid action ("./x" paths, unknown
// action names, bad base64, bad sha256), 422 with the hub's text when over 2000 actions.
// `update` is read as `create`: UNCONFIRMED on the server (protocols/modelscope-hub.md §8.3).
[[nodiscard]] MsParsed<MsCommitRequest> parse_commit_request(std::string_view body);

// Decodes standard base64 (padding optional, whitespace ignored); nullopt when malformed.
[[nodiscard]] std::optional<std::string> decode_base64(std::string_view text);

// Encodes standard base64 with padding (for tests and seeding helpers).
[[nodiscard]] std::string encode_base64(std::string_view bytes);

}  // namespace hf2ms::hubsim
