#include "hubsim/hf_common.hpp"

#include "hashing/hashing.hpp"
#include "util/text.hpp"

#include <httplib.h>

#include <ctime>
#include <fnmatch.h>

namespace hf2ms::hubsim {
namespace {}  // namespace

std::string url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && hex_digit_value(s[i + 1]) >= 0 &&
        hex_digit_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string url_encode(std::string_view s, Slash slash) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (c == '/' && slash == Slash::keep)) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back("0123456789ABCDEF"[u >> 4]);
      out.push_back("0123456789ABCDEF"[u & 15]);
    }
  }
  return out;
}

std::vector<std::string> query_values(std::string_view query, std::string_view name) {
  std::vector<std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = item.find('=');
    std::string key = url_decode(item.substr(0, eq));
    std::string value =
        eq == std::string_view::npos ? std::string() : std::string(item.substr(eq + 1));
    std::replace(value.begin(), value.end(), '+', ' ');
    if (key == name) {
      out.push_back(url_decode(value));
    }
  }
  return out;
}

std::optional<std::string> query_value(std::string_view query, std::string_view name) {
  auto all = query_values(query, name);
  if (all.empty()) {
    return std::nullopt;
  }
  return all.front();
}

bool is_truthy(std::string_view v) { return v == "true" || v == "1" || v == "True"; }

RawTarget split_target(const httplib::Request& req) {
  const auto q = req.target.find('?');
  if (q == std::string::npos) {
    return {req.target, ""};
  }
  return {req.target.substr(0, q), req.target.substr(q + 1)};
}

std::optional<RepoType> type_from_plural(std::string_view p) {
  if (p == "models") {
    return RepoType::model;
  }
  if (p == "datasets") {
    return RepoType::dataset;
  }
  if (p == "spaces") {
    return RepoType::space;
  }
  return std::nullopt;
}

std::string plural(RepoType type) { return std::string(to_string(type)) + "s"; }

std::string web_prefix(RepoType type) { return type == RepoType::model ? "" : plural(type) + "/"; }

void send_error(httplib::Response& res, int status, std::string_view code,
                std::string_view message) {
  res.status = status;
  if (!code.empty()) {
    res.set_header("X-Error-Code", std::string(code));
  }
  // A header value cannot hold line breaks (httplib drops such a header): the body keeps them.
  std::string header(message);
  std::replace_if(
      header.begin(), header.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  res.set_header("X-Error-Message", header);
  send_json(res, nlohmann::json{{"error", message}}, status);
}

void send_json(httplib::Response& res, const nlohmann::json& body, int status) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

const nlohmann::json& jget(const nlohmann::json& obj, const char* key) {
  static const nlohmann::json k_null;
  if (!obj.is_object()) {
    return k_null;
  }
  const auto it = obj.find(key);
  return it == obj.end() ? k_null : *it;
}

std::optional<nlohmann::json> parse_json(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    return std::nullopt;
  }
  return j;
}

std::optional<Caller> hf_caller(const httplib::Request& req, httplib::Response& res,
                                SimContext& ctx) {
  if (ctx.has_invalid_token(req, Hub::hf)) {
    send_error(res, 401, "", "Invalid credentials in Authorization header");
    return std::nullopt;
  }
  return Caller{ctx.identify(req, Hub::hf)};
}

std::optional<RepoMeta> hf_repo_for(const Caller& caller, const RepoKey& key, Need need,
                                    httplib::Response& res, SimContext& ctx) {
  auto repo = ctx.store.find_repo(key);
  if (!repo || !can_read(caller.who, *repo)) {
    // The Hub answers 401 to anonymous callers and 404 to others, for missing and private
    // repos alike, so existence does not leak (§3.3).
    const int status = caller.who ? 404 : 401;
    send_error(res, status, "RepoNotFound",
               caller.who ? "Repository not found" : "Invalid username or password.");
    return std::nullopt;
  }
  if (need == Need::download && !can_download(caller.who, *repo)) {
    const std::string kind(to_string(key.type));
    if (!caller.who) {
      send_error(res, 401, "GatedRepo",
                 "Access to " + kind + " " + repo->key.id +
                     " is restricted. You must have access to it and be authenticated to access "
                     "it. Please log in.");
    } else {
      send_error(res, 403, "GatedRepo",
                 "Access to " + kind + " " + repo->key.id +
                     " is restricted and you are not in the authorized list. Visit " + ctx.hf_url +
                     "/" + web_prefix(key.type) + repo->key.id + " to ask for access.");
    }
    return std::nullopt;
  }
  if (need == Need::write && !can_write(caller.who, *repo)) {
    send_error(res, caller.who ? 403 : 401, "",
               "You don't have the rights to write to " + repo->key.id + " (namespace " +
                   namespace_of(repo->key.id) + ")");
    return std::nullopt;
  }
  return repo;
}

