// Shared plumbing of the ModelScope route handlers: who is calling (Bearer token or the
// `m_session_id` cookie, §2.1), which repo a route names, and the visibility and rights checks
// that end a request early with the right legacy error. Private repos are invisible (404) to
// callers without read access: UNCONFIRMED (protocols/modelscope-hub.md §4.1, §12: 403 or 404),
// 404 is what the issue asks for and what keeps A's repo_exists answering "no".
#pragma once

#include "hubsim/ms_rules.hpp"
#include "hubsim/sim_context.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace hf2ms::hubsim {

// The repo a route names: kind plus owner and name from the path.
struct MsTarget {
  MsRepoKind kind = MsRepoKind::model;
  std::string owner;
  std::string name;
  [[nodiscard]] RepoKey key() const;
  [[nodiscard]] std::string id() const { return owner + "/" + name; }
};

// Value of cookie `name` in the request's Cookie header(s); "" when absent.
[[nodiscard]] std::string cookie_value(const httplib::Request& req, std::string_view name);

// The token a request carries: Bearer first, then the m_session_id or modelscope_session
// cookie (B/C send both, A only the cookie). "" when none.
[[nodiscard]] std::string ms_token(const httplib::Request& req);

// The caller's identity on the ModelScope hub; nullopt for anonymous or unknown tokens.
[[nodiscard]] std::optional<Identity> ms_identify(const SimContext& ctx,
                                                  const httplib::Request& req);

// Query parameter `key` decoded as Python's quote_plus encodes it ('+' → space, %XX), or
// `fallback` when absent.
[[nodiscard]] std::string ms_param(const httplib::Request& req, const std::string& key,
                                   const std::string& fallback = "");

// What a handler needs to do with the repo it names.
enum class MsNeed { read, download, write };

// Finds the repo and checks `need` for `who`. On failure writes the legacy error (404 missing
// or invisible, 403 gated or read-only, 401 anonymous write) and returns nullopt.
[[nodiscard]] std::optional<RepoMeta> ms_open_repo(const SimContext& ctx, httplib::Response& res,
                                                   const std::optional<Identity>& who,
                                                   const MsTarget& target, MsNeed need);

// Resolves `rev` ("" → the default branch) of `meta`; writes 404 and returns nullopt when
// unknown, or when it is not a branch or tag name while MsRevisions::names_only is in force
// (commit ids, "HEAD", "refs/heads/x" are then refused).
[[nodiscard]] std::optional<CommitPtr> ms_resolve(const SimContext& ctx, httplib::Response& res,
                                                  const RepoMeta& meta, std::string_view rev);

// "模型不存在" / "数据集不存在": the texts the SDK translates for a missing repo (§3.1).
[[nodiscard]] std::string_view ms_missing_message(MsRepoKind kind);

}  // namespace hf2ms::hubsim
