// The small protocol points of issue #13 item 6 that a client decides against a hub answer:
// empty files on HF, shouldIgnore, ModelScope upload hosts, internal visibility, licences on
// create. Scripted answers in the shapes the protocol notes record; the simulator integration
// tests (tests/integration/transfer_protocol_test.cpp, apply_protocol_test.cpp) run the same
// points end to end.
#include "hub/hf_client.hpp"
#include "hub/ms_client.hpp"
#include "hub/ms_requests.hpp"
#include "scripted_performer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

using testing::answer;
using testing::ScriptedPerformer;

const RepoKey k_hf_model{manifest::Hub::hf, manifest::RepoType::model, "acme/m"};
const RepoKey k_ms_model{manifest::Hub::ms, manifest::RepoType::model, "acme/m"};
const RepoKey k_ms_dataset{manifest::Hub::ms, manifest::RepoType::dataset, "acme/d"};

// real-hub-limits.md HF §5: S3 answers 501 to an empty LFS upload, so the official client
// commits every empty file as a regular file, whatever preupload said.
TEST(HfClient, EmptyFilesAreRegularWhateverPreuploadSays) {
  ScriptedPerformer hub([](const http::Request&) {
    return answer(200, R"({"files":[
      {"path":"empty.bin","uploadMode":"lfs","shouldIgnore":false},
      {"path":"w.bin","uploadMode":"lfs","shouldIgnore":false},
      {"path":"a.log","uploadMode":"regular","shouldIgnore":true}],"commitOid":"c"})");
  });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  const std::vector<StagedFile> files{
      {"empty.bin", 0, ""}, {"w.bin", 5, "hello"}, {"a.log", 1, "x"}};
  auto decisions = (*client)->decide_storage(k_hf_model, "main", files);
  ASSERT_TRUE(decisions.has_value()) << decisions.error().message;
  ASSERT_EQ(decisions->size(), 3U);
  EXPECT_EQ((*decisions)[0].storage, Storage::inline_);
  EXPECT_EQ((*decisions)[1].storage, Storage::lfs);
  EXPECT_FALSE((*decisions)[1].ignored);
  EXPECT_TRUE((*decisions)[2].ignored);  // the transfer skips and reports it
}

std::string ms_batch_answer(const std::string& sha, const std::string& href) {
  return R"({"Code":200,"Success":true,"Data":{"objects":[{"oid":")" + sha +
         R"(","size":3,"actions":{"upload":{"href":")" + href + R"("}}}]}})";
}

