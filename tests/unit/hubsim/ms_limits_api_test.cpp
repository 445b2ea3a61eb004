// The ModelScope side's limits over HTTP, strict by default (real-hub-limits.md, ModelScope):
// single-file deletes and their refusal for API tokens, the commit frequency limit, the
// commit body cap, commit ids refused as Revision, the envelope variants and the `lfs.`
// sibling host of blob hrefs. Every refusal is checked for status, headers and the envelope
// against the recorded error body in fixtures/modelscope/.
#include "unit/hubsim/ms_shape.hpp"
#include "unit/hubsim/ms_sim.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers

// The recorded legacy error (HTTP 400 of /api/v1/login) is the shape of every error here;
// without the fixtures (../shared absent) the keys the SDK indexes are checked one by one.
void expect_recorded_error_shape(const httplib::Result& r, int status) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  const auto body = body_of(r);
  EXPECT_EQ(body["Success"], false) << body;
  EXPECT_TRUE(body["Code"].is_number_integer()) << body;
  EXPECT_TRUE(body["Message"].is_string()) << body;
  EXPECT_TRUE(body["RequestId"].is_string()) << body;
  if (const auto recorded = load_ms_fixture("api_v1_login_token_rejected_http400.json")) {
    EXPECT_EQ(shape_differences(*recorded, body), std::vector<std::string>{}) << body;
  }
}

std::string file_of(MsSim& sim, const std::string& repo_path, const std::string& type = "models") {
  auto r = sim.api().Get("/api/v1/" + type + "/" + repo_path);
  return r && r->status == 200 ? r->body : "<" + std::to_string(r ? r->status : 0) + ">";
}

class MsLimitsApi : public ::testing::Test {
 protected:
  explicit MsLimitsApi(SimOptions options = {}) : sim_(std::move(options)) {}
  void SetUp() override {
    ASSERT_EQ(create_model(sim_, k_alice, "alice", "m"), 200);
    ASSERT_EQ(commit(sim_, k_alice, "alice/m",
                     {create_action("a.txt", "aaa"), create_action("dir/b c.txt", "bbb")})
                  ->status,
              200);
  }
  MsSim sim_;
};

TEST_F(MsLimitsApi, FileDeleteRefusesApiTokensWithTheSdkDocumented401) {
  const std::string route = "/api/v1/models/alice/m/file?FilePath=a.txt&Revision=master";
  const auto r = sim_.api().Delete(route, bearer(k_alice));
  expect_recorded_error_shape(r, 401);
  EXPECT_EQ(body_of(r)["Message"],
            "the current token no longer supports deletion operations. Please go to the site "
            "page : https://www.modelscope.cn to delete");
  // The SDK token sent as the cookie (generation A) is still a token.
  expect_recorded_error_shape(sim_.api().Delete(route, cookie(k_alice)), 401);
  EXPECT_EQ(file_of(sim_, "alice/m/repo?FilePath=a.txt"), "aaa");  // the file stays
  expect_recorded_error_shape(sim_.api().Delete(route, {}), 401);  // anonymous: not logged in
  expect_recorded_error_shape(sim_.api().Delete(route, bearer(k_bob)), 403);
}

