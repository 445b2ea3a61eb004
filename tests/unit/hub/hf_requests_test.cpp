#include "hub/hf_requests.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

Site hf_site() {
  auto site = make_hf_site("https://huggingface.co/", Secret("hf_secret"));
  HF2MS_ASSERT(site.has_value());
  return *site;
}

const RepoKey k_model{manifest::Hub::hf, manifest::RepoType::model, "acme/m"};
const RepoKey k_dataset{manifest::Hub::hf, manifest::RepoType::dataset, "acme/d"};
const RepoKey k_space{manifest::Hub::hf, manifest::RepoType::space, "acme/s"};

TEST(HfRequests, TokenIsBoundToTheApiOriginOnly) {
  const Site site = hf_site();
  EXPECT_EQ(site.endpoint, "https://huggingface.co");
  ASSERT_TRUE(site.credential.has_value());
  ASSERT_EQ(site.credential->origins.size(), 1U);
  EXPECT_EQ(http::to_string(site.credential->origins[0]), "https://huggingface.co");
  ASSERT_EQ(site.credential->headers.size(), 1U);
  EXPECT_EQ(site.credential->headers[0].name, "Authorization");
  EXPECT_EQ(site.credential->headers[0].value.reveal(), "Bearer hf_secret");
  auto anon = make_hf_site("https://huggingface.co", std::nullopt);
  EXPECT_FALSE(anon->credential.has_value());
}

TEST(HfRequests, EncodesRevisionsWithoutSafeCharactersAndPathsKeepingSlashes) {
  const Site site = hf_site();
  EXPECT_EQ(hf_repo_info_request(site, k_model, "refs/pr/1").url,
            "https://huggingface.co/api/models/acme/m/revision/refs%2Fpr%2F1");
  EXPECT_EQ(hf_tree_request(site, k_dataset, "abc").url,
            "https://huggingface.co/api/datasets/acme/d/tree/abc?recursive=true&expand=false");
  auto download = hf_download_request(site, k_space, "c0ffee", "dir/my file.bin", ByteRange{10, 5});
  EXPECT_EQ(download.url, "https://huggingface.co/spaces/acme/s/resolve/c0ffee/dir/my%20file.bin");
  EXPECT_EQ(download.headers.get("Range"), "bytes=10-14");
  EXPECT_EQ(download.redirects, http::Redirects::follow);
  EXPECT_EQ(download.idempotency, http::Idempotency::safe_to_retry);
  EXPECT_EQ(
      hf_download_request(site, k_model, "c", "a", ByteRange{7, std::nullopt}).headers.get("Range"),
      "bytes=7-");
}

// real-hub-limits.md HF §8: create takes `visibility` or `private`, and the current client never
// sends both; settings takes `visibility` (huggingface-hub.md §7.3). No other call carries one.
TEST(HfRequests, CreateSendsVisibilityNotPrivateAndSdkForSpaces) {
  auto request = hf_create_repo_request(hf_site(), k_space,
                                        {RepoVisibility::private_, "gradio", std::nullopt});
  EXPECT_EQ(request.url, "https://huggingface.co/api/repos/create");
  EXPECT_EQ(request.method, http::Method::post);
  auto body = nlohmann::json::parse(std::get<std::string>(request.body));
  EXPECT_EQ(body["name"], "s");
  EXPECT_EQ(body["organization"], "acme");
  EXPECT_EQ(body["type"], "space");
  EXPECT_EQ(body["visibility"], "private");
  EXPECT_FALSE(body.contains("private"));
  EXPECT_EQ(body["sdk"], "gradio");
  auto settings = hf_settings_request(hf_site(), k_model, RepoVisibility::public_);
  EXPECT_EQ(settings.method, http::Method::put);
  EXPECT_EQ(settings.url, "https://huggingface.co/api/models/acme/m/settings");
  EXPECT_EQ(nlohmann::json::parse(std::get<std::string>(settings.body)),
            nlohmann::json({{"visibility", "public"}}));
}

