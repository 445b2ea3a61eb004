// Shared pieces of the Hugging Face routes of hf2ms-hubsim: the parsed request target (repo
// type, id, the rest of the path, all still percent-encoded where the clients differ —
// protocols/huggingface-hub.md §1.4), error answers with X-Error-Code / X-Error-Message (§3),
// access checks that answer 401/403/404 the way the Hub does, and JSON helpers.
#pragma once

#include "hubsim/sim_context.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace hf2ms::hubsim {

// Percent-decoding of one URL component ('+' stays '+').
[[nodiscard]] std::string url_decode(std::string_view s);
// Percent-encoding of everything but unreserved characters; `keep_slash` keeps '/'.
enum class Slash { encode, keep };
[[nodiscard]] std::string url_encode(std::string_view s, Slash slash);
// Values of query parameter `name` (decoded, '+' as space) in the raw `query`, in order.
[[nodiscard]] std::vector<std::string> query_values(std::string_view query, std::string_view name);
[[nodiscard]] std::optional<std::string> query_value(std::string_view query, std::string_view name);
// "true"/"1" → true (§5.1: the Hub's own links use recursive=1).
[[nodiscard]] bool is_truthy(std::string_view v);

// The raw target of a request split into path and query.
struct RawTarget {
  std::string path;
  std::string query;
};
[[nodiscard]] RawTarget split_target(const httplib::Request& req);

// "models" ↔ RepoType, and the web prefix ("" / "datasets/" / "spaces/").
[[nodiscard]] std::optional<RepoType> type_from_plural(std::string_view plural);
[[nodiscard]] std::string plural(RepoType type);
[[nodiscard]] std::string web_prefix(RepoType type);

// Writes a Hub-style error: status, {"error": message}, X-Error-Message, and X-Error-Code
// when `code` is non-empty.
void send_error(httplib::Response& res, int status, std::string_view code,
                std::string_view message);
void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);
// Member `key` of `obj`, or null when `obj` is not an object or lacks it. Never throws or
// asserts (nlohmann's const operator[] asserts on a missing key).
[[nodiscard]] const nlohmann::json& jget(const nlohmann::json& obj, const char* key);
// Parses a request body as JSON without throwing; nullopt when invalid.
[[nodiscard]] std::optional<nlohmann::json> parse_json(std::string_view text);

// What a route needs from the caller on a repo.
enum class Need { read, download, write };

// The caller's identity on HF, or answers 401 for an Authorization header with an unknown
// token (§3.3) and returns false.
struct Caller {
  std::optional<Identity> who;
};
[[nodiscard]] std::optional<Caller> hf_caller(const httplib::Request& req, httplib::Response& res,
                                              SimContext& ctx);

// Finds the repo and checks `need`. On failure writes the Hub's answer (401 RepoNotFound for
// anonymous, 404 RepoNotFound when invisible, 401/403 GatedRepo, 403 for missing write
// rights) and returns nullopt.
[[nodiscard]] std::optional<RepoMeta> hf_repo_for(const Caller& caller, const RepoKey& key,
                                                  Need need, httplib::Response& res,
                                                  SimContext& ctx);

// The commit for `rev` (decoded) or a 404 RevisionNotFound answer.
[[nodiscard]] std::optional<CommitPtr> hf_commit_for(const RepoKey& key, std::string_view rev,
                                                     httplib::Response& res, SimContext& ctx);

// ISO-8601 with milliseconds and Z: "2024-02-19T11:06:12.000Z".
[[nodiscard]] std::string iso_time(std::int64_t unix_ms);

// A tree / paths-info entry (§5.1) for a file; never carries xetHash (§8.5).
[[nodiscard]] nlohmann::json file_entry_json(const std::string& path, const FileEntry& e);
[[nodiscard]] nlohmann::json dir_entry_json(const std::string& path, const std::string& tree_oid);

// Signatures of self-authorising CDN URLs: hex over (key, payload).
[[nodiscard]] std::string sign(const SimContext& ctx, std::string_view payload);
[[nodiscard]] bool check_signature(const SimContext& ctx, std::string_view payload,
                                   std::string_view sig);

// Default .gitattributes of a new HF repo (§7.1).
[[nodiscard]] std::string default_gitattributes();
// Whether `path` matches a `filter=lfs` pattern of `gitattributes` text.
[[nodiscard]] bool matches_lfs_attributes(std::string_view gitattributes, std::string_view path);

}  // namespace hf2ms::hubsim
