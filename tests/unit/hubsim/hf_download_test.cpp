#include "hashing/hashing.hpp"
#include "hubsim/seed.hpp"
#include "hubsim_http.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim::test {
namespace {
using nlohmann::json;

// Path and query of an absolute URL on `base`.
std::string relative_to(const std::string& url, const std::string& base) {
  EXPECT_EQ(url.rfind(base, 0), 0U) << url;
  return url.substr(base.size());
}

class HfDownloadTest : public testing::HubsimTest {
 protected:
  void configure(SimulatorOptions& o) override {
    o.sim.multipart_threshold = 1000;
    o.sim.multipart_chunk = 400;
  }

  // Uploads `content` through the LFS batch API and commits it as `path` of acme/lfs.
  void upload_lfs(const std::string& path, const std::string& content) {
    auto c = client(urls().hf_url);
    const std::string oid = hashing::sha256_hex(content);
    const json batch{{"operation", "upload"},
                     {"transfers", {"basic", "multipart"}},
                     {"hash_algo", "sha_256"},
                     {"objects", {{{"oid", oid}, {"size", content.size()}}}}};
    const auto res = c.Post("/acme/lfs.git/info/lfs/objects/batch", auth(), batch.dump(),
                            "application/vnd.git-lfs+json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json upload = json::parse(res->body)["objects"][0]["actions"]["upload"];
    auto cdn = client(urls().cdn_url);
    if (upload.contains("header")) {
      const std::size_t chunk = std::stoul(upload["header"]["chunk_size"].get<std::string>());
      json parts = json::array();
      for (std::size_t i = 0; i * chunk < content.size(); ++i) {
        char key[8];
        std::snprintf(key, sizeof key, "%05zu", i + 1);
        const auto put = cdn.Put(relative_to(upload["header"][key], urls().cdn_url).c_str(),
                                 content.substr(i * chunk, chunk), "application/octet-stream");
        ASSERT_EQ(put->status, 200);
        parts.push_back({{"partNumber", i + 1}, {"etag", put->get_header_value("ETag")}});
      }
      const auto done =
          cdn.Post(relative_to(upload["href"], urls().cdn_url).c_str(),
                   json{{"oid", oid}, {"parts", parts}}.dump(), "application/vnd.git-lfs+json");
      ASSERT_EQ(done->status, 200) << done->body;
    } else {
      const auto put = cdn.Put(relative_to(upload["href"], urls().cdn_url).c_str(), content,
                               "application/octet-stream");
      ASSERT_EQ(put->status, 200) << put->body;
    }
    const std::string body =
        json{{"key", "header"}, {"value", {{"summary", "lfs"}}}}.dump() + "\n" +
        json{
            {"key", "lfsFile"},
            {"value", {{"path", path}, {"algo", "sha256"}, {"oid", oid}, {"size", content.size()}}}}
            .dump() +
        "\n";
    const auto commit =
        c.Post("/api/models/acme/lfs/commit/main", auth(), body, "application/x-ndjson");
    ASSERT_EQ(commit->status, 200) << commit->body;
  }

  std::string bytes(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = static_cast<char>(i * 31 % 251);
    }
    return s;
  }
};

TEST_F(HfDownloadTest, LfsFilesRedirectToTheCdnWithLinkedHeaders) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/lfs");
  const std::string content = bytes(700);
  upload_lfs("model.bin", content);
  const auto head = c.Head("/acme/lfs/resolve/main/model.bin", auth());
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 302);
  EXPECT_EQ(head->get_header_value("X-Linked-Size"), "700");
  EXPECT_EQ(head->get_header_value("X-Linked-Etag"), "\"" + hashing::sha256_hex(content) + "\"");
  EXPECT_EQ(head->get_header_value("X-Repo-Commit").size(), 40U);
  const std::string location = head->get_header_value("Location");
  auto cdn = client(urls().cdn_url);
  const auto got = cdn.Get(relative_to(location, urls().cdn_url).c_str());
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(got->body, content);
  const json tree = json::parse(c.Get("/api/models/acme/lfs/tree/main")->body);
  const json entry = tree[1];
  EXPECT_EQ(entry["lfs"]["oid"], hashing::sha256_hex(content));
  EXPECT_EQ(entry["oid"],
            hashing::git_blob_sha1_hex(lfs_pointer(hashing::sha256_hex(content), 700)));
  EXPECT_FALSE(entry.contains("xetHash"));
}

