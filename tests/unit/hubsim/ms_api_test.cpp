// Drives the ModelScope side of the simulator in-process over HTTP, one test per point of
// the emulator checklist in protocols/modelscope-hub.md §10, plus shape checks against the
// recorded responses in fixtures/modelscope/.
#include "unit/hubsim/ms_shape.hpp"
#include "unit/hubsim/ms_sim.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers

void expect_error_envelope(const nlohmann::json& body) {
  EXPECT_TRUE(body["Code"].is_number_integer()) << body;
  EXPECT_TRUE(body["Message"].is_string()) << body;
  EXPECT_TRUE(body["RequestId"].is_string()) << body;
  EXPECT_EQ(body["Success"], false) << body;
}

class MsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(create_model(sim_, k_alice, "alice", "m"), 200);
    ASSERT_EQ(commit(sim_, k_alice, "alice/m",
                     {create_action("README.md", "# hello\n"),
                      create_action("dir/a b+c.txt", "0123456789"),
                      lfs_blob_action("w.safetensors", k_weights)})
                  ->status,
              200);
  }
  nlohmann::json lfs_blob_action(const std::string& path, const std::string& content) {
    upload_blob(sim_, k_alice, "alice/m", content);
    return lfs_action(path, content);
  }
  static constexpr const char* k_weights = "pretend these are weights";
  MsSim sim_;
};

TEST_F(MsApi, Checklist1ModelAndDatasetInfoAnd404WhenMissing) {
  auto r = sim_.api().Get("/api/v1/models/alice/m?Revision=master");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto body = body_of(r);
  EXPECT_EQ(body["Code"], 200);
  EXPECT_EQ(body["Success"], true);
  EXPECT_EQ(body["Data"]["Name"], "m");
  EXPECT_EQ(body["Data"]["Path"], "alice");
  EXPECT_TRUE(body["Data"]["Id"].is_number_integer());
  EXPECT_EQ(body["Data"]["Visibility"], 5);

  r = sim_.api().Get("/api/v1/models/alice/missing");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  expect_error_envelope(body_of(r));

  httplib::MultipartFormDataItems form{{"Name", "d", "", ""},       {"Owner", "alice", "", ""},
                                       {"License", "mit", "", ""},  {"Visibility", "5", "", ""},
                                       {"ChineseName", "", "", ""}, {"Description", "x", "", ""}};
  r = sim_.api().Post("/api/v1/datasets", bearer(k_alice), form);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  body = body_of(sim_.api().Get("/api/v1/datasets/alice/d"));
  EXPECT_TRUE(body["Data"]["Id"].is_number_integer());
  EXPECT_TRUE(body["Data"]["Type"].is_number_integer());
  EXPECT_EQ(sim_.api().Get("/api/v1/datasets/alice/nope")->status, 404);
}

TEST_F(MsApi, PrivateReposAreInvisibleToOthers) {
  ASSERT_EQ(create_model(sim_, k_alice, "alice", "secret", 1), 200);
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/secret")->status, 404);
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/secret", bearer(k_bob))->status, 404);
  EXPECT_EQ(sim_.api().Get("/openapi/v1/models/alice/secret", bearer(k_bob))->status, 404);
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/secret", cookie(k_alice))->status, 200);
  const auto body = body_of(sim_.api().Get("/api/v1/models/alice/secret", bearer(k_alice)));
  EXPECT_EQ(body["Data"]["Visibility"], 1);
}

TEST_F(MsApi, Checklist2RevisionsListMasterAndTagsNewestFirst) {
  const RepoKey key{Hub::ms, RepoType::model, "alice/m"};
  ASSERT_TRUE(sim_.sim().store().create_tag(key, "v1", "master").has_value());
  ASSERT_EQ(commit(sim_, k_alice, "alice/m", {create_action("more.txt", "x")})->status, 200);
  ASSERT_TRUE(sim_.sim().store().create_tag(key, "v2", "master").has_value());
  const auto body = body_of(sim_.api().Get("/api/v1/models/alice/m/revisions"));
  const auto& map = body["Data"]["RevisionMap"];
  ASSERT_EQ(map["Branches"].size(), 1U);
  EXPECT_EQ(map["Branches"][0]["Revision"], "master");
  EXPECT_TRUE(map["Branches"][0]["CreatedAt"].is_number_integer());
  EXPECT_EQ(map["Branches"][0]["CommitId"].get<std::string>().size(), 40U);
  ASSERT_EQ(map["Tags"].size(), 2U);
  EXPECT_GE(map["Tags"][0]["CreatedAt"].get<std::int64_t>(),
            map["Tags"][1]["CreatedAt"].get<std::int64_t>());
}

