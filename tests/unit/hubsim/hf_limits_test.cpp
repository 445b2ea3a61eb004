// The HF limits and behaviours of limits.hpp, each shown with the answer the Hub gives
// (status, headers, body): README validation, commit budget / inline cap / hourly quota,
// API quota buckets, /resolve/ 307 to resolve-cache, storage locked, the /resolve/ size cap,
// the CDN ignoring Range, LFS batch downloads.
#include "hubsim/hf_limits.hpp"

#include "hashing/hashing.hpp"
#include "hubsim/seed.hpp"
#include "hubsim_http.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace hf2ms::hubsim::test {
namespace {
using nlohmann::json;

const RepoKey k_repo{Hub::hf, RepoType::model, "acme/lim"};

std::string head_of(Simulator& sim, const RepoKey& key = k_repo) {
  const auto repo = sim.store().find_repo(key);
  return repo ? repo->branches.at("main") : "";
}

class HfLimitsTest : public testing::HubsimTest {
 protected:
  void configure(SimulatorOptions& o) override { tune(o.sim); }
  virtual void tune(SimOptions& /*s*/) {}
};

TEST_F(HfLimitsTest, ValidateYamlAnswersErrorsAndWarningsArrays) {
  auto c = client(urls().hf_url);
  const auto ok =
      c.Post("/api/validate-yaml", auth(),
             json{{"content", "---\nlicense: mit\n---\n# hi\n"}, {"repoType", "model"}}.dump(),
             "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(json::parse(ok->body), (json{{"errors", json::array()}, {"warnings", json::array()}}));
  const auto bad = c.Post(
      "/api/validate-yaml", auth(),
      json{{"content", "---\nlicense: Apache License 2.0\nwidget: x\n---\n"}, {"repoType", "model"}}
          .dump(),
      "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  const json body = json::parse(bad->body);
  ASSERT_EQ(body["errors"].size(), 2U);
  EXPECT_EQ(body["errors"][0]["message"].get<std::string>().rfind("\"license\" must be one of", 0),
            0U);
  EXPECT_EQ(body["errors"][1]["message"], "\"widget\" must be an array");
  EXPECT_TRUE(body["warnings"].is_array());
}

TEST_F(HfLimitsTest, CommitRefusesInvalidLicenseAndWidget) {
  auto c = client(urls().hf_url);
  create_model(c, k_repo.id);
  const std::string before = head_of(sim());
  const auto bad = commit_files(c, k_repo.id, {{"README.md", "---\nlicense: GPL v3\n---\n"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  const std::string error = json::parse(bad->body)["error"];
  EXPECT_EQ(error.rfind("Invalid metadata in README.md.\n- \"license\" must be one of [", 0), 0U)
      << error;
  EXPECT_EQ(bad->get_header_value("X-Error-Message").substr(0, 30), error.substr(0, 30));
  const auto widget = commit_files(c, k_repo.id, {{"README.md", "---\nwidget: text\n---\n"}});
  EXPECT_EQ(widget->status, 400);
  EXPECT_EQ(head_of(sim()), before) << "a refused commit must not land";
  const auto ok = commit_files(c, k_repo.id, {{"README.md", "---\nlicense: other\n---\n"}});
  EXPECT_EQ(ok->status, 200) << ok->body;
  const auto nested = commit_files(c, k_repo.id, {{"sub/README.md", "---\nlicense: x\n---\n"}});
  EXPECT_EQ(nested->status, 200) << "only the repo card (root README.md) is validated";
}

class HfCommitBudgetTest : public HfLimitsTest {
 protected:
  void tune(SimOptions& s) override {
    s.hf_limits.commit_base_ms = 0;
    s.hf_limits.commit_op_ms = 100;
    s.hf_limits.commit_budget_ms = 250;  // 2 operations fit, 3 do not
  }
};

TEST_F(HfCommitBudgetTest, OverBudgetAnswers504AndStillLands) {
  auto c = client(urls().hf_url);
  create_model(c, k_repo.id);
  const auto fits = commit_files(c, k_repo.id, {{"a", "1"}, {"b", "2"}});
  EXPECT_EQ(fits->status, 200);
  EXPECT_EQ(fits->get_header_value("X-Hubsim-Commit-Cost-Ms"), "200");
  const std::string before = head_of(sim());
  const auto slow = commit_files(c, k_repo.id, {{"c", "3"}, {"d", "4"}, {"e", "5"}});
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->status, 504);
  EXPECT_EQ(slow->get_header_value("Content-Type"), "text/html");
  EXPECT_NE(slow->body.find("504 Gateway Time-out"), std::string::npos);
  EXPECT_NE(head_of(sim()), before) << "as on the Hub, the timed-out commit landed";
  const auto commit = sim().store().resolve(k_repo, "main");
  EXPECT_EQ((*commit)->files.count("e"), 1U);
}

class HfCommitBudgetNoLandTest : public HfCommitBudgetTest {
  void tune(SimOptions& s) override {
    HfCommitBudgetTest::tune(s);
    s.hf_limits.commit_lands_after_timeout = false;
  }
};

TEST_F(HfCommitBudgetNoLandTest, OverBudgetAnswers504WithoutLandingWhenConfigured) {
  auto c = client(urls().hf_url);
  create_model(c, k_repo.id);
  const std::string before = head_of(sim());
  EXPECT_EQ(commit_files(c, k_repo.id, {{"c", "3"}, {"d", "4"}, {"e", "5"}})->status, 504);
  EXPECT_EQ(head_of(sim()), before);
}

class HfCommitCapsTest : public HfLimitsTest {
  void tune(SimOptions& s) override {
    s.hf_limits.commit_inline_bytes = 10;
    s.hf_limits.commits_per_window = 3;  // create_repo's initial commit does not count
  }
};

TEST_F(HfCommitCapsTest, InlinePayloadAboveTheCapIsRefusedWith413) {
  auto c = client(urls().hf_url);
  create_model(c, k_repo.id);
  const std::string before = head_of(sim());
  const auto big = commit_files(c, k_repo.id, {{"a", "123456"}, {"b", "78901"}});
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_NE(json::parse(big->body)["error"].get<std::string>().find("11 bytes"), std::string::npos);
  EXPECT_EQ(head_of(sim()), before);
  EXPECT_EQ(commit_files(c, k_repo.id, {{"a", "1234567890"}})->status, 200);
}

TEST_F(HfCommitCapsTest, HourlyCommitQuotaAnswers429WithRateLimitReset) {
  auto c = client(urls().hf_url);
  create_model(c, k_repo.id);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(commit_files(c, k_repo.id, {{"f", std::to_string(i)}})->status, 200);
  }
  const std::string before = head_of(sim());
  const auto refused = commit_files(c, k_repo.id, {{"f", "x"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(json::parse(refused->body)["error"].get<std::string>().rfind(
                "You have exceeded the rate limit for repository commits (3 per hour).", 0),
            0U)
      << refused->body;
  const std::string rl = refused->get_header_value("RateLimit");
  EXPECT_EQ(rl.rfind("\"commits\";r=0;t=", 0), 0U) << rl;
  const int reset = std::stoi(rl.substr(rl.find(";t=") + 3));
  EXPECT_GT(reset, 3500);
  EXPECT_LE(reset, 3600);
  EXPECT_EQ(refused->get_header_value("RateLimit-Policy"),
            "\"fixed window\";\"commits\";q=3;w=3600");
  EXPECT_EQ(head_of(sim()), before);
  // The quota is per repo.
  create_model(c, "acme/other");
  EXPECT_EQ(commit_files(c, "acme/other", {{"f", "x"}})->status, 200);
}

class HfLenientTest : public HfLimitsTest {
  void tune(SimOptions& s) override {
    s.lenient = true;
    s.hf_limits.commits_per_window = 1;
    s.hf_limits.commit_inline_bytes = 1;
    s.hf_limits.commit_budget_ms = 1;
    s.hf_limits.api_quota = 1;
  }
};

TEST_F(HfLenientTest, LenientTurnsEveryHfLimitOff) {
  auto c = client(urls().hf_url);
  create_model(c, k_repo.id);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(commit_files(c, k_repo.id, {{"f", "content " + std::to_string(i)}})->status, 200);
  }
  const auto info = c.Get("/api/models/acme/lim", auth());
  EXPECT_EQ(info->status, 200);
  EXPECT_EQ(info->get_header_value("RateLimit").rfind("\"api\";r=0;", 0), 0U)
      << "headers still report the (exhausted) bucket";
}

class HfQuotaTest : public HfLimitsTest {
  void tune(SimOptions& s) override {
    s.hf_limits.api_quota = 3;
    s.hf_limits.anonymous_api_quota = 1;
    s.hf_limits.resolvers_quota = 2;
    s.hf_limits.quota_window_s = 2;
  }
};

TEST_F(HfQuotaTest, ApiBucketIsAFixedWindowPerTokenAnswering429) {
  auto c = client(urls().hf_url);
  for (int i = 0; i < 3; ++i) {
    const auto ok = c.Get("/api/whoami-v2", auth());
    ASSERT_EQ(ok->status, 200);
    EXPECT_EQ(
        ok->get_header_value("RateLimit").rfind("\"api\";r=" + std::to_string(2 - i) + ";t=", 0),
        0U);
    EXPECT_EQ(ok->get_header_value("RateLimit-Policy"), "\"fixed window\";\"api\";q=3;w=2");
  }
  const auto refused = c.Get("/api/whoami-v2", auth());
  ASSERT_EQ(refused->status, 429);
  EXPECT_EQ(refused->get_header_value("RateLimit").rfind("\"api\";r=0;t=", 0), 0U);
  EXPECT_NE(json::parse(refused->body)["error"].get<std::string>().find(
                "you hit the quota of 3 api requests"),
            std::string::npos);
  // Another token of the same user shares the user's bucket; anonymous callers have their own.
  EXPECT_EQ(c.Get("/api/whoami-v2", auth(k_read_token))->status, 429);
  EXPECT_EQ(c.Get("/api/models?author=acme")->status, 200);
  const auto anon = c.Get("/api/models?author=acme");
  EXPECT_EQ(anon->status, 429);
  EXPECT_NE(json::parse(anon->body)["error"].get<std::string>().find("rate limit your IP"),
            std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_EQ(c.Get("/api/whoami-v2", auth())->status, 200) << "a new window starts";
}

TEST_F(HfQuotaTest, ResolversAreCountedInTheirOwnBucket) {
  ASSERT_TRUE(apply_seed_spec(
      sim().store(), R"({"repos":[{"id":"acme/lim","files":[{"path":"a.txt","content":"a"}]}]})",
      "."));
  auto c = client(urls().hf_url);
  const auto first = c.Get("/acme/lim/resolve/main/a.txt", auth());
  EXPECT_EQ(first->status, 307);
  EXPECT_EQ(first->get_header_value("RateLimit").rfind("\"resolvers\";r=1;", 0), 0U);
  // The resolve-cache hop counts as a resolver too (UNCONFIRMED), not in `api`.
  const auto hop = c.Get(first->get_header_value("Location").c_str(), auth());
  EXPECT_EQ(hop->status, 200);
  EXPECT_EQ(hop->get_header_value("RateLimit").rfind("\"resolvers\";r=0;", 0), 0U);
  EXPECT_EQ(c.Get("/acme/lim/resolve/main/a.txt", auth())->status, 429);
  EXPECT_EQ(c.Get("/api/whoami-v2", auth())->status, 200);
}

TEST(HubsimHfLimits, BucketsFollowTheProtocolNote) {
  EXPECT_EQ(hf_bucket_of("/api/models/acme/m"), "api");
  EXPECT_EQ(hf_bucket_of("/api/whoami-v2"), "api");
  EXPECT_EQ(hf_bucket_of("/acme/m/resolve/main/a.txt"), "resolvers");
  EXPECT_EQ(hf_bucket_of("/datasets/acme/d/resolve/main/a.txt"), "resolvers");
  EXPECT_EQ(hf_bucket_of("/api/resolve-cache/models/acme/m/0123/a.txt"), "resolvers");
  EXPECT_EQ(hf_bucket_of("/acme/m/raw/main/a.txt"), "resolvers");
  EXPECT_EQ(hf_bucket_of("/acme/m.git/info/lfs/objects/batch"), "");
  EXPECT_EQ(hf_bucket_of("/acme/m"), "pages");
}

TEST_F(HfLimitsTest, SeedSpecMarksAStorageLockedRepo) {
  ASSERT_TRUE(apply_seed_spec(sim().store(), R"({"repos":[{"id":"acme/locked",
      "storage_locked":true,"files":[{"path":"a.txt","content":"a"}]}]})",
                              "."));
  auto c = client(urls().hf_url);
  EXPECT_EQ(c.Get("/acme/locked/resolve/main/a.txt", auth())->status, 403);
  EXPECT_EQ(c.Get("/api/models/acme/locked", auth())->status, 200) << "metadata stays readable";
}

class HfResolveTest : public HfLimitsTest {
 protected:
  void SetUp() override {
    HfLimitsTest::SetUp();
    ASSERT_TRUE(apply_seed_spec(sim().store(), R"({"repos":[{"id":"acme/lim","files":[
        {"path":"dir/a b.txt","content":"0123456789"},
        {"path":"w.bin","size":5000,"lfs":true}]}]})",
                                "."));
  }
};