TEST_F(HfDownloadTest, MultipartUploadAssemblesTheParts) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/lfs");
  const std::string content = bytes(2500);  // above the 1000-byte threshold: 7 parts of 400
  upload_lfs("big.safetensors", content);
  c.set_follow_location(true);
  const auto got = c.Get("/acme/lfs/resolve/main/big.safetensors");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, content);
}

TEST_F(HfDownloadTest, RangesGive206And416AndHeadGivesTheLength) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/r");
  ASSERT_EQ(commit_files(c, "acme/r", {{"t.txt", "0123456789"}})->status, 200);
  c.set_follow_location(true);  // regular files: 307 to /api/resolve-cache/, which serves them
  const auto part = c.Get("/acme/r/resolve/main/t.txt", {{"Range", "bytes=2-4"}});
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->body, "234");
  EXPECT_EQ(part->get_header_value("Content-Range"), "bytes 2-4/10");
  const auto bad = c.Get("/acme/r/resolve/main/t.txt", {{"Range", "bytes=10-"}});
  EXPECT_EQ(bad->status, 416);
  EXPECT_EQ(bad->get_header_value("Content-Range"), "bytes */10");
  const auto head = c.Head("/acme/r/resolve/main/t.txt");
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Length"), "10");
  EXPECT_EQ(head->get_header_value("ETag"), "\"" + hashing::git_blob_sha1_hex("0123456789") + "\"");
  const auto missing = c.Get("/acme/r/resolve/main/nope.txt");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("X-Error-Code"), "EntryNotFound");
  EXPECT_EQ(missing->get_header_value("X-Repo-Commit").size(), 40U);
}

TEST_F(HfDownloadTest, GatedReposRefuseDownloadsWithoutAccess) {
  const std::string spec = R"({"repos":[{"hub":"hf","id":"other/gated","gated":"manual",
      "files":[{"path":"w.bin","size":100,"lfs":true}]}]})";
  ASSERT_TRUE(apply_seed_spec(sim().store(), spec, "."));
  auto c = client(urls().hf_url);
  EXPECT_EQ(c.Get("/api/models/other/gated")->status, 200);  // metadata stays public
  const auto anon = c.Get("/other/gated/resolve/main/w.bin");
  EXPECT_EQ(anon->status, 401);
  EXPECT_EQ(anon->get_header_value("X-Error-Code"), "GatedRepo");
  const auto denied = c.Get("/other/gated/resolve/main/w.bin", auth());
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(denied->get_header_value("X-Error-Code"), "GatedRepo");
}

TEST_F(HfDownloadTest, SeededGeneratedFilesServeTheirHashedBytes) {
  const std::string spec = R"({"repos":[{"hub":"hf","id":"acme/gen-{i}","count":3,
      "files":[{"path":"shard-{j}.bin","count":2,"size":5000,"lfs":true},{"path":"README.md","content":"hi\n"}]}]})";
  ASSERT_TRUE(apply_seed_spec(sim().store(), spec, "."));
  auto c = client(urls().hf_url);
  c.set_follow_location(true);
  const auto got = c.Get("/acme/gen-2/resolve/main/shard-1.bin");
  ASSERT_EQ(got->status, 200);
  ASSERT_EQ(got->body.size(), 5000U);
  const json info = json::parse(c.Get("/api/models/acme/gen-2?blobs=true")->body);
  std::string sha;
  for (const auto& s : info["siblings"]) {
    if (s["rfilename"] == "shard-1.bin") {
      sha = s["lfs"]["sha256"];
    }
  }
  EXPECT_EQ(hashing::sha256_hex(got->body), sha);
  EXPECT_EQ(c.Get("/acme/gen-0/resolve/main/README.md")->body, "hi\n");
}

}  // namespace
}  // namespace hf2ms::hubsim::test