TEST_F(MsApi, Checklist3ModelRepoFilesHaveTheRecordedShape) {
  const auto fixture = load_ms_fixture("api_v1_models_repo_files_recorded.json");
  if (!fixture) {
    GTEST_SKIP() << "../shared/fixtures/modelscope not found next to the source tree";
  }
  const auto r = sim_.api().Get("/api/v1/models/alice/m/repo/files?Revision=master&Recursive=True");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto body = body_of(r);
  EXPECT_EQ(shape_differences(*fixture, body), std::vector<std::string>{});
  std::map<std::string, nlohmann::json> by_path;
  for (const auto& f : body["Data"]["Files"]) {
    by_path[f["Path"]] = f;
  }
  ASSERT_EQ(by_path.count("dir/a b+c.txt"), 1U);
  EXPECT_EQ(by_path["dir"]["Type"], "tree");
  EXPECT_EQ(by_path["dir/a b+c.txt"]["Sha256"], hashing::sha256_hex("0123456789"));
  EXPECT_EQ(by_path["w.safetensors"]["IsLFS"], true);
  EXPECT_EQ(by_path["README.md"]["IsLFS"], false);

  const auto top = body_of(sim_.api().Get("/api/v1/models/alice/m/repo/files?Recursive=False"));
  for (const auto& f : top["Data"]["Files"]) {
    EXPECT_EQ(f["Path"].get<std::string>().find('/'), std::string::npos) << f;
  }
}

TEST_F(MsApi, Checklist3RepoFilesTruncatesSilentlyAt3000) {
  Store& store = sim_.sim().store();
  const auto blob = store.put_blob("same bytes");
  ASSERT_TRUE(blob.has_value());
  const auto entry = store.make_entry(*blob, Storage::regular);
  ASSERT_TRUE(entry.has_value());
  FileMap files;
  for (int i = 0; i < 3005; ++i) {
    files["f" + std::to_string(i) + ".txt"] = *entry;
  }
  RepoMeta meta;
  meta.key = RepoKey{Hub::ms, RepoType::model, "alice/big"};
  meta.default_branch = "master";
  ASSERT_TRUE(store.create_repo(meta, files, "alice", "seed").has_value());
  const auto r = sim_.api().Get("/api/v1/models/alice/big/repo/files?Recursive=True&PageSize=10");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto body = body_of(r);
  EXPECT_EQ(body["Success"], true);
  EXPECT_EQ(body["Data"]["Files"].size(), 3000U);
}

TEST_F(MsApi, Checklist3DatasetTreeIsPagedByIdOrByName) {
  httplib::MultipartFormDataItems form{
      {"Name", "d", "", ""}, {"Owner", "alice", "", ""}, {"Visibility", "5", "", ""}};
  ASSERT_EQ(sim_.api().Post("/api/v1/datasets", bearer(k_alice), form)->status, 200);
  std::vector<nlohmann::json> actions;
  for (int i = 0; i < 5; ++i) {
    actions.push_back(create_action("data/part" + std::to_string(i) + ".csv", "row"));
  }
  ASSERT_EQ(commit(sim_, k_alice, "alice/d", actions, "master", "datasets")->status, 200);
  const auto id =
      body_of(sim_.api().Get("/api/v1/datasets/alice/d"))["Data"]["Id"].get<std::int64_t>();
  const std::string by_id = "/api/v1/datasets/" + std::to_string(id) +
                            "/repo/tree?Revision=master&Root=/&Recursive=True&PageSize=2";
  std::vector<std::string> seen;
  for (int page = 1; page <= 4; ++page) {
    const auto body = body_of(sim_.api().Get(by_id + "&PageNumber=" + std::to_string(page)));
    for (const auto& f : body["Data"]["Files"]) {
      EXPECT_TRUE(f.contains("CommitId"));
      seen.push_back(f["Path"]);
    }
  }
  EXPECT_EQ(seen.size(), 6U);  // "data" and five files, over pages of 2
  const auto named = body_of(
      sim_.api().Get("/api/v1/datasets/alice/d/repo/tree?Root=data&Recursive=False&PageSize=200"));
  EXPECT_EQ(named["Data"]["Files"].size(), 5U);
}