std::optional<CommitPtr> hf_commit_for(const RepoKey& key, std::string_view rev,
                                       httplib::Response& res, SimContext& ctx) {
  auto commit = ctx.store.resolve(key, rev);
  if (!commit) {
    send_error(res, 404, "RevisionNotFound", "Invalid rev id: " + std::string(rev));
  }
  return commit;
}

std::string iso_time(std::int64_t unix_ms) {
  const std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(unix_ms % 1000));
  return out;
}

nlohmann::json file_entry_json(const std::string& path, const FileEntry& e) {
  nlohmann::json j{{"type", "file"}, {"oid", e.git_oid}, {"size", e.size}};
  if (e.lfs) {
    j["lfs"] = {
        {"oid", e.sha256}, {"size", e.size}, {"pointerSize", lfs_pointer(e.sha256, e.size).size()}};
  }
  j["path"] = path;
  return j;
}

nlohmann::json dir_entry_json(const std::string& path, const std::string& tree_oid) {
  return {{"type", "directory"}, {"oid", tree_oid}, {"size", 0}, {"path", path}};
}

std::string sign(const SimContext& ctx, std::string_view payload) {
  return hashing::sha256_hex(ctx.options.signing_key + "\n" + std::string(payload)).substr(0, 32);
}

bool check_signature(const SimContext& ctx, std::string_view payload, std::string_view sig) {
  return !sig.empty() && sign(ctx, payload) == sig;
}

std::string default_gitattributes() {
  static const char* const k_patterns[] = {"*.7z",          "*.arrow",
                                           "*.bin",         "*.bz2",
                                           "*.ckpt",        "*.ftz",
                                           "*.gz",          "*.h5",
                                           "*.joblib",      "*.lfs.*",
                                           "*.mlmodel",     "*.model",
                                           "*.msgpack",     "*.npy",
                                           "*.npz",         "*.onnx",
                                           "*.ot",          "*.parquet",
                                           "*.pb",          "*.pickle",
                                           "*.pkl",         "*.pt",
                                           "*.pth",         "*.rar",
                                           "*.safetensors", "saved_model/**/*",
                                           "*.tar.*",       "*.tar",
                                           "*.tflite",      "*.tgz",
                                           "*.wasm",        "*.xz",
                                           "*.zip",         "*.zst",
                                           "*tfevents*"};
  std::string out;
  for (const char* p : k_patterns) {
    out += std::string(p) + " filter=lfs diff=lfs merge=lfs -text\n";
  }
  return out;
}

bool matches_lfs_attributes(std::string_view gitattributes, std::string_view path) {
  const std::string p(path);
  const std::string base = p.substr(p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1);
  std::size_t start = 0;
  while (start < gitattributes.size()) {
    const auto end = std::min(gitattributes.find('\n', start), gitattributes.size());
    const std::string line(gitattributes.substr(start, end - start));
    start = end + 1;
    const auto space = line.find_first_of(" \t");
    if (line.empty() || line[0] == '#' || space == std::string::npos ||
        line.find("filter=lfs") == std::string::npos) {
      continue;
    }
    const std::string pattern = line.substr(0, space);
    // Patterns without '/' match the file name at any depth, as in git.
    const bool has_slash = pattern.find('/') != std::string::npos;
    if (fnmatch(pattern.c_str(), has_slash ? p.c_str() : base.c_str(), 0) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace hf2ms::hubsim
