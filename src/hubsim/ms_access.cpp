#include "hubsim/ms_access.hpp"

#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_store_view.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Looks for `name` in one Cookie header value ("a=b; c=d").
std::optional<std::string> find_cookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    const std::string_view pair = trim(header.substr(0, semi));
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
      return std::string(trim(pair.substr(eq + 1)));
    }
    if (semi == std::string_view::npos) {
      break;
    }
    header.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

}  // namespace

RepoKey MsTarget::key() const { return ms_repo_key(kind, owner, name); }

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const auto count = req.get_header_value_count("Cookie");
  for (std::size_t i = 0; i < count; ++i) {
    if (auto value = find_cookie(req.get_header_value("Cookie", i), name)) {
      return *value;
    }
  }
  return "";
}

std::string ms_token(const httplib::Request& req) {
  std::string token = bearer_token(req.get_header_value("Authorization"));
  if (token.empty()) {
    token = cookie_value(req, "m_session_id");
  }
  if (token.empty()) {
    token = cookie_value(req, "modelscope_session");
  }
  return token;
}

std::optional<Identity> ms_identify(const SimContext& ctx, const httplib::Request& req) {
  const std::string token = ms_token(req);
  if (token.empty()) {
    return std::nullopt;
  }
  return ctx.users.find_token(Hub::ms, token);
}

std::string ms_param(const httplib::Request& req, const std::string& key,
                     const std::string& fallback) {
  // httplib's own query parsing keeps '+' as '+'; the SDK encodes with Python's quote_plus
  // (space → '+', '+' → %2B), so the raw query is split and decoded here (§6.1).
  const auto question = req.target.find('?');
  std::string_view query = question == std::string::npos
                               ? std::string_view()
                               : std::string_view(req.target).substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    const std::string name = httplib::detail::decode_url(std::string(pair.substr(0, eq)), true);
    if (name == key) {
      return eq == std::string_view::npos
                 ? std::string()
                 : httplib::detail::decode_url(std::string(pair.substr(eq + 1)), true);
    }
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return fallback;
}

std::string_view ms_missing_message(MsRepoKind kind) {
  return kind == MsRepoKind::model ? "模型不存在" : "数据集不存在";
}

std::optional<RepoMeta> ms_open_repo(const SimContext& ctx, httplib::Response& res,
                                     const std::optional<Identity>& who, const MsTarget& target,
                                     MsNeed need) {
  auto meta = ctx.store.find_repo(target.key());
  if (!meta || !can_read(who, *meta)) {
    send_legacy_error(res, 404, ms_missing_message(target.kind));
    return std::nullopt;
  }
  if (need == MsNeed::download && !can_download(who, *meta)) {
    // The SDK's "no access" text for datasets (§3.1); gated repos refuse downloads.
    send_legacy_error(res, 403, "无权访问该数据集 (gated repository: access not granted)");
    return std::nullopt;
  }
  if (need == MsNeed::write && !can_write(who, *meta)) {
    if (!who) {
      send_legacy_error(res, 401, "用户未登录 user not logged in", k_ms_code_not_logged_in);
    } else {
      send_legacy_error(res, 403, "no write permission on " + target.id());
    }
    return std::nullopt;
  }
  return meta;
}

std::optional<CommitPtr> ms_resolve(const SimContext& ctx, httplib::Response& res,
                                    const RepoMeta& meta, std::string_view rev) {
  const std::string name(rev);
  if (!rev.empty() &&
      effective_ms_limits(ctx.options.ms_limits, ctx.options.lenient).revisions ==
          MsRevisions::names_only &&
      meta.branches.count(name) == 0 && meta.tags.count(name) == 0) {
    // Branch and tag names only (real-hub-limits.md ModelScope §1, issue #1386). UNCONFIRMED:
    // the hub's answer to a commit id on a read; it is "no such revision" here, as A reports.
    send_legacy_error(res, 404, "revision not found: " + name);
    return std::nullopt;
  }
  auto commit = ctx.store.resolve(meta.key, rev.empty() ? meta.default_branch : rev);
  if (!commit) {
    send_legacy_error(res, 404, "revision not found: " + std::string(rev));
  }
  return commit;
}

}  // namespace hf2ms::hubsim