TEST_F(MsApi, Checklist4DownloadDecodesQuotePlusAndHonoursRange) {
  // quote_plus("dir/a b+c.txt") = "dir%2Fa+b%2Bc.txt"
  const std::string url = "/api/v1/models/alice/m/repo?Revision=master&FilePath=dir%2Fa+b%2Bc.txt";
  auto r = sim_.api().Get(url);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "0123456789");
  r = sim_.api().Get(url, {{"Range", "bytes=2-5"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  EXPECT_EQ(r->body, "2345");
  EXPECT_EQ(r->get_header_value("Content-Range"), "bytes 2-5/10");
  r = sim_.api().Get(url, {{"Range", "bytes=7-"}});
  EXPECT_EQ(r->body, "789");
  r = sim_.api().Get("/api/v1/models/alice/m/repo?FilePath=nope.txt");
  EXPECT_EQ(r->status, 404);
  expect_error_envelope(body_of(r));
}

TEST_F(MsApi, Checklist4LfsDownloadRedirectsToTheCdn) {
  const auto r =
      sim_.api().Get("/api/v1/models/alice/m/repo?Revision=master&FilePath=w.safetensors");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 302);
  const std::string location = r->get_header_value("Location");
  ASSERT_EQ(location.rfind(sim_.addresses().cdn_url, 0), 0U) << location;
  const std::string path = location.substr(sim_.addresses().cdn_url.size());
  auto got = sim_.cdn().Get(path, {{"Range", "bytes=0-6"}});  // no credentials
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 206);
  EXPECT_EQ(got->body, "pretend");
  const std::string forged = path.substr(0, path.find("auth_key=") + 9) + "1-abc";
  EXPECT_EQ(sim_.cdn().Get(forged)->status, 403);
}

TEST_F(MsApi, GatedReposRefuseDownloadsWithoutAccess) {
  ASSERT_EQ(create_model(sim_, k_alice, "alice", "gated", 5, 1), 200);
  ASSERT_EQ(commit(sim_, k_alice, "alice/gated", {create_action("a.txt", "gated bytes")})->status,
            200);
  const std::string url = "/api/v1/models/alice/gated/repo?FilePath=a.txt";
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/gated", bearer(k_bob))->status, 200);
  auto r = sim_.api().Get(url, bearer(k_bob));
  EXPECT_EQ(r->status, 403);
  expect_error_envelope(body_of(r));
  EXPECT_EQ(sim_.api().Get(url)->status, 403);
  EXPECT_EQ(sim_.api().Get(url, bearer(k_carol))->body, "gated bytes");
  EXPECT_EQ(sim_.api().Get(url, cookie(k_alice))->status, 200);
}

TEST_F(MsApi, Checklist5CreateAnswers400WithTheHubCodeWhenTheRepoExists) {
  auto r = sim_.api().Post("/api/v1/models", bearer(k_alice),
                           R"({"Path":"alice","Name":"m","Visibility":5})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  auto body = body_of(r);
  expect_error_envelope(body);
  EXPECT_EQ(body["Code"].get<std::int64_t>(), 10010101001);

  httplib::MultipartFormDataItems form{
      {"Name", "d", "", ""}, {"Owner", "alice", "", ""}, {"Visibility", "5", "", ""}};
  ASSERT_EQ(sim_.api().Post("/api/v1/datasets", bearer(k_alice), form)->status, 200);
  r = sim_.api().Post("/api/v1/datasets", bearer(k_alice), form);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body_of(r)["Code"].get<std::int64_t>(), 10020101001);

  EXPECT_EQ(create_model(sim_, k_bob, "alice", "x"), 403);
  EXPECT_EQ(create_model(sim_, "", "alice", "x"), 401);
}

