#include "hubsim/users.hpp"

#include "util/file.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;

bool iequals(std::string_view a, std::string_view b) { return iequals_ascii(a, b); }

Access access_from_string(const std::string& s) {
  if (s == "write" || s == "admin") {
    return Access::write;
  }
  return s == "read" ? Access::read : Access::none;
}

Token token_from_json(const json& j) {
  Token t;
  t.value = j.at("value").get<std::string>();
  const std::string hub = j.value("hub", std::string("any"));
  t.hub = hub_from_string(hub);
  t.role = access_from_string(j.value("role", std::string("write")));
  // Bound to a local: items() of a temporary would dangle inside the loop (ASan).
  const json namespaces = j.value("namespaces", json::object());
  for (const auto& [ns, right] : namespaces.items()) {
    t.namespaces[ns] = access_from_string(right.get<std::string>());
  }
  t.display_name = j.value("display_name", std::string("hubsim"));
  t.kind = j.value("kind", std::string("api")) == "session" ? TokenKind::session : TokenKind::api;
  return t;
}

// The one adapter around nlohmann's throwing accessors for the users file.
Result<Users> users_from_json(const json& root, std::vector<User>& out) {
  try {
    for (const auto& u : root.at("users")) {
      User user;
      user.name = u.at("name").get<std::string>();
      user.fullname = u.value("fullname", user.name);
      user.email = u.value("email", user.name + "@hubsim.invalid");
      user.orgs = u.value("orgs", std::vector<std::string>{});
      user.gated_access = u.value("gated_access", std::vector<std::string>{});
      const json tokens = u.value("tokens", json::array());
      for (const auto& t : tokens) {
        user.tokens.push_back(token_from_json(t));
      }
      out.push_back(std::move(user));
    }
  } catch (const json::exception& e) {
    return unexpected(make_error(ErrorKind::invalid_input, std::string("users file: ") + e.what()));
  }
  return Users{};
}

bool is_own_namespace(const User& user, std::string_view ns) {
  if (iequals(user.name, ns)) {
    return true;
  }
  return std::any_of(user.orgs.begin(), user.orgs.end(),
                     [&](const std::string& o) { return iequals(o, ns); });
}

}  // namespace

Result<Users> Users::parse(std::string_view json_text) {
  const json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded()) {
    return unexpected(make_error(ErrorKind::invalid_input, "users file is not valid JSON"));
  }
  Users users;
  auto r = users_from_json(root, users.users_);
  if (!r) {
    return unexpected(r.error());
  }
  return users;
}

Result<Users> Users::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) {
    return unexpected(text.error());
  }
  return parse(*text);
}

Users Users::defaults() {
  User u{"user", "Hubsim User", "user@hubsim.invalid", {"acme"}, {}, {}};
  u.tokens.push_back(Token{"hf_user_write_token", Hub::hf, Access::write, {}, "hubsim-write"});
  u.tokens.push_back(Token{"hf_user_read_token", Hub::hf, Access::read, {}, "hubsim-read"});
  u.tokens.push_back(Token{"ms_user_write_token", Hub::ms, Access::write, {}, "hubsim-ms"});
  Users users;
  users.users_.push_back(std::move(u));
  return users;
}

std::optional<Identity> Users::find_token(Hub hub, std::string_view token) const {
  if (token.empty()) {
    return std::nullopt;
  }
  for (const User& u : users_) {
    for (const Token& t : u.tokens) {
      if (t.value == token && (!t.hub || *t.hub == hub)) {
        return Identity{u, t};
      }
    }
  }
  return std::nullopt;
}

std::optional<User> Users::find_user(std::string_view name) const {
  for (const User& u : users_) {
    if (u.name == name) {
      return u;
    }
  }
  return std::nullopt;
}

Access access_to_namespace(const Identity& who, std::string_view ns) {
  if (!who.token.namespaces.empty()) {
    for (const auto& [pattern, right] : who.token.namespaces) {
      if (iequals(pattern, ns)) {
        return right;
      }
    }
    const auto any = who.token.namespaces.find("*");
    return any == who.token.namespaces.end() ? Access::none : any->second;
  }
  return is_own_namespace(who.user, ns) ? who.token.role : Access::none;
}

bool can_read(const std::optional<Identity>& who, const RepoMeta& repo) {
  if (!repo.is_private) {
    return true;
  }
  return who && access_to_namespace(*who, namespace_of(repo.key.id)) != Access::none;
}

bool can_write(const std::optional<Identity>& who, const RepoMeta& repo) {
  return who && access_to_namespace(*who, namespace_of(repo.key.id)) == Access::write;
}

bool can_download(const std::optional<Identity>& who, const RepoMeta& repo) {
  if (!can_read(who, repo)) {
    return false;
  }
  if (repo.gated.empty()) {
    return true;
  }
  if (!who) {
    return false;
  }
  if (access_to_namespace(*who, namespace_of(repo.key.id)) != Access::none) {
    return true;
  }
  const auto& list = who->user.gated_access;
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& id) { return iequals(id, repo.key.id); });
}

std::string bearer_token(std::string_view header) {
  constexpr std::string_view k_prefix = "bearer ";
  if (header.size() <= k_prefix.size() || !iequals(header.substr(0, k_prefix.size()), k_prefix)) {
    return {};
  }
  std::string_view t = header.substr(k_prefix.size());
  while (!t.empty() && t.front() == ' ') {
    t.remove_prefix(1);
  }
  return std::string(t);
}

}  // namespace hf2ms::hubsim