TEST_F(MsLimitsApi, FileDeleteWithAWebSessionRemovesTheFileInANewCommit) {
  const auto before = sim_.sim().store().resolve({Hub::ms, RepoType::model, "alice/m"}, "master");
  ASSERT_TRUE(before);
  const auto r =
      sim_.api().Delete("/api/v1/models/alice/m/file?FilePath=dir%2Fb+c.txt&Revision=master",
                        cookie(k_alice_session));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(body_of(r)["Code"], 200);
  EXPECT_EQ(file_of(sim_, "alice/m/repo?FilePath=dir%2Fb+c.txt"), "<404>");
  EXPECT_EQ(file_of(sim_, "alice/m/repo?FilePath=a.txt"), "aaa");
  const auto after = sim_.sim().store().resolve({Hub::ms, RepoType::model, "alice/m"}, "master");
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)->parent, (*before)->oid);
  // A missing file, a tag and a commit id are refused; nothing is committed.
  expect_recorded_error_shape(
      sim_.api().Delete("/api/v1/models/alice/m/file?FilePath=nope.txt", cookie(k_alice_session)),
      404);
  ASSERT_TRUE(sim_.sim().store().create_tag({Hub::ms, RepoType::model, "alice/m"}, "v1", "master"));
  auto tag = sim_.api().Delete("/api/v1/models/alice/m/file?FilePath=a.txt&Revision=v1",
                               cookie(k_alice_session));
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->status, 400);
  EXPECT_EQ(body_of(tag)["message"], "You can only create or edit files when you are on a branch");
  tag = sim_.api().Delete("/api/v1/models/alice/m/file?FilePath=a.txt&Revision=" + (*after)->oid,
                          cookie(k_alice_session));
  EXPECT_EQ(tag->status, 400);
  EXPECT_EQ(file_of(sim_, "alice/m/repo?FilePath=a.txt"), "aaa");
}

TEST_F(MsLimitsApi, DatasetFileDeleteUsesTheRepoRoute) {
  httplib::MultipartFormDataItems form{
      {"Name", "d", "", ""}, {"Owner", "alice", "", ""}, {"Visibility", "5", "", ""}};
  ASSERT_EQ(sim_.api().Post("/api/v1/datasets", bearer(k_alice), form)->status, 200);
  ASSERT_EQ(
      commit(sim_, k_alice, "alice/d", {create_action("rows.csv", "1,2")}, "master", "datasets")
          ->status,
      200);
  const std::string route = "/api/v1/datasets/alice/d/repo?FilePath=rows.csv";
  expect_recorded_error_shape(sim_.api().Delete(route, bearer(k_alice)), 401);
  EXPECT_EQ(file_of(sim_, "alice/d/repo?FilePath=rows.csv", "datasets"), "1,2");
  ASSERT_EQ(sim_.api().Delete(route, cookie(k_alice_session))->status, 200);
  EXPECT_EQ(file_of(sim_, "alice/d/repo?FilePath=rows.csv", "datasets"), "<404>");
}

SimOptions allowing_token_deletes() {
  SimOptions o;
  o.ms_limits.token_deletes = MsTokenDeletes::allow;
  return o;
}

class MsLimitsTokenDeletes : public MsLimitsApi {
 protected:
  MsLimitsTokenDeletes() : MsLimitsApi(allowing_token_deletes()) {}
};

TEST_F(MsLimitsTokenDeletes, AllowModeLetsApiTokensDelete) {
  const auto r = sim_.api().Delete("/api/v1/models/alice/m/file?FilePath=a.txt", bearer(k_alice));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(file_of(sim_, "alice/m/repo?FilePath=a.txt"), "<404>");
}

TEST_F(MsLimitsApi, CommitFrequencyLimitIsOnByDefault) {
  // SetUp made one commit; the default allows 10 per repo per minute.
  for (int i = 0; i < 9; ++i) {
    ASSERT_EQ(commit(sim_, k_alice, "alice/m", {create_action("n.txt", std::to_string(i))})->status,
              200);
  }
  const auto r = commit(sim_, k_alice, "alice/m", {create_action("n.txt", "over")});
  expect_recorded_error_shape(r, 429);
  EXPECT_EQ(body_of(r)["Message"], "Commit frequency limit exceeded");
  const std::string retry_text = r->get_header_value("Retry-After");
  const int retry_after = retry_text.empty() ? 0 : std::stoi(retry_text);
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_EQ(file_of(sim_, "alice/m/repo?FilePath=n.txt"), "8");
  // Single-file deletes share the limit: they make commits too.
  expect_recorded_error_shape(
      sim_.api().Delete("/api/v1/models/alice/m/file?FilePath=a.txt", cookie(k_alice_session)),
      429);
  // Another repo has its own budget.
  ASSERT_EQ(create_model(sim_, k_alice, "alice", "other"), 200);
  EXPECT_EQ(commit(sim_, k_alice, "alice/other", {create_action("x", "1")})->status, 200);
}

