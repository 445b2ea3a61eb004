#include "hub/ms_requests.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

Site ms_site(std::string_view endpoint = "https://www.modelscope.cn") {
  auto site = make_ms_site(endpoint, Secret("ms-token"));
  HF2MS_ASSERT(site.has_value());
  return *site;
}

const RepoKey k_model{manifest::Hub::ms, manifest::RepoType::model, "acme/m"};
const RepoKey k_dataset{manifest::Hub::ms, manifest::RepoType::dataset, "acme/d"};

TEST(MsRequests, TokenGoesAsBearerAndCookieToTheApiAndItsLfsSiblings) {
  const Site site = ms_site();
  ASSERT_TRUE(site.credential.has_value());
  std::vector<std::string> origins;
  for (const auto& o : site.credential->origins) {
    origins.push_back(http::to_string(o));
  }
  EXPECT_EQ(origins,
            (std::vector<std::string>{"https://www.modelscope.cn", "https://lfs.modelscope.cn",
                                      "https://pre-lfs.modelscope.cn"}));
  ASSERT_EQ(site.credential->headers.size(), 2U);
  EXPECT_EQ(site.credential->headers[0].value.reveal(), "Bearer ms-token");
  EXPECT_EQ(site.credential->headers[1].name, "Cookie");
  EXPECT_EQ(site.credential->headers[1].value.reveal(), "m_session_id=ms-token");
}

TEST(MsRequests, AnIpEndpointHasNoLfsSibling) {
  const Site site = ms_site("http://127.0.0.1:8081");
  ASSERT_EQ(site.credential->origins.size(), 1U);
  EXPECT_EQ(http::to_string(site.credential->origins[0]), "http://127.0.0.1:8081");
  EXPECT_EQ(ms_lfs_host("modelscope.cn"), "lfs.modelscope.cn");
  EXPECT_EQ(ms_lfs_host("localhost"), std::nullopt);
}

TEST(MsRequests, BuildsListingAndDownloadRoutes) {
  const Site site = ms_site();
  EXPECT_EQ(
      ms_model_files_request(site, k_model, "master", "", true).url,
      "https://www.modelscope.cn/api/v1/models/acme/m/repo/files?Revision=master&Recursive=True");
  EXPECT_EQ(
      ms_model_files_request(site, k_model, "master", "a b/c", false).url,
      "https://www.modelscope.cn/api/v1/models/acme/m/repo/files?Revision=master&Recursive=False"
      "&Root=a%20b%2Fc");
  EXPECT_EQ(
      ms_dataset_tree_request(site, k_dataset, "master", 3, 50).url,
      "https://www.modelscope.cn/api/v1/datasets/acme/d/repo/tree?Revision=master&Recursive=True"
      "&PageNumber=3&PageSize=50");
  auto download = ms_download_request(site, k_model, "master", "dir/w.bin", ByteRange{0, 100});
  EXPECT_EQ(
      download.url,
      "https://www.modelscope.cn/api/v1/models/acme/m/repo?Revision=master&FilePath=dir%2Fw.bin");
  EXPECT_EQ(download.headers.get("Range"), "bytes=0-99");
}

TEST(MsRequests, CreatesModelsWithJsonAndDatasetsWithMultipartForm) {
  const Site site = ms_site();
  auto model = ms_create_repo_request(site, k_model, {RepoVisibility::private_, {}, {}});
  EXPECT_EQ(model.url, "https://www.modelscope.cn/api/v1/models");
  auto body = nlohmann::json::parse(std::get<std::string>(model.body));
  EXPECT_EQ(body["Path"], "acme");
  EXPECT_EQ(body["Name"], "m");
  EXPECT_EQ(body["Visibility"], 1);
  auto dataset = ms_create_repo_request(site, k_dataset, {RepoVisibility::public_, {}, "mit"});
  EXPECT_EQ(dataset.url, "https://www.modelscope.cn/api/v1/datasets");
  EXPECT_TRUE(dataset.headers.get("Content-Type")->starts_with("multipart/form-data; boundary="));
  const auto& form = std::get<std::string>(dataset.body);
  EXPECT_NE(form.find("name=\"Owner\"\r\n\r\nacme\r\n"), std::string::npos);
  EXPECT_NE(form.find("name=\"Visibility\"\r\n\r\n5\r\n"), std::string::npos);
  EXPECT_NE(form.find("name=\"License\"\r\n\r\nmit\r\n"), std::string::npos);
}