TEST_F(MsApi, Checklist6BlobBatchOmitsStoredOidsAndPutChecksTheHash) {
  const std::string content = "fresh blob content";
  const std::string oid = hashing::sha256_hex(content);
  const nlohmann::json query{
      {"operation", "upload"},
      {"objects",
       {{{"oid", oid}, {"size", content.size()}},
        {{"oid", hashing::sha256_hex(k_weights)}, {"size", std::string(k_weights).size()}}}}};
  const std::string batch = "/api/v1/repos/models/alice/m/info/lfs/objects/batch";
  auto body = body_of(sim_.api().Post(batch, cookie(k_alice), query.dump(), ""));
  ASSERT_EQ(body["Data"]["objects"].size(), 1U) << body;  // the weights are already stored
  EXPECT_EQ(body["Data"]["objects"][0]["oid"], oid);
  const std::string href = body["Data"]["objects"][0]["actions"]["upload"]["href"];
  // The emulator host (protocols §10 item 6): the href names the ModelScope API listener,
  // which may receive the token, never the CDN one; addressed by name, on the API host's
  // `lfs.` sibling (ms_limits.hpp).
  std::string origin = sim_.addresses().ms_url;
  origin.replace(origin.find("://www.") + 3, 3, "lfs");
  ASSERT_EQ(href.rfind(origin + "/", 0), 0U) << href;
  const std::string path = href.substr(origin.size());
  EXPECT_EQ(path,
            "/api/v1/repos/models/alice/m/blobs/" + oid + "/" + std::to_string(content.size()));

  auto put = MsSim::client(origin).Put(path, bearer(k_alice), "tampered content!!",
                                       "application/octet-stream");
  EXPECT_EQ(put->status, 400);
  expect_error_envelope(body_of(put));
  put = sim_.api().Put(path, {}, content, "application/octet-stream");
  EXPECT_EQ(put->status, 400);
  EXPECT_EQ(body_of(put)["Code"].get<std::int64_t>(), 10030000001);
  // The CDN listener takes no upload: a token sent there would leave the hub's hosts.
  EXPECT_EQ(sim_.cdn().Put(path, cookie(k_alice), content, "application/octet-stream")->status,
            404);
  put = sim_.api().Put(path, cookie(k_alice), content, "application/octet-stream");
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(body_of(put)["Code"], 200);

  body = body_of(sim_.api().Post(batch, cookie(k_alice), query.dump(), ""));
  EXPECT_TRUE(body["Data"]["objects"].empty()) << body;
}

// Blobs are held per repo (UNCONFIRMED on ModelScope; the strict side, as the Hub does): the
// weights alice/m holds are not alice/other's until uploaded there.
TEST_F(MsApi, BlobsAreHeldPerRepo) {
  ASSERT_EQ(create_model(sim_, k_alice, "alice", "other"), 200);
  const std::string oid = hashing::sha256_hex(k_weights);
  const nlohmann::json query{
      {"operation", "upload"},
      {"objects", {{{"oid", oid}, {"size", std::string(k_weights).size()}}}}};
  const std::string batch = "/api/v1/repos/models/alice/other/info/lfs/objects/batch";
  auto body = body_of(sim_.api().Post(batch, cookie(k_alice), query.dump(), ""));
  ASSERT_EQ(body["Data"]["objects"].size(), 1U) << body;
  EXPECT_EQ(body["Data"]["objects"][0]["oid"], oid);
  auto r = commit(sim_, k_alice, "alice/other", {lfs_action("w.safetensors", k_weights)});
  EXPECT_EQ(r->status, 400);
  expect_error_envelope(body_of(r));
  upload_blob(sim_, k_alice, "alice/other", k_weights);
  body = body_of(sim_.api().Post(batch, cookie(k_alice), query.dump(), ""));
  EXPECT_TRUE(body["Data"]["objects"].empty()) << body;
  r = commit(sim_, k_alice, "alice/other", {lfs_action("w.safetensors", k_weights)});
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(MsApi, Checklist7CommitCreateIsAnUpsertAndRepliesDataOid) {
  auto r = commit(sim_, k_alice, "alice/m", {create_action("README.md", "# changed\n")});
  ASSERT_EQ(r->status, 200) << r->body;
  const auto oid = body_of(r)["Data"]["oid"].get<std::string>();
  EXPECT_EQ(oid.size(), 40U);
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/m/repo?FilePath=README.md")->body, "# changed\n");
  r = commit(sim_, k_alice, "alice/m", {create_action("README.md", "# changed\n")});
  EXPECT_EQ(r->status, 200);  // identical re-upload succeeds
}

TEST_F(MsApi, Checklist7CommitRefusals) {
  auto r = commit(sim_, k_alice, "alice/m", {delete_action("not-there.txt")});
  EXPECT_EQ(r->status, 400);
  expect_error_envelope(body_of(r));
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/m/repo?FilePath=README.md")->status, 200);

  r = commit(sim_, k_alice, "alice/m", {lfs_action("x.bin", "never uploaded")});
  EXPECT_EQ(r->status, 400);

  std::vector<nlohmann::json> many;
  for (int i = 0; i < 2001; ++i) {
    many.push_back(create_action("f" + std::to_string(i), "x"));
  }
  r = commit(sim_, k_alice, "alice/m", many);
  EXPECT_EQ(r->status, 422);
  expect_error_envelope(body_of(r));

  ASSERT_TRUE(sim_.sim().store().create_tag({Hub::ms, RepoType::model, "alice/m"}, "v1", "master"));
  r = commit(sim_, k_alice, "alice/m", {create_action("a.txt", "x")}, "v1");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body_of(r)["message"], "You can only create or edit files when you are on a branch");

  r = commit(sim_, k_alice, "alice/m", {create_action("./a.txt", "x")});
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(commit(sim_, k_bob, "alice/m", {create_action("a.txt", "x")})->status, 403);
  EXPECT_EQ(commit(sim_, k_alice, "alice/m", {delete_action("dir/a b+c.txt")})->status, 200);
}