TEST(HfRequests, NoCallButCreateAndSettingsCarriesAVisibility) {
  const std::vector<StagedFile> staged = {{"a.txt", 1, "a"}};
  const std::vector<BlobSpec> blobs = {{std::string(64, 'b'), 42}};
  CommitSpec spec{"main", "Mirror", {{"a.txt", 1, "", Storage::inline_, "a"}}, {"b"}, "p"};
  for (const http::Request& r : {hf_preupload_request(hf_site(), k_model, "main", staged),
                                 hf_lfs_batch_request(hf_site(), k_model, "main", blobs),
                                 hf_commit_request(hf_site(), k_model, spec)}) {
    const std::string& body = std::get<std::string>(r.body);
    EXPECT_EQ(body.find("visibility"), std::string::npos) << r.url;
    EXPECT_EQ(body.find("private"), std::string::npos) << r.url;
  }
}

TEST(HfRequests, CommitIsNdjsonWithParentCommitAndNeverRetried) {
  CommitSpec spec;
  spec.branch = "main";
  spec.message = "Mirror";
  spec.parent_commit = "abc123";
  spec.adds.push_back({"w.bin", 3, std::string(64, 'a'), Storage::lfs, ""});
  spec.adds.push_back({"a.txt", 2, "", Storage::inline_, "hi"});
  spec.deletes.push_back("old.txt");
  auto request = hf_commit_request(hf_site(), k_model, spec);
  EXPECT_EQ(request.url, "https://huggingface.co/api/models/acme/m/commit/main");
  EXPECT_EQ(request.idempotency, http::Idempotency::not_safe);
  EXPECT_EQ(request.headers.get("Content-Type"), "application/x-ndjson");
  // The Hub checks every operation before answering: minutes of silence are tolerated.
  EXPECT_EQ(request.timeouts.low_speed_window, http::k_long_operation_silence);
  EXPECT_EQ(hf_branch_head_request(hf_site(), k_model, "refs/pr/1").url,
            "https://huggingface.co/api/models/acme/m/commits/refs%2Fpr%2F1?limit=1");
  EXPECT_EQ(
      std::get<std::string>(request.body),
      R"({"key":"header","value":{"description":"","parentCommit":"abc123","summary":"Mirror"}})"
      "\n"
      R"({"key":"lfsFile","value":{"algo":"sha256","oid":")" +
          std::string(64, 'a') +
          R"(","path":"w.bin","size":3}})"
          "\n"
          R"({"key":"file","value":{"content":"aGk=","encoding":"base64","path":"a.txt"}})"
          "\n"
          R"({"key":"deletedFile","value":{"path":"old.txt"}})"
          "\n");
}

TEST(HfRequests, LfsBatchAsksForBasicAndMultipartOnTheGitRoute) {
  const std::vector<BlobSpec> blobs = {{std::string(64, 'b'), 42}};
  auto request = hf_lfs_batch_request(hf_site(), k_dataset, "main", blobs);
  EXPECT_EQ(request.url, "https://huggingface.co/datasets/acme/d.git/info/lfs/objects/batch");
  EXPECT_EQ(request.headers.get("Content-Type"), "application/vnd.git-lfs+json");
  auto body = nlohmann::json::parse(std::get<std::string>(request.body));
  EXPECT_EQ(body["transfers"], nlohmann::json({"basic", "multipart"}));
  EXPECT_EQ(body["objects"][0]["size"], 42);
  EXPECT_EQ(body["ref"]["name"], "main");
  EXPECT_EQ(body["hash_algo"], "sha256");
}

