// Xet-backed repos as far as the wire shows them: xetHash in listings of repos seeded Xet
// only, and lfs-files/duplicate followed by a commit of `lfsFile` lines.
#include "hubsim/seed.hpp"
#include "hubsim_http.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim::test {
namespace {
using nlohmann::json;

class HfXetTest : public testing::HubsimTest {
 protected:
  void SetUp() override {
    HubsimTest::SetUp();
    ASSERT_TRUE(apply_seed_spec(sim().store(), R"({"repos":[
        {"id":"acme/src","xet":true,"files":[{"path":"w.bin","size":4000,"lfs":true},
                                            {"path":"README.md","content":"hi\n"}]},
        {"id":"acme/plain","files":[{"path":"w.bin","size":4000,"lfs":true}]},
        {"id":"acme/dst","files":[{"path":"README.md","content":"dst\n"}]}]})",
                                "."));
  }

  json tree(const std::string& id) {
    auto c = client(urls().hf_url);
    const auto res = c.Get(("/api/models/" + id + "/tree/main?recursive=true").c_str(), auth());
    EXPECT_EQ(res->status, 200);
    return json::parse(res->body);
  }

  json entry(const std::string& id, const std::string& path) {
    for (const auto& e : tree(id)) {
      if (e["path"] == path) {
        return e;
      }
    }
    return {};
  }

  httplib::Result duplicate(const std::string& from, const json& files,
                            const std::string& target = "acme/dst") {
    auto c = client(urls().hf_url);
    const json body{{"target", {{"type", "model"}, {"name", target}}}, {"files", files}};
    return c.Post(("/api/models/" + from + "/lfs-files/duplicate").c_str(), auth(), body.dump(),
                  "application/json");
  }
};

TEST_F(HfXetTest, XetHashOnlyInReposSeededXetBacked) {
  const json lfs = entry("acme/src", "w.bin");
  ASSERT_TRUE(lfs.contains("xetHash")) << lfs.dump();
  EXPECT_EQ(lfs["xetHash"].get<std::string>().size(), 64U);
  EXPECT_FALSE(entry("acme/src", "README.md").contains("xetHash")) << "regular files: none";
  EXPECT_FALSE(entry("acme/plain", "w.bin").contains("xetHash")) << "never by default";
  auto c = client(urls().hf_url);
  const auto info = c.Post("/api/models/acme/src/paths-info/main", auth(),
                           json{{"paths", {"w.bin"}}}.dump(), "application/json");
  ASSERT_EQ(info->status, 200);
  EXPECT_EQ(json::parse(info->body)[0]["xetHash"], lfs["xetHash"]);
}

TEST_F(HfXetTest, DuplicateThenCommitByLfsFileReference) {
  const json src = entry("acme/src", "w.bin");
  const std::string sha = src["lfs"]["oid"];
  // Python sends no `size` for server-side copies (§8.3).
  auto c = client(urls().hf_url);
  const std::string body =
      json{{"key", "header"}, {"value", {{"summary", "copy"}}}}.dump() + "\n" +
      json{{"key", "lfsFile"},
           {"value", {{"path", "copied/w.bin"}, {"algo", "sha256"}, {"oid", sha}}}}
          .dump();
  // Before the duplicate the target does not hold the object: LFS storage is per repo.
  const auto early =
      c.Post("/api/models/acme/dst/commit/main", auth(), body, "application/x-ndjson");
  ASSERT_EQ(early->status, 400) << early->body;
  EXPECT_NE(early->body.find("LFS pointer pointed to a file that does not exist"),
            std::string::npos);
  const auto dup = duplicate(
      "acme/src",
      json::array({{{"xetHash", src["xetHash"]}, {"sha256", sha}, {"filename", "w.bin"}}}));
  ASSERT_TRUE(dup);
  ASSERT_EQ(dup->status, 200) << dup->body;
  EXPECT_EQ(json::parse(dup->body)["succeeded"], 1);
  const auto commit =
      c.Post("/api/models/acme/dst/commit/main", auth(), body, "application/x-ndjson");
  ASSERT_EQ(commit->status, 200) << commit->body;
  const json copied = entry("acme/dst", "copied/w.bin");
  EXPECT_EQ(copied["lfs"]["oid"], sha);
  EXPECT_EQ(copied["size"], 4000);
}

TEST_F(HfXetTest, DuplicateRefusesWrongHashesNonXetSourcesAndForeignTargets) {
  const json src = entry("acme/src", "w.bin");
  const auto wrong = duplicate("acme/src", json::array({{{"xetHash", std::string(64, '0')},
                                                         {"sha256", src["lfs"]["oid"]},
                                                         {"filename", "w.bin"}}}));
  ASSERT_EQ(wrong->status, 404);
  EXPECT_EQ(json::parse(wrong->body)["failed"].size(), 1U);
  const json plain = entry("acme/plain", "w.bin");
  const auto not_xet = duplicate(
      "acme/plain",
      json::array(
          {{{"xetHash", src["xetHash"]}, {"sha256", plain["lfs"]["oid"]}, {"filename", "w.bin"}}}));
  EXPECT_EQ(not_xet->status, 400);
  const auto foreign = duplicate(
      "acme/src",
      json::array(
          {{{"xetHash", src["xetHash"]}, {"sha256", src["lfs"]["oid"]}, {"filename", "w"}}}),
      "someone/else");
  EXPECT_EQ(foreign->status, 404);
  EXPECT_EQ(foreign->get_header_value("X-Error-Code"), "RepoNotFound");
}

}  // namespace
}  // namespace hf2ms::hubsim::test