SimOptions lenient() {
  SimOptions o;
  o.lenient = true;
  return o;
}

class MsLimitsLenient : public MsLimitsApi {
 protected:
  MsLimitsLenient() : MsLimitsApi(lenient()) {}
};

TEST_F(MsLimitsLenient, LenientLiftsTheLimits) {
  for (int i = 0; i < 12; ++i) {
    ASSERT_EQ(commit(sim_, k_alice, "alice/m", {create_action("n.txt", std::to_string(i))})->status,
              200);
  }
  const auto head = sim_.sim().store().resolve({Hub::ms, RepoType::model, "alice/m"}, "master");
  ASSERT_TRUE(head);
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/m/repo/files?Revision=" + (*head)->oid)->status,
            200);
  EXPECT_EQ(
      sim_.api().Delete("/api/v1/models/alice/m/file?FilePath=a.txt", bearer(k_alice))->status,
      200);
}

SimOptions small_body_cap() {
  SimOptions o;
  o.ms_limits.max_commit_body_bytes = 2048;
  return o;
}

class MsLimitsBodyCap : public MsLimitsApi {
 protected:
  MsLimitsBodyCap() : MsLimitsApi(small_body_cap()) {}
};

TEST_F(MsLimitsBodyCap, CommitBodyOverTheCapIs413) {
  const auto r =
      commit(sim_, k_alice, "alice/m", {create_action("big.txt", std::string(2000, 'x'))});
  expect_recorded_error_shape(r, 413);
  EXPECT_NE(body_of(r)["Message"].get<std::string>().find("> 2048 bytes"), std::string::npos);
  EXPECT_EQ(file_of(sim_, "alice/m/repo?FilePath=big.txt"), "<404>");
  EXPECT_EQ(commit(sim_, k_alice, "alice/m", {create_action("small.txt", "x")})->status, 200);
}

TEST_F(MsLimitsApi, CommitIdsAreRefusedAsRevision) {
  const auto head = sim_.sim().store().resolve({Hub::ms, RepoType::model, "alice/m"}, "master");
  ASSERT_TRUE(head);
  const std::string oid = (*head)->oid;
  expect_recorded_error_shape(sim_.api().Get("/api/v1/models/alice/m/repo/files?Revision=" + oid),
                              404);
  expect_recorded_error_shape(
      sim_.api().Get("/api/v1/models/alice/m/repo?FilePath=a.txt&Revision=" + oid), 404);
  expect_recorded_error_shape(
      sim_.api().Get("/api/v1/models/alice/m/repo/files?Revision=" + oid.substr(0, 7)), 404);
  // Branch and tag names work.
  ASSERT_TRUE(sim_.sim().store().create_tag({Hub::ms, RepoType::model, "alice/m"}, "v1", "master"));
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/m/repo/files?Revision=master")->status, 200);
  EXPECT_EQ(file_of(sim_, "alice/m/repo?FilePath=a.txt&Revision=v1"), "aaa");
  // Commits to a commit id get the hub's branch-only answer.
  const auto r = commit(sim_, k_alice, "alice/m", {create_action("a.txt", "x")}, oid);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body_of(r)["message"], "You can only create or edit files when you are on a branch");
}

SimOptions variants() {
  SimOptions o;
  o.ms_limits.success_envelope = MsSuccessEnvelope::without_code;
  o.ms_limits.batch_envelope = MsBatchEnvelope::bare;
  return o;
}

class MsLimitsVariants : public MsLimitsApi {
 protected:
  MsLimitsVariants() : MsLimitsApi(variants()) {}
};