TEST(MsApiLimits, Checklist7CommitFrequencyLimitAnswers429WithRetryAfter) {
  SimOptions options;
  options.ms_limits.commits_per_window = 2;
  MsSim sim(options);
  ASSERT_EQ(create_model(sim, k_alice, "alice", "m"), 200);
  EXPECT_EQ(commit(sim, k_alice, "alice/m", {create_action("a", "1")})->status, 200);
  EXPECT_EQ(commit(sim, k_alice, "alice/m", {create_action("a", "2")})->status, 200);
  const auto r = commit(sim, k_alice, "alice/m", {create_action("a", "3")});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_FALSE(r->get_header_value("Retry-After").empty());
  expect_error_envelope(body_of(r));
}

TEST_F(MsApi, Checklist8LoginMatchesTheRecordedBodies) {
  const auto ok_fixture = load_ms_fixture("api_v1_login_ok_http200.json");
  const auto bad_fixture = load_ms_fixture("api_v1_login_token_rejected_http400.json");
  if (!ok_fixture || !bad_fixture) {
    GTEST_SKIP() << "../shared/fixtures/modelscope not found next to the source tree";
  }
  auto r = sim_.api().Post("/api/v1/login", R"({"AccessToken":"ms_alice_write"})", "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto body = body_of(r);
  EXPECT_EQ(shape_differences(*ok_fixture, body), std::vector<std::string>{});
  EXPECT_EQ(body["Data"]["Username"], "alice");
  EXPECT_NE(body["Data"]["AccessToken"], "ms_alice_write");  // a git credential, not the token
  EXPECT_NE(r->get_header_value("Set-Cookie").find("m_session_id=ms_alice_write"),
            std::string::npos);

  for (const char* token : {"wrong", "ms_alice_read"}) {
    r = sim_.api().Post("/api/v1/login", nlohmann::json{{"AccessToken", token}}.dump(),
                        "application/json");
    EXPECT_EQ(r->status, 400) << token;
    body = body_of(r);
    EXPECT_EQ(shape_differences(*bad_fixture, body), std::vector<std::string>{});
    EXPECT_EQ(body["Code"], (*bad_fixture)["Code"]);
    EXPECT_EQ(body["Message"], (*bad_fixture)["Message"]);
  }
}

TEST_F(MsApi, Checklist8WhoamiOnBothSurfaces) {
  const auto fixture = load_ms_fixture("openapi_v1_examples.json");
  if (!fixture) {
    GTEST_SKIP() << "../shared/fixtures/modelscope not found next to the source tree";
  }
  auto r = sim_.api().Get("/openapi/v1/users/me", bearer(k_alice_read));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto body = body_of(r);
  EXPECT_EQ(
      shape_differences((*fixture)["user-all-response (GET /openapi/v1/users/me, 200)"], body),
      std::vector<std::string>{});
  EXPECT_EQ(body["data"]["username"], "alice");
  r = sim_.api().Get("/openapi/v1/users/me", bearer("nope"));
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(shape_differences((*fixture)["invalid-authentication (401)"], body_of(r)),
            std::vector<std::string>{});

  body = body_of(sim_.api().Get("/api/v1/users/login/info", cookie(k_alice)));
  EXPECT_EQ(body["Success"], true);
  EXPECT_EQ(body["Data"]["Name"], "alice");
  EXPECT_EQ(sim_.api().Get("/api/v1/users/login/info")->status, 401);
}

TEST_F(MsApi, Checklist9ErrorsCarryTheEnvelopeAndAuthComesFromCookieOrBearer) {
  for (const auto& r : {sim_.api().Get("/api/v1/models/alice/none"),
                        sim_.api().Post("/api/v1/models", bearer(k_alice), "{bad", ""),
                        commit(sim_, "", "alice/m", {create_action("a", "1")})}) {
    ASSERT_TRUE(r);
    EXPECT_GE(r->status, 400);
    expect_error_envelope(body_of(r));
  }
  EXPECT_EQ(commit(sim_, k_alice, "alice/m", {create_action("c.txt", "via cookie")})->status, 200);
  const nlohmann::json body{{"commit_message", "m"},
                            {"actions", nlohmann::json::array({create_action("b.txt", "b")})}};
  const auto r = sim_.api().Post("/api/v1/repos/models/alice/m/commit/master", bearer(k_alice),
                                 body.dump(), "");
  EXPECT_EQ(r->status, 200);
}

TEST_F(MsApi, Checklist10HarmlessStubs) {
  auto r = sim_.api().Get("/api/v1/repos/internalAccelerationInfo");
  EXPECT_EQ(r->status, 404);
  expect_error_envelope(body_of(r));
  r = sim_.api().Post("/api/v1/datasets/alice/d/download/increase", "", "");
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(body_of(r)["Code"], 200);
  r = sim_.api().Post("/api/v1/datasets/alice/d/download/uv/local?user=alice", "", "");
  EXPECT_EQ(r->status, 200);
}

TEST_F(MsApi, OpenApiInfoMatchesTheSpecExample) {
  const auto fixture = load_ms_fixture("openapi_v1_examples.json");
  if (!fixture) {
    GTEST_SKIP() << "../shared/fixtures/modelscope not found next to the source tree";
  }
  auto r = sim_.api().Get("/openapi/v1/models/alice/m", bearer(k_alice));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(shape_differences(
                (*fixture)["get-model-response (GET /openapi/v1/models/{owner}/{repo_name}, 200)"],
                body_of(r)),
            std::vector<std::string>{});
  r = sim_.api().Get("/openapi/v1/models/alice/none");
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(shape_differences((*fixture)["resource-not-found (404)"], body_of(r)),
            std::vector<std::string>{});
}

TEST_F(MsApi, ListsANamespaceOnAllThreeSurfaces) {
  ASSERT_EQ(create_model(sim_, k_alice, "alice", "second"), 200);
  ASSERT_EQ(create_model(sim_, k_alice, "alice", "hidden", 1), 200);
  ASSERT_EQ(create_model(sim_, k_bob, "bob", "other"), 200);
  auto body = body_of(
      sim_.api().Put("/api/v1/models/", R"({"Path":"alice","PageNumber":1,"PageSize":10})", ""));
  EXPECT_EQ(body["Data"]["TotalCount"], 2);
  EXPECT_EQ(body["Data"]["Models"].size(), 2U);
  body = body_of(
      sim_.api().Get("/openapi/v1/models?owner=alice&page_size=1&page_number=2", bearer(k_alice)));
  EXPECT_EQ(body["data"]["total_count"], 3);
  ASSERT_EQ(body["data"]["models"].size(), 1U);
  EXPECT_EQ(body["data"]["models"][0]["id"], "alice/m");
  body = body_of(sim_.api().Get("/api/v1/datasets?owner=alice&PageNumber=1&PageSize=50"));
  EXPECT_EQ(body["TotalCount"], 0);
  EXPECT_TRUE(body["Data"].is_array());
}

TEST_F(MsApi, DeleteAndVisibilityChanges) {
  auto r = sim_.api().Put("/api/v1/models/alice/m", bearer(k_alice),
                          R"({"Visibility":1,"ProtectedMode":2})", "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/m")->status, 404);
  EXPECT_EQ(sim_.api().Delete("/api/v1/models/alice/m", bearer(k_bob))->status, 404);
  EXPECT_EQ(sim_.api().Delete("/api/v1/models/alice/m", bearer(k_alice))->status, 200);
  EXPECT_EQ(sim_.api().Get("/api/v1/models/alice/m", bearer(k_alice))->status, 404);
}

}  // namespace
}  // namespace hf2ms::hubsim