TEST_F(HfResolveTest, RegularFilesAnswerARelative307ToResolveCache) {
  auto c = client(urls().hf_url);
  const std::string commit = head_of(sim());
  for (const bool head : {true, false}) {
    const auto res = head ? c.Head("/acme/lim/resolve/main/dir/a%20b.txt")
                          : c.Get("/acme/lim/resolve/main/dir/a%20b.txt");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 307);
    EXPECT_EQ(res->get_header_value("X-Repo-Commit"), commit);
    EXPECT_EQ(res->get_header_value("Accept-Ranges"), "bytes");
    // httplib's client percent-decodes Location when it parses it; on the wire the path
    // and query are encoded (the JS conformance test follows it).
    const std::string location = res->get_header_value("Location");
    EXPECT_EQ(location.rfind("/api/resolve-cache/models/acme/lim/" + commit + "/dir/a b.txt?", 0),
              0U)
        << location;
    EXPECT_NE(location.find("/acme/lim/resolve/main/dir/a b.txt=&etag=\"" +
                            hashing::git_blob_sha1_hex("0123456789") + "\""),
              std::string::npos)
        << location;
  }
  // Python follows by path only (the query is dropped): the path alone serves the file.
  const std::string path = "/api/resolve-cache/models/acme/lim/" + commit + "/dir/a%20b.txt";
  const auto got = c.Get(path.c_str());
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "0123456789");
  EXPECT_EQ(got->get_header_value("ETag"), "\"" + hashing::git_blob_sha1_hex("0123456789") + "\"");
  EXPECT_EQ(got->get_header_value("X-Repo-Commit"), commit);
  const auto part = c.Get(path.c_str(), {{"Range", "bytes=2-4"}});
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->body, "234");
  const auto missing = c.Get(("/api/resolve-cache/models/acme/lim/" + commit + "/nope").c_str());
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("X-Error-Code"), "EntryNotFound");
  c.set_follow_location(true);
  EXPECT_EQ(c.Get("/acme/lim/resolve/main/dir/a%20b.txt")->body, "0123456789");
}

