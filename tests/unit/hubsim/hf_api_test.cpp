#include "hubsim_http.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim::test {
namespace {
using nlohmann::json;

class HfApiTest : public testing::HubsimTest {
 protected:
  void configure(SimulatorOptions& o) override { o.sim.page_size = 2; }
};

TEST_F(HfApiTest, WhoamiNeedsAValidToken) {
  auto c = client(urls().hf_url);
  const auto ok = c.Get("/api/whoami-v2", auth());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  const json me = json::parse(ok->body);
  EXPECT_EQ(me["name"], "user");
  EXPECT_EQ(me["auth"]["accessToken"]["role"], "write");
  const auto bad = c.Get("/api/whoami-v2", auth("hf_nope"));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  EXPECT_EQ(bad->get_header_value("X-Error-Message"),
            "Invalid credentials in Authorization header");
}

TEST_F(HfApiTest, CreateAcceptsVisibilityAndAnswers409WhenTheRepoExists) {
  auto c = client(urls().hf_url);
  const json body{{"name", "m"}, {"organization", "acme"}, {"visibility", "private"}};
  const auto first = c.Post("/api/repos/create", auth(), body.dump(), "application/json");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_TRUE(sim().store().find_repo({Hub::hf, RepoType::model, "acme/m"})->is_private);
  const auto again = c.Post("/api/repos/create", auth(), body.dump(), "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(json::parse(again->body)["url"], urls().hf_url + "/acme/m");
}

TEST_F(HfApiTest, TreeIsPaginatedWithAbsoluteNextLinks) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/paged");
  ASSERT_EQ(
      commit_files(c, "acme/paged", {{"a.txt", "a"}, {"d/b.txt", "b"}, {"d/c.txt", "c"}})->status,
      200);
  std::vector<std::string> paths;
  std::string next = "/api/models/acme/paged/tree/main?recursive=true&expand=false";
  int pages = 0;
  while (!next.empty()) {
    const auto res = c.Get(next.c_str());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    for (const auto& e : json::parse(res->body)) {
      paths.push_back(e["path"]);
    }
    ++pages;
    const std::string link = res->get_header_value("Link");
    next.clear();
    if (!link.empty()) {
      ASSERT_EQ(link.rfind("<" + urls().hf_url + "/", 0), 0U) << link;
      next = link.substr(1 + urls().hf_url.size(), link.find('>') - 1 - urls().hf_url.size());
    }
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(paths,
            (std::vector<std::string>{".gitattributes", "a.txt", "d", "d/b.txt", "d/c.txt"}));
}

TEST_F(HfApiTest, TreeAcceptsEncodedAndRawPathsAndRevisions) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/enc");
  ASSERT_EQ(commit_files(c, "acme/enc", {{"d/e/f.txt", "x"}})->status, 200);
  ASSERT_TRUE(sim()
                  .store()
                  .create_branch({Hub::hf, RepoType::model, "acme/enc"}, "refs/pr/1", "main")
                  .has_value());
  for (const char* url :
       {"/api/models/acme/enc/tree/main/d%2Fe", "/api/models/acme/enc/tree/main/d/e",
        "/api/models/acme/enc/tree/refs%2Fpr%2F1/d/e", "/api/models/acme/enc/tree/refs/pr/1/d/e"}) {
    const auto res = c.Get(url);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << url << " " << res->body;
    EXPECT_EQ(json::parse(res->body)[0]["path"], "d/e/f.txt") << url;
  }
  const auto missing = c.Get("/api/models/acme/enc/tree/main/nope");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("X-Error-Code"), "EntryNotFound");
}

TEST_F(HfApiTest, PathsInfoAcceptsJsonAndFormBodies) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/pi");
  ASSERT_EQ(commit_files(c, "acme/pi", {{"a/b.txt", "hello world\n"}})->status, 200);
  const auto js = c.Post("/api/models/acme/pi/paths-info/main",
                         json{{"paths", {"a/b.txt", "nope"}}}.dump(), "application/json");
  const auto form =
      c.Post("/api/models/acme/pi/paths-info/main", "paths=a%2Fb.txt&paths=a&expand=false",
             "application/x-www-form-urlencoded");
  ASSERT_TRUE(js && form);
  const json a = json::parse(js->body);
  ASSERT_EQ(a.size(), 1U);
  EXPECT_EQ(a[0]["oid"], "3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
  const json b = json::parse(form->body);
  ASSERT_EQ(b.size(), 2U);
  EXPECT_EQ(b[1]["type"], "directory");
  EXPECT_EQ(b[1]["size"], 0);
}

