// Test support for the ModelScope routes: an in-process Simulator on ephemeral loopback ports
// with a fixed users file (alice with API tokens and a web session, bob, carol), an httplib
// client for its ModelScope listener, and small helpers that create repos and commit files
// through the HTTP API itself.
#pragma once

#include "hashing/hashing.hpp"
#include "hubsim/ms_requests.hpp"
#include "hubsim/simulator.hpp"
#include "support/hubsim_fixture.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hf2ms::hubsim::testing {

inline constexpr const char* k_alice = "ms_alice_write";
inline constexpr const char* k_alice_read = "ms_alice_read";
inline constexpr const char* k_alice_session = "ms_alice_session";  // a web login session
inline constexpr const char* k_bob = "ms_bob_write";
inline constexpr const char* k_carol = "ms_carol_write";  // passed the gate of alice/gated

inline const char* k_users_json = R"({"users":[
  {"name":"alice","email":"alice@example.com","tokens":[
    {"value":"ms_alice_write","hub":"ms","role":"write"},
    {"value":"ms_alice_read","hub":"ms","role":"read"},
    {"value":"ms_alice_session","hub":"ms","role":"write","kind":"session"}]},
  {"name":"bob","tokens":[{"value":"ms_bob_write","hub":"ms","role":"write"}]},
  {"name":"carol","gated_access":["alice/gated"],
   "tokens":[{"value":"ms_carol_write","hub":"ms","role":"write"}]}]})";

class MsSim {
 public:
  explicit MsSim(SimOptions options = {}) {
    const std::string users = dir_.path() + "/users.json";
    EXPECT_TRUE(write_file_atomic(users, k_users_json).has_value());
    SimulatorOptions opts = hf2ms::testing::default_hubsim_options(dir_);
    opts.users_file = users;
    opts.threads = 4;
    opts.sim = options;
    auto started = sim_.start(opts);
    if (!started) {
      ADD_FAILURE() << "simulator did not start: " << started.error().message;
      return;
    }
    addresses_ = *started;
  }
  ~MsSim() { sim_.stop(); }
  MsSim(const MsSim&) = delete;
  MsSim& operator=(const MsSim&) = delete;

  Simulator& sim() { return sim_; }
  const SimulatorAddresses& addresses() const { return addresses_; }
  // Clients that send paths as given: httplib would otherwise re-encode '+' as %2B and hide
  // the quote_plus encoding the SDK uses. They connect to the loopback listener and send the
  // announced host name as Host: only curl resolves "*.localhost" names by itself.
  httplib::Client api() const { return client(addresses_.ms_url); }
  httplib::Client cdn() const { return client(addresses_.cdn_url); }
  // A client for `url` ("http://lfs.modelscope.localhost:PORT"): same listener, that Host.
  static httplib::Client client(const std::string& url) {
    const std::string authority = url.substr(url.find("://") + 3);
    const auto colon = authority.rfind(':');
    httplib::Client c("127.0.0.1", std::stoi(authority.substr(colon + 1)));
    c.set_default_headers({{"Host", authority}});
    c.set_url_encode(false);
    return c;
  }
  // "http://lfs.modelscope.localhost:PORT" for "http://www.modelscope.localhost:PORT".
  static std::string origin_of(const std::string& url) {
    return url.substr(0, url.find('/', url.find("://") + 3));
  }

 private:
  hf2ms::testing::TempDir dir_;  // outlives sim_: declared first
  Simulator sim_;
  SimulatorAddresses addresses_;
};

inline httplib::Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}
inline httplib::Headers cookie(const std::string& token) {
  return {{"Cookie", "other=1; m_session_id=" + token}};
}

inline nlohmann::json body_of(const httplib::Result& r) {
  if (!r) {
    return nlohmann::json();
  }
  return nlohmann::json::parse(r->body, nullptr, false);
}

// POST /api/v1/models as A does (JSON without Content-Type). Returns the HTTP status.
inline int create_model(MsSim& sim, const std::string& token, const std::string& owner,
                        const std::string& name, int visibility = 5, int protected_mode = 2) {
  const nlohmann::json body{{"Path", owner},
                            {"Name", name},
                            {"Visibility", visibility},
                            {"License", "Apache License 2.0"},
                            {"ChineseName", nullptr},
                            {"ProtectedMode", protected_mode}};
  auto r = sim.api().Post("/api/v1/models", bearer(token), body.dump(), "");
  return r ? r->status : 0;
}

inline nlohmann::json create_action(const std::string& path, const std::string& content) {
  return {{"action", "create"},     {"path", path}, {"type", "normal"},
          {"size", content.size()}, {"sha256", ""}, {"content", encode_base64(content)},
          {"encoding", "base64"}};
}

inline nlohmann::json lfs_action(const std::string& path, const std::string& content) {
  return {{"action", "create"},
          {"path", path},
          {"type", "lfs"},
          {"size", content.size()},
          {"sha256", hashing::sha256_hex(content)},
          {"content", ""},
          {"encoding", ""}};
}

inline nlohmann::json delete_action(const std::string& path) {
  return {{"action", "delete"}, {"path", path},  {"type", "normal"}, {"size", 0},
          {"sha256", ""},       {"content", ""}, {"encoding", ""}};
}

inline httplib::Result commit(MsSim& sim, const std::string& token, const std::string& repo,
                              const std::vector<nlohmann::json>& actions,
                              const std::string& branch = "master",
                              const std::string& type = "models") {
  const nlohmann::json body{{"commit_message", "test commit"}, {"actions", actions}};
  return sim.api().Post("/api/v1/repos/" + type + "/" + repo + "/commit/" + branch, cookie(token),
                        body.dump(), "");
}

// Uploads `content` through batch + PUT, as the SDK does before an LFS commit.
inline void upload_blob(MsSim& sim, const std::string& token, const std::string& repo,
                        const std::string& content, const std::string& type = "models") {
  const std::string oid = hashing::sha256_hex(content);
  const nlohmann::json query{{"operation", "upload"},
                             {"objects", {{{"oid", oid}, {"size", content.size()}}}}};
  auto r = sim.api().Post("/api/v1/repos/" + type + "/" + repo + "/info/lfs/objects/batch",
                          bearer(token), query.dump(), "");
  ASSERT_TRUE(r);
  const auto objects = body_of(r)["Data"]["objects"];
  if (objects.empty()) {
    return;
  }
  const std::string href = objects[0]["actions"]["upload"]["href"];
  const std::string origin = MsSim::origin_of(href);
  auto put = MsSim::client(origin).Put(href.substr(origin.size()), bearer(token), content,
                                       "application/octet-stream");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
}

}  // namespace hf2ms::hubsim::testing
