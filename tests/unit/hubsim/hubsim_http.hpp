// Helpers for the hubsim HF tests: an httplib client for a base URL, auth headers, and the
// NDJSON commit of small inline files.
#pragma once

#include "support/hubsim_fixture.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>

namespace hf2ms::hubsim::test {

inline constexpr const char* k_write_token = "hf_user_write_token";
inline constexpr const char* k_read_token = "hf_user_read_token";

inline httplib::Client client(const std::string& base_url) {
  httplib::Client c(base_url);
  c.set_read_timeout(10, 0);
  return c;
}

inline httplib::Headers auth(const std::string& token = k_write_token) {
  return {{"Authorization", "Bearer " + token}};
}

inline std::string b64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned n = (unsigned{static_cast<unsigned char>(in[i])} << 16) |
                       (unsigned{static_cast<unsigned char>(in[i + 1])} << 8) |
                       unsigned{static_cast<unsigned char>(in[i + 2])};
    for (int s = 18; s >= 0; s -= 6) {
      out.push_back(k[(n >> s) & 63]);
    }
  }
  if (i < in.size()) {
    unsigned n = unsigned{static_cast<unsigned char>(in[i])} << 16;
    if (i + 1 < in.size()) {
      n |= unsigned{static_cast<unsigned char>(in[i + 1])} << 8;
    }
    out.push_back(k[(n >> 18) & 63]);
    out.push_back(k[(n >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? k[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

inline RepoMeta repo_meta(const std::string& id, bool is_private = false) {
  RepoMeta m;
  m.key = RepoKey{Hub::hf, RepoType::model, id};
  m.is_private = is_private;
  return m;
}

inline void create_model(httplib::Client& c, const std::string& id, bool is_private = false) {
  const auto slash = id.find('/');
  const nlohmann::json body{{"name", id.substr(slash + 1)},
                            {"organization", id.substr(0, slash)},
                            {"private", is_private}};
  const auto res = c.Post("/api/repos/create", auth(), body.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
}

// Commits `files` (path → content) inline; returns the response.
inline httplib::Result commit_files(httplib::Client& c, const std::string& id,
                                    const std::map<std::string, std::string>& files,
                                    const std::string& parent = "") {
  nlohmann::json header{{"summary", "add files"}};
  if (!parent.empty()) {
    header["parentCommit"] = parent;
  }
  std::string body = nlohmann::json{{"key", "header"}, {"value", header}}.dump();
  for (const auto& [path, content] : files) {
    body += "\n" +
            nlohmann::json{
                {"key", "file"},
                {"value", {{"path", path}, {"content", b64(content)}, {"encoding", "base64"}}}}
                .dump();
  }
  return c.Post(("/api/models/" + id + "/commit/main").c_str(), auth(), body,
                "application/x-ndjson");
}

}  // namespace hf2ms::hubsim::test