TEST_F(HfResolveTest, StorageLockedRefusesResolveButLfsBatchDownloadsWork) {
  ASSERT_TRUE(sim().store().update_repo(
      k_repo, [](RepoMeta& m) { m.properties["hf_storage_locked"] = "true"; }));
  auto c = client(urls().hf_url);
  for (const char* path :
       {"/acme/lim/resolve/main/w.bin", "/acme/lim/resolve/main/dir/a%20b.txt"}) {
    const auto locked = c.Get(path, auth());
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 403) << path;
    EXPECT_NE(json::parse(locked->body)["error"].get<std::string>().find("Storage locked"),
              std::string::npos);
    EXPECT_EQ(locked->get_header_value("X-Repo-Commit").size(), 40U);
  }
  const auto entry = (*sim().store().resolve(k_repo, "main"))->files.at("w.bin");
  const json batch{{"operation", "download"},
                   {"transfers", {"basic"}},
                   {"objects",
                    {{{"oid", entry.sha256}, {"size", entry.size}},
                     {{"oid", std::string(64, 'a')}, {"size", 1}}}}};
  const auto res = c.Post("/acme/lim.git/info/lfs/objects/batch", auth(), batch.dump(),
                          "application/vnd.git-lfs+json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_FALSE(res->has_header("RateLimit")) << "Git LFS routes count in no bucket";
  const json objects = json::parse(res->body)["objects"];
  const std::string href = objects[0]["actions"]["download"]["href"];
  ASSERT_EQ(href.rfind(urls().cdn_url, 0), 0U);
  EXPECT_EQ(objects[1]["error"]["code"], 404);
  auto cdn = client(urls().cdn_url);
  const auto got = cdn.Get(href.substr(urls().cdn_url.size()).c_str());
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(hashing::sha256_hex(got->body), entry.sha256);
}