TEST_F(MsLimitsVariants, SuccessWithoutCodeAndBareBatchAnswers) {
  auto info = body_of(sim_.api().Get("/api/v1/models/alice/m"));
  EXPECT_FALSE(info.contains("Code")) << info;
  EXPECT_EQ(info["Success"], true);
  EXPECT_TRUE(info["Data"].is_object());
  // Errors keep their Code: the SDK indexes it (protocols/modelscope-hub.md §3.1).
  expect_recorded_error_shape(sim_.api().Get("/api/v1/models/alice/none"), 404);

  const std::string content = "bare batch blob";
  const nlohmann::json query{
      {"operation", "upload"},
      {"objects", {{{"oid", hashing::sha256_hex(content)}, {"size", content.size()}}}}};
  const auto batch = body_of(sim_.api().Post("/api/v1/repos/models/alice/m/info/lfs/objects/batch",
                                             bearer(k_alice), query.dump(), ""));
  EXPECT_FALSE(batch.contains("Data")) << batch;
  EXPECT_FALSE(batch.contains("Code")) << batch;
  ASSERT_EQ(batch["objects"].size(), 1U) << batch;
  EXPECT_EQ(batch["objects"][0]["oid"], hashing::sha256_hex(content));
}

TEST_F(MsLimitsApi, HrefsNameTheLfsSiblingOfTheApiHostName) {
  const std::string api = sim_.addresses().ms_url;
  ASSERT_EQ(api.rfind("http://www.modelscope.localhost:", 0), 0U) << api;
  const std::string port = api.substr(api.rfind(':'));
  const std::string content = "blob on the lfs host";
  upload_blob(sim_, k_alice, "alice/m", content);
  bool put_seen = false;
  for (const auto& entry : sim_.sim().log().entries()) {
    if (entry.method != "PUT") {
      continue;
    }
    put_seen = true;
    EXPECT_EQ(entry.path, "/api/v1/repos/models/alice/m/blobs/" + hashing::sha256_hex(content) +
                              "/" + std::to_string(content.size()));
    std::string host;
    for (const auto& [name, value] : entry.headers) {
      host = name == "Host" ? value : host;
    }
    EXPECT_EQ(host, "lfs.modelscope.localhost" + port);
  }
  EXPECT_TRUE(put_seen);
  // A client that uses the IP gets hrefs on the IP (non-curl clients cannot resolve names).
  httplib::Client by_ip("127.0.0.1", std::stoi(port.substr(1)));
  const nlohmann::json query{{"operation", "upload"},
                             {"objects", {{{"oid", std::string(64, 'a')}, {"size", 1}}}}};
  const auto body = body_of(by_ip.Post("/api/v1/repos/models/alice/m/info/lfs/objects/batch",
                                       bearer(k_alice), query.dump(), ""));
  const std::string href = body["Data"]["objects"][0]["actions"]["upload"]["href"];
  EXPECT_EQ(href.rfind("http://127.0.0.1" + port + "/", 0), 0U) << href;
}

SimOptions ip_hosts() {
  SimOptions o;
  o.ms_limits.hosts = MsHosts::ip;
  return o;
}

class MsLimitsIpHosts : public MsLimitsApi {
 protected:
  MsLimitsIpHosts() : MsLimitsApi(ip_hosts()) {}
};

TEST_F(MsLimitsIpHosts, PlainIpModeKeepsEverythingOnTheListenerAddress) {
  const std::string api = sim_.addresses().ms_url;
  ASSERT_EQ(api.rfind("http://127.0.0.1:", 0), 0U) << api;
  const nlohmann::json query{{"operation", "upload"},
                             {"objects", {{{"oid", std::string(64, 'b')}, {"size", 1}}}}};
  const auto body = body_of(sim_.api().Post("/api/v1/repos/models/alice/m/info/lfs/objects/batch",
                                            bearer(k_alice), query.dump(), ""));
  const std::string href = body["Data"]["objects"][0]["actions"]["upload"]["href"];
  EXPECT_EQ(href.rfind(api + "/", 0), 0U) << href;
}

}  // namespace
}  // namespace hf2ms::hubsim
