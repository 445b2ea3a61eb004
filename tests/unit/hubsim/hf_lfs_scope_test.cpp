// LFS storage is per repo on the Hub ("LFS files are not shared between repos", huggingface_hub
// issue 2876): another repo holding an object does not let this one skip the upload, commit
// it by reference, or download it. Each test shows the Hub's answer shape.
#include "hubsim/seed.hpp"
#include "hubsim_http.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim::test {
namespace {
using nlohmann::json;

class HfLfsScopeTest : public testing::HubsimTest {
 protected:
  void SetUp() override {
    HubsimTest::SetUp();
    ASSERT_TRUE(apply_seed_spec(sim().store(), R"({"repos":[
        {"id":"acme/src","files":[{"path":"w.bin","size":3000,"lfs":true}]},
        {"id":"acme/dst","files":[{"path":"README.md","content":"dst\n"}]}]})",
                                "."));
    const json tree =
        json::parse(client(urls().hf_url).Get("/api/models/acme/src/tree/main", auth())->body);
    for (const auto& e : tree) {
      if (e["path"] == "w.bin") {
        oid_ = e["lfs"]["oid"];
      }
    }
    ASSERT_EQ(oid_.size(), 64U);
  }

  json batch(const std::string& id, const std::string& operation) {
    const json body{{"operation", operation},
                    {"transfers", {"basic"}},
                    {"hash_algo", "sha256"},
                    {"objects", {{{"oid", oid_}, {"size", 3000}}}}};
    const auto res = client(urls().hf_url)
                         .Post(("/" + id + ".git/info/lfs/objects/batch").c_str(), auth(),
                               body.dump(), "application/vnd.git-lfs+json");
    EXPECT_EQ(res->status, 200) << res->body;
    return json::parse(res->body)["objects"][0];
  }

  httplib::Result commit_by_reference(const std::string& id) {
    const std::string body =
        json{{"key", "header"}, {"value", {{"summary", "by reference"}}}}.dump() + "\n" +
        json{{"key", "lfsFile"},
             {"value", {{"path", "w.bin"}, {"algo", "sha256"}, {"oid", oid_}, {"size", 3000}}}}
            .dump();
    return client(urls().hf_url)
        .Post(("/api/models/" + id + "/commit/main").c_str(), auth(), body, "application/x-ndjson");
  }

  std::string oid_;
};

TEST_F(HfLfsScopeTest, BatchUploadAsksForAnObjectOnlyAnotherRepoHolds) {
  EXPECT_FALSE(batch("acme/src", "upload").contains("actions")) << "src holds it";
  const json other = batch("acme/dst", "upload");
  ASSERT_TRUE(other.contains("actions")) << other.dump();
  EXPECT_TRUE(other["actions"].contains("upload"));
}

TEST_F(HfLfsScopeTest, CommitNamingAnObjectThisRepoDoesNotHoldIsRefused) {
  const auto refused = commit_by_reference("acme/dst");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  const json body = json::parse(refused->body);
  EXPECT_NE(body["error"].get<std::string>().find("LFS pointer pointed to a file that does not "
                                                  "exist"),
            std::string::npos)
      << refused->body;
  EXPECT_NE(body["error"].get<std::string>().find("- w.bin"), std::string::npos);
  const json tree =
      json::parse(client(urls().hf_url).Get("/api/models/acme/dst/tree/main", auth())->body);
  EXPECT_EQ(tree.size(), 1U) << "nothing landed";
  EXPECT_EQ(commit_by_reference("acme/src")->status, 200) << "its own object";
}

TEST_F(HfLfsScopeTest, UploadingGivesTheObjectToThatRepo) {
  const json upload = batch("acme/dst", "upload")["actions"]["upload"];
  const std::string href = upload["href"];
  ASSERT_EQ(href.rfind(urls().cdn_url, 0), 0U) << href;
  std::string bytes;
  const auto blob = sim().store().find_blob(oid_);
  ASSERT_TRUE(blob.has_value());
  ASSERT_TRUE(sim().store().read_blob(*blob, 0, blob->size, bytes));
  const auto put =
      client(urls().cdn_url)
          .Put(href.substr(urls().cdn_url.size()).c_str(), bytes, "application/octet-stream");
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_FALSE(batch("acme/dst", "upload").contains("actions"));
  EXPECT_EQ(commit_by_reference("acme/dst")->status, 200);
}

TEST_F(HfLfsScopeTest, DownloadsHandOutOnlyThisReposObjects) {
  const json missing = batch("acme/dst", "download");
  ASSERT_TRUE(missing.contains("error")) << missing.dump();
  EXPECT_EQ(missing["error"]["code"], 404);
  const json held = batch("acme/src", "download");
  const std::string href = held["actions"]["download"]["href"];
  auto cdn = client(urls().cdn_url);
  const std::string path = href.substr(urls().cdn_url.size());
  EXPECT_EQ(cdn.Get(path.c_str())->status, 200);
  // The object URL is signed for its repo: naming another one breaks the signature.
  std::string forged = path;
  const auto at = forged.find("acme%2Fsrc");
  ASSERT_NE(at, std::string::npos) << path;
  forged.replace(at, 10, "acme%2Fdst");
  EXPECT_EQ(cdn.Get(forged.c_str())->status, 403);
}

TEST_F(HfLfsScopeTest, VerifyKnowsOnlyThisReposObjects) {
  auto c = client(urls().hf_url);
  const json body{{"oid", oid_}, {"size", 3000}};
  EXPECT_EQ(c.Post("/acme/src.git/info/lfs/objects/verify", auth(), body.dump(),
                   "application/vnd.git-lfs+json")
                ->status,
            200);
  EXPECT_EQ(c.Post("/acme/dst.git/info/lfs/objects/verify", auth(), body.dump(),
                   "application/vnd.git-lfs+json")
                ->status,
            404);
}

}  // namespace
}  // namespace hf2ms::hubsim::test