// real-hub-limits.md ModelScope §5, modelscope-hub.md §2.1: credentials go to the API host and
// its lfs./pre-lfs. siblings only. An href anywhere else is refused before anything is sent.
TEST(MsClient, BlobHrefsAreCredentialedOnTheApiSiblingsOnlyAndRefusedElsewhere) {
  const std::string sha(64, 'c');
  const std::vector<BlobSpec> asked{{sha, 3}};
  for (const std::string host : {"https://www.modelscope.cn", "https://lfs.modelscope.cn",
                                 "https://pre-lfs.modelscope.cn"}) {
    ScriptedPerformer hub(
        [&](const http::Request&) { return answer(200, ms_batch_answer(sha, host + "/b/x")); });
    auto client = MsClient::create("https://www.modelscope.cn", Secret("ms_t"), hub);
    auto uploads = (*client)->plan_uploads(k_ms_model, "master", asked);
    ASSERT_TRUE(uploads.has_value()) << host << ": " << uploads.error().message;
    ASSERT_EQ(uploads->size(), 1U);
    const http::Request& put = (*uploads)[0].parts[0].request;
    ASSERT_TRUE(put.credential.has_value());
    EXPECT_TRUE(http::credential_applies(*put.credential, *http::parse_origin(host))) << host;
  }
  for (const std::string host :
       {"https://cdn-lfs-cn-1.modelscope.cn", "https://lfs.evil.example",
        "http://lfs.modelscope.cn", "https://lfs.modelscope.cn:8443",
        "https://bucket.oss-cn-hangzhou.aliyuncs.com", "https://huggingface.co"}) {
    ScriptedPerformer hub(
        [&](const http::Request&) { return answer(200, ms_batch_answer(sha, host + "/b/x")); });
    auto client = MsClient::create("https://www.modelscope.cn", Secret("ms_t"), hub);
    auto uploads = (*client)->plan_uploads(k_ms_model, "master", asked);
    ASSERT_FALSE(uploads.has_value()) << host;
    EXPECT_EQ(uploads.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(uploads.error().message.find(host), std::string::npos) << uploads.error().message;
    EXPECT_NE(uploads.error().message.find("no token"), std::string::npos);
    EXPECT_EQ(hub.requests().size(), 1U);  // only the batch question went out
  }
}

// An IP endpoint (the simulator with --ms-hosts ip) has no DNS siblings: only its own origin.
TEST(MsClient, AnIpEndpointTakesHrefsOnItselfOnly) {
  const std::string sha(64, 'd');
  const std::vector<BlobSpec> asked{{sha, 3}};
  ScriptedPerformer same([&](const http::Request&) {
    return answer(200, ms_batch_answer(sha, "http://127.0.0.1:8080/api/v1/x"));
  });
  auto client = MsClient::create("http://127.0.0.1:8080", Secret("ms_t"), same);
  EXPECT_TRUE((*client)->plan_uploads(k_ms_model, "master", asked).has_value());
  ScriptedPerformer other([&](const http::Request&) {
    return answer(200, ms_batch_answer(sha, "http://127.0.0.1:9090/api/v1/x"));
  });
  auto other_client = MsClient::create("http://127.0.0.1:8080", Secret("ms_t"), other);
  EXPECT_FALSE((*other_client)->plan_uploads(k_ms_model, "master", asked).has_value());
}

TEST(MsClient, InternalVisibilityReadsAsPrivate) {
  ScriptedPerformer hub([](const http::Request& r) {
    if (r.url.find("/commits") != std::string::npos) {
      return answer(200, R"({"Code":200,"Success":true,"Data":{"Commit":[{"Id":")" +
                             std::string(40, 'a') + R"(","Title":"t"}]}})");
    }
    return answer(200, R"({"Code":200,"Success":true,"Data":{"Path":"acme","Name":"m",
      "Visibility":3,"License":"Apache License 2.0"}})");
  });
  auto client = MsClient::create("https://www.modelscope.cn", Secret("ms_t"), hub);
  auto info = (*client)->repo_info(k_ms_model, "master");
  ASSERT_TRUE(info.has_value() && info->has_value());
  EXPECT_TRUE((*info)->is_private);
  EXPECT_EQ((*info)->license, "Apache License 2.0");
}

// A create carries the licence it is given, and none when it is given none: never a default.
TEST(MsRequests, CreateSendsTheLicenceOnlyWhenThereIsOne) {
  auto site = make_ms_site("https://www.modelscope.cn", Secret("ms_t"));
  ASSERT_TRUE(site.has_value());
  auto with = ms_create_repo_request(*site, k_ms_model, {RepoVisibility::public_, {}, "mit"});
  auto body = nlohmann::json::parse(std::get<std::string>(with.body));
  EXPECT_EQ(body["License"], "mit");
  EXPECT_EQ(body["Visibility"], 5);
  auto without = ms_create_repo_request(*site, k_ms_model, {RepoVisibility::private_, {}, {}});
  body = nlohmann::json::parse(std::get<std::string>(without.body));
  EXPECT_FALSE(body.contains("License")) << body.dump();
  EXPECT_EQ(body["Visibility"], 1);
  const std::string form = std::get<std::string>(
      ms_create_repo_request(*site, k_ms_dataset, {RepoVisibility::public_, {}, {}}).body);
  EXPECT_EQ(form.find("License"), std::string::npos) << form;
  EXPECT_NE(form.find("name=\"Visibility\""), std::string::npos);
}

}  // namespace
}  // namespace hf2ms::hub