TEST(MsRequests, VisibilityCopiesModelSettingsAndUsesTheNumericDatasetId) {
  const Site site = ms_site();
  auto model = ms_visibility_request(
      site, k_model,
      R"({"Code":200,"Data":{"ChineseName":"m","License":"mit","Visibility":5,"Downloads":9}})",
      RepoVisibility::private_);
  ASSERT_TRUE(model.has_value());
  EXPECT_EQ(model->url, "https://www.modelscope.cn/api/v1/models/acme/m");
  auto body = nlohmann::json::parse(std::get<std::string>(model->body));
  EXPECT_EQ(body["Visibility"], 1);
  EXPECT_EQ(body["License"], "mit");
  EXPECT_FALSE(body.contains("Downloads"));
  auto dataset = ms_visibility_request(
      site, k_dataset, R"({"Code":200,"Data":{"Id":281474976710655}})", RepoVisibility::public_);
  ASSERT_TRUE(dataset.has_value());
  EXPECT_EQ(dataset->url, "https://www.modelscope.cn/api/v1/datasets/281474976710655");
}

TEST(MsRequests, CommitBodyCarriesAddsThenDeletesAndBatchesStayUnderTheSdkCaps) {
  CommitSpec spec;
  spec.branch = "master";
  spec.message = "Mirror (batch 2)";
  spec.adds.push_back({"f", 1, "", Storage::inline_, "x"});
  spec.adds.push_back({"w.bin", 9, std::string(64, 'b'), Storage::lfs, {}});
  spec.deletes = {"gone"};
  auto body = nlohmann::json::parse(ms_commit_body(spec));
  EXPECT_EQ(body["commit_message"], "Mirror (batch 2)");
  ASSERT_EQ(body["actions"].size(), 3U);
  EXPECT_EQ(body["actions"][0]["content"], "eA==");
  EXPECT_EQ(body["actions"][0]["encoding"], "base64");
  EXPECT_EQ(body["actions"][1]["type"], "lfs");
  EXPECT_EQ(body["actions"][2]["action"], "delete");
  EXPECT_EQ(body["actions"][2]["path"], "gone");

  CommitSpec many;
  for (int i = 0; i < 300; ++i) {
    many.adds.push_back({"f" + std::to_string(i), 1, "", Storage::inline_, "x"});
  }
  const auto ops = commit_order(many);
  EXPECT_EQ(batch_end(ops, 0, k_ms_commit_caps), 256U);  // ≤ 256 actions
  CommitSpec big;
  for (int i = 0; i < 10; ++i) {
    big.adds.push_back({"b" + std::to_string(i), 1 << 20, "", Storage::inline_,
                        std::string(std::size_t{1} << 20, 'y')});
  }
  const auto big_ops = commit_order(big);
  EXPECT_EQ(batch_end(big_ops, 0, k_ms_commit_caps), 5U);  // 5.5 MiB raw ≈ 7.3 MiB of base64
  // Five 1 MiB files and 256 actions' JSON stay under the SDK's (and the simulator's) 8 MiB.
  EXPECT_LT(ms_commit_body(batch_spec(big, std::span(big_ops).subspan(0, 5), "m")).size(),
            std::size_t{8} << 20);
}