TEST(HfRequests, MultipartActionBecomesIndependentUncredentialedParts) {
  auto actions = parse_hf_lfs_batch(R"({"objects":[
    {"oid":"o1","size":25,"actions":{"upload":{"href":"https://hub/complete?sig=1",
      "header":{"chunk_size":"10","00002":"https://s3/p2","00001":"https://s3/p1","00003":"https://s3/p3"}}}},
    {"oid":"o2","size":5},
    {"oid":"o3","size":4,"actions":{"upload":{"href":"https://s3/put","header":{"x-amz-acl":"private"}}}}]})");
  ASSERT_TRUE(actions.has_value()) << actions.error().message;
  ASSERT_EQ(actions->size(), 2U);  // o2 is stored already
  BlobUpload multi = hf_blob_upload(hf_site(), (*actions)[0]);
  ASSERT_EQ(multi.parts.size(), 3U);
  EXPECT_EQ(multi.parts[1].request.url, "https://s3/p2");
  EXPECT_EQ(multi.parts[2].offset, 20U);
  EXPECT_EQ(multi.parts[2].length, 5U);
  for (const UploadPart& part : multi.parts) {
    EXPECT_FALSE(part.request.credential.has_value());
    EXPECT_EQ(part.request.idempotency, http::Idempotency::safe_to_retry);
  }
  const std::vector<std::string> etags = {"\"e1\"", "\"e2\"", "\"e3\""};
  auto done = completion_request(multi, etags);
  EXPECT_EQ(done.url, "https://hub/complete?sig=1");
  EXPECT_FALSE(done.credential.has_value());
  // S3 assembles the parts before it answers; parts themselves keep the 60 s silence limit.
  EXPECT_EQ(done.timeouts.low_speed_window, http::k_long_operation_silence);
  EXPECT_EQ(multi.parts[0].request.timeouts.low_speed_window, std::chrono::seconds(60));
  auto body = nlohmann::json::parse(std::get<std::string>(done.body));
  EXPECT_EQ(body["oid"], "o1");
  EXPECT_EQ(body["parts"][2]["partNumber"], 3);
  EXPECT_EQ(body["parts"][2]["etag"], "\"e3\"");
  BlobUpload basic = hf_blob_upload(hf_site(), (*actions)[1]);
  ASSERT_EQ(basic.parts.size(), 1U);
  EXPECT_FALSE(basic.completion_url.has_value());
  EXPECT_EQ(basic.parts[0].request.headers.get("x-amz-acl"), "private");
}

// huggingface-hub.md §8.2: the batch answer may offer `verify`; the Python client POSTs
// {"oid","size"} there with the Hub token once the object is stored.
TEST(HfRequests, VerifyOfferedByTheBatchAnswerBecomesACredentialedPostOnTheHub) {
  auto actions = parse_hf_lfs_batch(R"({"transfer":"basic","objects":[
    {"oid":"o1","size":4,"actions":{"upload":{"href":"https://s3/put"},
      "verify":{"href":"https://huggingface.co/acme/m.git/info/lfs/objects/verify",
                "header":{"X-Check":"1","Authorization":"Bearer stolen"}}}},
    {"oid":"o2","size":4,"actions":{"upload":{"href":"https://s3/put2"}}}]})");
  ASSERT_TRUE(actions.has_value()) << actions.error().message;
  ASSERT_EQ(actions->size(), 2U);
  const BlobUpload upload = hf_blob_upload(hf_site(), (*actions)[0]);
  ASSERT_TRUE(upload.verify.has_value());
  EXPECT_EQ(upload.verify->method, http::Method::post);
  EXPECT_EQ(upload.verify->url, "https://huggingface.co/acme/m.git/info/lfs/objects/verify");
  EXPECT_EQ(nlohmann::json::parse(std::get<std::string>(upload.verify->body)),
            nlohmann::json({{"oid", "o1"}, {"size", 4}}));
  EXPECT_EQ(upload.verify->headers.get("X-Check"), "1");
  EXPECT_FALSE(upload.verify->headers.get("Authorization").has_value());
  ASSERT_TRUE(upload.verify->credential.has_value());
  EXPECT_TRUE(http::credential_applies(*upload.verify->credential,
                                       *http::parse_origin("https://huggingface.co")));
  EXPECT_FALSE(upload.parts[0].request.credential.has_value());
  EXPECT_FALSE(hf_blob_upload(hf_site(), (*actions)[1]).verify.has_value());
}