TEST_F(HfResolveTest, FilesAbove50GBAreRefusedOnResolve) {
  // Hashing 50 GB of generated content at seeding would take minutes: the seed declares the
  // hash, and /resolve/ refuses on the size before any byte is read.
  ASSERT_TRUE(apply_seed_spec(sim().store(),
                              R"({"repos":[{"id":"acme/huge","files":[
      {"path":"huge.bin","size":50000000001,"sha256":")" +
                                  std::string(64, 'b') + R"("}]}]})",
                              "."));
  const auto huge = (*sim().store().resolve({Hub::hf, RepoType::model, "acme/huge"}, "main"))
                        ->files.at("huge.bin");
  EXPECT_TRUE(huge.lfs);
  EXPECT_EQ(huge.size, 50'000'000'001ULL);
  auto c = client(urls().hf_url);
  const auto listed = c.Get("/api/models/acme/huge/tree/main", auth());
  ASSERT_EQ(listed->status, 200);
  EXPECT_EQ(json::parse(listed->body).back()["size"], 50'000'000'001ULL);
  const auto refused = c.Head("/acme/huge/resolve/main/huge.bin", auth());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  const auto fine = c.Head("/acme/lim/resolve/main/w.bin", auth());
  EXPECT_EQ(fine->status, 302);
}

class HfCdnIgnoresRangeTest : public HfResolveTest {
  void tune(SimOptions& s) override { s.hf_limits.cdn_ignores_range = true; }
};

TEST_F(HfCdnIgnoresRangeTest, CdnAnswers200WithTheWholeBody) {
  auto c = client(urls().hf_url);
  const auto redirect = c.Get("/acme/lim/resolve/main/w.bin");
  ASSERT_EQ(redirect->status, 302);
  auto cdn = client(urls().cdn_url);
  const std::string href = redirect->get_header_value("Location").substr(urls().cdn_url.size());
  const auto got = cdn.Get(href.c_str(), {{"Range", "bytes=100-199"}});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body.size(), 5000U);
  EXPECT_FALSE(got->has_header("Content-Range"));
}

}  // namespace
}  // namespace hf2ms::hubsim::test