TEST(MsRequests, CommitRouteKeepsTheBranchRawAndIsNotRetried) {
  auto request = ms_commit_request(ms_site(), k_dataset, "master", "{}");
  EXPECT_EQ(request.url, "https://www.modelscope.cn/api/v1/repos/datasets/acme/d/commit/master");
  // The SDK puts the branch raw in the path, '/' included; anything that would end the path
  // (`?`, `#`) or change its meaning (`%`, spaces) is percent-encoded. Dot segments never get
  // this far: plans and manifests refuse them (manifest/repo_path.hpp).
  EXPECT_EQ(ms_commit_request(ms_site(), k_dataset, "release/v1", "{}").url,
            "https://www.modelscope.cn/api/v1/repos/datasets/acme/d/commit/release/v1");
  EXPECT_EQ(
      ms_commit_request(ms_site(), k_dataset, "x?Revision=y#z %", "{}").url,
      "https://www.modelscope.cn/api/v1/repos/datasets/acme/d/commit/x%3FRevision%3Dy%23z%20%25");
  EXPECT_EQ(request.idempotency, http::Idempotency::not_safe);
  // The hub may stay silent for minutes while it writes the commit.
  EXPECT_EQ(request.timeouts.low_speed_window, http::k_long_operation_silence);
  EXPECT_EQ(ms_blob_upload(ms_site(), {std::string(64, 'a'), 5},
                           {std::string(64, 'a'), "https://www.modelscope.cn/up"})
                ->parts[0]
                .request.timeouts.low_speed_window,
            http::k_long_operation_silence);
  const auto head = ms_branch_head_request(ms_site(), k_dataset, "v1.0");
  EXPECT_EQ(head.url,
            "https://www.modelscope.cn/api/v1/datasets/acme/d/commits?Ref=v1.0&"
            "PageNumber=1&PageSize=1");
}

TEST(MsRequests, StorageRuleFollowsTheSdk) {
  using manifest::RepoType;
  EXPECT_EQ(ms_storage_for(RepoType::model, "README.md", 10'000'000), Storage::inline_);
  EXPECT_EQ(ms_storage_for(RepoType::model, "sub/config.json", 100'000), Storage::inline_);
  EXPECT_EQ(ms_storage_for(RepoType::model, "notes.txt", 64 * 1024), Storage::inline_);
  EXPECT_EQ(ms_storage_for(RepoType::model, "notes.txt", 64 * 1024 + 1), Storage::lfs);
  EXPECT_EQ(ms_storage_for(RepoType::model, "w.safetensors", 10), Storage::lfs);
  EXPECT_EQ(ms_storage_for(RepoType::model, "a.png", 10), Storage::inline_);
  EXPECT_EQ(ms_storage_for(RepoType::dataset, "a.png", 10), Storage::lfs);
}

// A source repo whose "config.json" is 5 GB must not become a 7 GB base64 commit body held in
// memory: the always-inline names inline only up to k_ms_max_inline_file.
TEST(MsRequests, AlwaysInlineNamesStopAtTheInlineCap) {
  using manifest::RepoType;
  EXPECT_EQ(ms_storage_for(RepoType::model, "README.md", k_ms_max_inline_file), Storage::inline_);
  EXPECT_EQ(ms_storage_for(RepoType::model, "README.md", k_ms_max_inline_file + 1), Storage::lfs);
  EXPECT_EQ(ms_storage_for(RepoType::dataset, "config.json", 5'000'000'000ULL), Storage::lfs);
}

TEST(MsRequests, BlobPutCarriesTheCredentialForTheHttpLayerToBind) {
  const Site site = ms_site();
  BlobSpec blob{std::string(64, 'c'), 9};
  BlobUpload upload =
      ms_blob_upload(site, blob, {blob.sha256, "https://lfs.modelscope.cn/x"}).value();
  ASSERT_EQ(upload.parts.size(), 1U);
  EXPECT_EQ(upload.parts[0].length, 9U);
  EXPECT_EQ(upload.parts[0].request.method, http::Method::put);
  ASSERT_TRUE(upload.parts[0].request.credential.has_value());
  auto lfs = http::parse_origin("https://lfs.modelscope.cn");
  auto cdn = http::parse_origin("https://cdn-lfs-cn-1.modelscope.cn");
  EXPECT_TRUE(http::credential_applies(*upload.parts[0].request.credential, *lfs));
  EXPECT_FALSE(http::credential_applies(*upload.parts[0].request.credential, *cdn));
  EXPECT_FALSE(upload.completion_url.has_value());
}

TEST(MsRequests, ErrorsKeepTheHubMessage) {
  http::Response response;
  response.status = 422;
  response.body =
      R"({"Code":422,"Message":"commit request exceeds actions limit: 3300 > 2000","Success":false})";
  Error error = ms_response_error(http::Method::post, response);
  EXPECT_EQ(error.kind, ErrorKind::invalid_input);
  EXPECT_EQ(error.message, "commit request exceeds actions limit: 3300 > 2000");
}

}  // namespace
}  // namespace hf2ms::hub