TEST(HfRequests, UnknownLfsTransferIsRefusedByName) {
  const std::string objects = R"("objects":[{"oid":"o1","size":4,"actions":{"upload":{
    "href":"https://s3/put"}}}])";
  for (const char* ok : {"", R"("transfer":"basic",)", R"("transfer":"multipart",)"}) {
    EXPECT_TRUE(parse_hf_lfs_batch("{" + std::string(ok) + objects + "}").has_value()) << ok;
  }
  const std::vector<std::pair<std::string, std::string>> refused_values = {
      {R"("transfer":"xet",)", R"(transfer "xet")"},
      {R"("transfer":"ssh-tunnel",)", R"(transfer "ssh-tunnel")"},
      {R"("transfer":3,)", "transfer 3,"}};
  for (const auto& [bad, named] : refused_values) {
    auto refused = parse_hf_lfs_batch("{" + bad + objects + "}");
    ASSERT_FALSE(refused.has_value()) << bad;
    EXPECT_EQ(refused.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(refused.error().message.find(named), std::string::npos) << refused.error().message;
  }
}

TEST(HfRequests, MultipartWithWrongPartCountIsRefused) {
  auto actions = parse_hf_lfs_batch(R"({"objects":[{"oid":"o1","size":25,"actions":{"upload":{
    "href":"https://hub/c","header":{"chunk_size":"10","00001":"https://s3/p1"}}}}]})");
  ASSERT_FALSE(actions.has_value());
  EXPECT_EQ(actions.error().kind, ErrorKind::invalid_input);
}

TEST(HfRequests, PerObjectBatchErrorFailsTheBatch) {
  auto actions = parse_hf_lfs_batch(
      R"({"objects":[{"oid":"o1","size":1,"error":{"code":422,"message":"too big"}}]})");
  ASSERT_FALSE(actions.has_value());
  EXPECT_NE(actions.error().message.find("too big"), std::string::npos);
}

TEST(HfRequests, PreuploadSamplesAtMost512BytesInBase64) {
  const std::vector<StagedFile> files = {{"a.bin", 1000, std::string(600, 'x')}};
  auto request = hf_preupload_request(hf_site(), k_model, "main", files);
  EXPECT_EQ(request.url, "https://huggingface.co/api/models/acme/m/preupload/main");
  auto body = nlohmann::json::parse(std::get<std::string>(request.body));
  EXPECT_EQ(body["files"][0]["sample"].get<std::string>().size(), 684U);  // 512 bytes → 684
  auto decisions = parse_hf_preupload(R"({"files":[
    {"path":"a.bin","uploadMode":"lfs","shouldIgnore":false},
    {"path":"b.txt","uploadMode":"regular","shouldIgnore":true,"oid":"abc"}]})");
  ASSERT_TRUE(decisions.has_value());
  EXPECT_EQ((*decisions)[0].storage, Storage::lfs);
  EXPECT_EQ((*decisions)[1], (StorageDecision{"b.txt", Storage::inline_, true, "abc"}));
}

TEST(HfRequests, HubErrorsKeepTheirMessageAndGatedIsGated) {
  http::Response response;
  response.status = 403;
  response.headers.add("X-Error-Code", "GatedRepo");
  response.headers.add("X-Error-Message", "Access to model acme/m is restricted");
  Error error = hf_response_error(http::Method::get, response);
  EXPECT_EQ(error.kind, ErrorKind::gated);
  EXPECT_EQ(error.message, "Access to model acme/m is restricted");
  http::Response busy;
  busy.status = 429;
  busy.headers.add("Retry-After", "7");
  busy.body = R"({"error":"slow down"})";
  Error limited = hf_response_error(http::Method::get, busy);
  EXPECT_EQ(limited.kind, ErrorKind::rate_limited);
  EXPECT_EQ(limited.message, "slow down");
  EXPECT_EQ(limited.retry_after_seconds, 7.0);
}

}  // namespace
}  // namespace hf2ms::hub
