// The Git LFS batch "download" fallback for storage-locked HF repos (hf_lfs_download.hpp): the
// request, and the untrusted answer's href, which gets the token only on the hub's origin.
#include "hub/hf_lfs_download.hpp"

#include "http/error_map.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

using nlohmann::json;

Site hf_site(const char* endpoint = "https://huggingface.co") {
  auto site = make_hf_site(endpoint, Secret("hf_secret"));
  HF2MS_ASSERT(site.has_value());
  return *site;
}

const RepoKey k_dataset{manifest::Hub::hf, manifest::RepoType::dataset, "acme/d"};
const BlobSpec k_blob{std::string(64, 'a'), 5300000};

std::string answer(const json& action, const std::string& oid = std::string(64, 'a'),
                   std::uint64_t size = 5300000) {
  return json{{"transfer", "basic"},
              {"objects", {{{"oid", oid}, {"size", size}, {"actions", {{"download", action}}}}}}}
      .dump();
}

bool token_reaches(const http::Request& r, const std::string& url) {
  return r.credential && http::credential_applies(*r.credential, http::parse_origin(url).value());
}

TEST(HfLfsDownload, BatchRequestAsksToDownloadOneObject) {
  const http::Request r = hf_lfs_download_batch_request(hf_site(), k_dataset, k_blob);
  EXPECT_EQ(r.method, http::Method::post);
  EXPECT_EQ(r.url, "https://huggingface.co/datasets/acme/d.git/info/lfs/objects/batch");
  EXPECT_EQ(r.headers.get("Content-Type"), "application/vnd.git-lfs+json");
  EXPECT_EQ(r.headers.get("Accept"), "application/vnd.git-lfs+json");
  EXPECT_EQ(r.idempotency, http::Idempotency::safe_to_retry);
  EXPECT_TRUE(token_reaches(r, r.url));
  const json body = json::parse(std::get<std::string>(r.body));
  EXPECT_EQ(body["operation"], "download");
  EXPECT_EQ(body["objects"],
            json::parse(R"([{"oid":")" + std::string(64, 'a') + R"(","size":5300000}])"));
}

TEST(HfLfsDownload, TheCdnHrefGetsNoTokenAndTheAskedRange) {
  const std::string href = "https://cdn-lfs.hf.co/repos/x/y?X-Amz-Signature=s";
  auto r = hf_lfs_download_request(
      hf_site(),
      answer({{"href", href},
              {"header",
               {{"Authorization", "Bearer other"}, {"X-Extra", "1"}, {"Range", "bytes=0-"}}}}),
      k_blob, ByteRange{100, std::nullopt});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->method, http::Method::get);
  EXPECT_EQ(r->url, href);
  EXPECT_FALSE(token_reaches(*r, href));
  EXPECT_FALSE(r->headers.contains("Authorization"));  // never a plain credential header
  EXPECT_EQ(r->headers.get("X-Extra"), "1");
  EXPECT_EQ(r->headers.get("Range"), "bytes=100-");
  EXPECT_EQ(r->headers.get("Accept-Encoding"), "identity");
  EXPECT_TRUE(http::validate(*r).has_value());
}

TEST(HfLfsDownload, AnHrefOnTheHubItselfCarriesTheToken) {
  const std::string href = "https://huggingface.co/datasets/acme/d.git/lfs/objects/aaa";
  auto r = hf_lfs_download_request(hf_site(), answer({{"href", href}}), k_blob, std::nullopt);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(token_reaches(*r, href));
  EXPECT_FALSE(r->headers.contains("Range"));
}

TEST(HfLfsDownload, UntrustedAnswersAreRefused) {
  const json ok = {{"href", "https://cdn-lfs.hf.co/x"}};
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"another oid", answer(ok, std::string(64, 'b'))},
      {"another size", answer(ok, std::string(64, 'a'), 7)},
      {"plain http href", answer({{"href", "http://cdn-lfs.hf.co/x"}})},
      {"relative href", answer({{"href", "/x"}})},
      {"userinfo", answer({{"href", "https://u:p@cdn-lfs.hf.co/x"}})},
      {"no href", answer(json::object())},
      {"two objects",
       json{{"objects",
             {json::parse(answer(ok))["objects"][0], json::parse(answer(ok))["objects"][0]}}}
           .dump()},
      {"no objects", R"({"objects":[]})"},
      {"not json", "<html>"},
  };
  for (const auto& [name, body] : cases) {
    auto r = hf_lfs_download_request(hf_site(), body, k_blob, std::nullopt);
    EXPECT_FALSE(r.has_value()) << name;
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::invalid_input) << name;
    }
  }
}

TEST(HfLfsDownload, PlainHttpHrefsOnlyForAPlainHttpEndpoint) {
  auto r = hf_lfs_download_request(hf_site("http://127.0.0.1:8080"),
                                   answer({{"href", "http://127.0.0.1:8081/hf-lfs/a"}}), k_blob,
                                   std::nullopt);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_FALSE(token_reaches(*r, "http://127.0.0.1:8081/"));  // another port, another origin
}

TEST(HfLfsDownload, APerObjectErrorIsTheError) {
  const std::string body =
      json{{"objects",
            {{{"oid", std::string(64, 'a')},
              {"size", 5300000},
              {"error", {{"code", 404}, {"message", "Object does not exist"}}}}}}}
          .dump();
  auto r = hf_lfs_download_request(hf_site(), body, k_blob, std::nullopt);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::not_found);
  EXPECT_NE(r.error().message.find("Object does not exist"), std::string::npos);
}

TEST(HfLfsDownload, StorageLockedIsA403SayingSo) {
  EXPECT_TRUE(hf_storage_locked(make_error(ErrorKind::unauthorized,
                                           "Storage locked: this repository's organization is "
                                           "over its storage quota",
                                           403)));
  EXPECT_FALSE(hf_storage_locked(make_error(ErrorKind::unauthorized, "Forbidden", 403)));
  EXPECT_FALSE(hf_storage_locked(make_error(ErrorKind::unauthorized, "storage locked", 401)));
}

}  // namespace
}  // namespace hf2ms::hub
