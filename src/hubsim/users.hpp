// Users and tokens of the hub simulator, loaded from the JSON users file (--users FILE;
// format in docs/hubsim.md) or a built-in default. A token belongs to one hub (or both) and
// grants read or write per namespace; the auth helpers answer the questions both hubs' route
// handlers ask: who is this token, may it see / write / download this repo.
#pragma once

#include "hubsim/store.hpp"
#include "util/error.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hubsim {

enum class Access { none, read, write };

// What a credential value is: an API token (the SDK token, sent as Bearer or as the
// m_session_id cookie) or a web login session (the m_session_id of a browser login). The
// ModelScope side refuses single-file deletes for API tokens (docs/hubsim-modelscope.md).
enum class TokenKind { api, session };

struct Token {
  std::string value;
  std::optional<Hub> hub;  // nullopt: valid on both hubs
  Access role = Access::write;
  // Per-namespace rights; "*" matches any namespace. Empty: the user's own name and orgs get
  // `role`, everything else read (public repos only).
  std::map<std::string, Access> namespaces;
  std::string display_name = "hubsim";
  TokenKind kind = TokenKind::api;  // users file "kind": "api" (default) or "session"
};

struct User {
  std::string name;
  std::string fullname;
  std::string email;
  std::vector<std::string> orgs;
  std::vector<std::string> gated_access;  // repo ids ("ns/name") whose gate this user passed
  std::vector<Token> tokens;
};

// The caller of a request, once its token is known.
struct Identity {
  User user;
  Token token;
};

class Users {
 public:
  // Parses the users file text; invalid_input with the reason when malformed.
  [[nodiscard]] static Result<Users> parse(std::string_view json_text);
  [[nodiscard]] static Result<Users> load(const std::string& path);
  // One user "user" (org "acme") with tokens hf_user_write_token (HF, write),
  // hf_user_read_token (HF, read), ms_user_write_token (ModelScope, write).
  [[nodiscard]] static Users defaults();

  // The identity owning `token` on `hub`; nullopt for an unknown token.
  [[nodiscard]] std::optional<Identity> find_token(Hub hub, std::string_view token) const;
  [[nodiscard]] std::optional<User> find_user(std::string_view name) const;
  [[nodiscard]] const std::vector<User>& all() const { return users_; }

 private:
  std::vector<User> users_;
};

// Rights of `who` on namespace `ns` (case-insensitive for HF).
[[nodiscard]] Access access_to_namespace(const Identity& who, std::string_view ns);
// Whether `who` (nullopt: anonymous) may see `repo` at all. Private repos: read on namespace.
[[nodiscard]] bool can_read(const std::optional<Identity>& who, const RepoMeta& repo);
[[nodiscard]] bool can_write(const std::optional<Identity>& who, const RepoMeta& repo);
// Whether `who` may download files of `repo`: readable and, when gated, write access to the
// namespace or the repo listed in the user's gated_access.
[[nodiscard]] bool can_download(const std::optional<Identity>& who, const RepoMeta& repo);

// "Bearer xyz" → "xyz"; empty when absent or another scheme.
[[nodiscard]] std::string bearer_token(std::string_view authorization_header);

}  // namespace hf2ms::hubsim