TEST_F(HfApiTest, StaleParentCommitIsRefusedWith412) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/race");
  const json info = json::parse(c.Get("/api/models/acme/race/revision/main")->body);
  const std::string parent = info["sha"];
  ASSERT_EQ(commit_files(c, "acme/race", {{"a", "1"}}, parent)->status, 200);
  const auto stale = commit_files(c, "acme/race", {{"b", "2"}}, parent);
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 412);
}

TEST_F(HfApiTest, PrivateReposAre404ToOthersAnd401ToAnonymous) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/secret", true);
  EXPECT_EQ(c.Get("/api/models/acme/secret", auth())->status, 200);
  const auto anon = c.Get("/api/models/acme/secret");
  EXPECT_EQ(anon->status, 401);
  EXPECT_EQ(anon->get_header_value("X-Error-Code"), "RepoNotFound");
  ASSERT_TRUE(sim().store().create_repo(repo_meta("other/secret", true), {}, "other", "i"));
  const auto other = c.Get("/api/models/other/secret", auth());
  EXPECT_EQ(other->status, 404);
  EXPECT_EQ(other->get_header_value("X-Error-Code"), "RepoNotFound");
}

TEST_F(HfApiTest, ListsReposByAuthorAcrossPages) {
  auto c = client(urls().hf_url);
  for (const char* id : {"acme/a", "acme/b", "acme/c", "zed/x"}) {
    ASSERT_TRUE(sim().store().create_repo(repo_meta(id), {}, "u", "i"));
  }
  const auto first = c.Get("/api/models?author=acme");
  ASSERT_TRUE(first);
  EXPECT_EQ(json::parse(first->body).size(), 2U);
  const std::string link = first->get_header_value("Link");
  ASSERT_FALSE(link.empty());
  const auto second = c.Get(
      link.substr(1 + urls().hf_url.size(), link.find('>') - 1 - urls().hf_url.size()).c_str());
  const json page = json::parse(second->body);
  ASSERT_EQ(page.size(), 1U);
  EXPECT_EQ(page[0]["id"], "acme/c");
}

TEST_F(HfApiTest, CommitListingCountsAndRefsListAllKeys) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/hist");
  ASSERT_EQ(commit_files(c, "acme/hist", {{"a", "1"}})->status, 200);
  const auto commits = c.Get("/api/models/acme/hist/commits/main");
  EXPECT_EQ(commits->get_header_value("X-Total-Count"), "2");
  EXPECT_EQ(json::parse(commits->body)[0]["title"], "add files");
  const json refs = json::parse(c.Get("/api/models/acme/hist/refs")->body);
  for (const char* key : {"branches", "converts", "tags", "pullRequests"}) {
    EXPECT_TRUE(refs.contains(key)) << key;
  }
}

TEST_F(HfApiTest, StatePersistsAcrossRestart) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/kept");
  ASSERT_EQ(commit_files(c, "acme/kept", {{"f.txt", "persist me"}})->status, 200);
  restart();
  auto c2 = client(urls().hf_url);
  c2.set_follow_location(true);  // regular files: 307 to /api/resolve-cache/
  const auto res = c2.Get("/acme/kept/resolve/main/f.txt");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "persist me");
}

}  // namespace
}  // namespace hf2ms::hubsim::test

namespace hf2ms::hubsim::test {
namespace {

class HfSiblingsTest : public testing::HubsimTest {
 protected:
  void configure(SimulatorOptions& o) override { o.sim.hf_siblings_limit = 2; }
};

TEST_F(HfSiblingsTest, RepoInfoCutsTheSiblingsSilentlyAndBlobsAddTheirMetadata) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/many");
  ASSERT_EQ(commit_files(c, "acme/many", {{"a.txt", "a"}, {"b.txt", "bb"}, {"c.txt", "c"}})->status,
            200);
  const auto res = c.Get("/api/models/acme/many/revision/main?blobs=true", auth());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const nlohmann::json info = nlohmann::json::parse(res->body);
  ASSERT_EQ(info["siblings"].size(), 2U);  // of 4 files (with .gitattributes), no marker
  for (const auto& s : info["siblings"]) {
    EXPECT_TRUE(s.contains("size") && s.contains("blobId")) << s.dump();
  }
  const auto plain = nlohmann::json::parse(c.Get("/api/models/acme/many/revision/main")->body);
  ASSERT_EQ(plain["siblings"].size(), 2U);
  EXPECT_FALSE(plain["siblings"][0].contains("blobId"));
}

}  // namespace
}  // namespace hf2ms::hubsim::test
