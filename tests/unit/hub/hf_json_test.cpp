#include "hub/hf_json.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hub {
namespace {

TEST(HfJson, ParsesRecordedModelInfo) {
  auto yaml = testing::read_fixture("hf/InferenceApiTest.test_simple_inference.yaml");
  if (!yaml) {
    GTEST_SKIP() << "shared fixtures not present at " << testing::fixtures_dir();
  }
  auto body = testing::cassette_body(
      *yaml, "https://huggingface.co/api/models/google-bert/bert-base-uncased");
  ASSERT_TRUE(body.has_value());
  auto info = parse_hf_repo_info(*body);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->id, "google-bert/bert-base-uncased");
  EXPECT_EQ(info->head_commit, "86b5e0934494bd15c9632b12f734a8a67f723594");
  EXPECT_FALSE(info->is_private);
  EXPECT_EQ(info->gated, Gated::no);
  EXPECT_EQ(info->default_branch, "main");
  EXPECT_EQ(info->license, "apache-2.0");  // the recorded cardData.license
}

TEST(HfJson, ReadsTheCardLicenceScalarOrFirstOfAList) {
  EXPECT_EQ(parse_hf_repo_info(R"({"id":"a/b","cardData":{"license":"mit"}})")->license, "mit");
  EXPECT_EQ(parse_hf_repo_info(R"({"id":"a/b","cardData":{"license":["gpl-3.0","mit"]}})")->license,
            "gpl-3.0");
  EXPECT_FALSE(parse_hf_repo_info(R"({"id":"a/b","cardData":{"license":7}})")->license);
  EXPECT_FALSE(parse_hf_repo_info(R"({"id":"a/b","cardData":null})")->license);
  EXPECT_FALSE(parse_hf_repo_info(R"({"id":"a/b"})")->license);
}

TEST(HfJson, ReadsGatedModes) {
  EXPECT_EQ(parse_hf_repo_info(R"({"id":"a/b","gated":"manual","sha":"x"})")->gated,
            Gated::manual_approval);
  EXPECT_EQ(parse_hf_repo_info(R"({"id":"a/b","gated":"auto","sha":"x"})")->gated,
            Gated::auto_approval);
  EXPECT_TRUE(parse_hf_repo_info(R"({"id":"a/b","private":true})")->is_private);
}

// Entry shapes from protocols/huggingface-hub.md §5.1 (bert-base-uncased values).
TEST(HfJson, ParsesTreePageKeepingFilesOnly) {
  auto files = parse_hf_tree_page(R"([
    {"type":"directory","oid":"a50fbe8819432397f093fad47a820ec6a80f2a9d","size":0,"path":"assets"},
    {"type":"file","oid":"ba5d19791be1dd7992e33bd61f20207b0f7f50a5","size":440473133,
     "lfs":{"oid":"097417381d6c7230bd9e3557456d726de6e83245ec8b24f529f60198a67b203a",
            "size":440473133,"pointerSize":134},"path":"pytorch_model.bin"},
    {"type":"file","oid":"fca794a5f07ff8f963fe8b61e3694b0fb7f955df","size":313,"path":"config.json"}
  ])");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  ASSERT_EQ(files->size(), 2u);
  const FileEntry& lfs = (*files)[0];
  EXPECT_EQ(lfs.path, "pytorch_model.bin");
  EXPECT_TRUE(lfs.lfs);
  EXPECT_EQ(lfs.size, 440473133u);
  EXPECT_EQ(lfs.sha256, "097417381d6c7230bd9e3557456d726de6e83245ec8b24f529f60198a67b203a");
  EXPECT_EQ(lfs.git_oid, "ba5d19791be1dd7992e33bd61f20207b0f7f50a5");
  const FileEntry& small = (*files)[1];
  EXPECT_FALSE(small.lfs);
  EXPECT_EQ(small.sha256, std::nullopt);
  EXPECT_EQ(small.git_oid, "fca794a5f07ff8f963fe8b61e3694b0fb7f955df");
}

// The recorded Xet entry of §5.1: xetHash is kept for a server-side copy; a malformed one is
// dropped (it would go back to the Hub in a duplicate request), and regular files have none.
TEST(HfJson, KeepsTheXetHashOfXetBackedLfsFiles) {
  auto files = parse_hf_tree_page(R"([
    {"type":"file","oid":"ba5d19791be1dd7992e33bd61f20207b0f7f50a5","size":440473133,
     "lfs":{"oid":"097417381d6c7230bd9e3557456d726de6e83245ec8b24f529f60198a67b203a",
            "size":440473133,"pointerSize":134},
     "xetHash":"2d8408d3a894d02517d04956e2f7546ff08362594072f3527ce144b5212a3296",
     "path":"a.bin"},
    {"type":"file","oid":"ba5d19791be1dd7992e33bd61f20207b0f7f50a5","size":5,
     "lfs":{"oid":"097417381d6c7230bd9e3557456d726de6e83245ec8b24f529f60198a67b203a",
            "size":5,"pointerSize":125},"xetHash":"../not-hex","path":"b.bin"},
    {"type":"file","oid":"fca794a5f07ff8f963fe8b61e3694b0fb7f955df","size":313,
     "xetHash":"2d8408d3a894d02517d04956e2f7546ff08362594072f3527ce144b5212a3296",
     "path":"config.json"}
  ])");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].xet_hash,
            "2d8408d3a894d02517d04956e2f7546ff08362594072f3527ce144b5212a3296");
  EXPECT_FALSE((*files)[1].xet_hash.has_value());
  EXPECT_FALSE((*files)[2].xet_hash.has_value());
}

TEST(HfJson, RefusesUnsafePathsInListing) {
  auto files = parse_hf_tree_page(R"([{"type":"file","oid":"x","size":1,"path":"../etc/passwd"}])");
  ASSERT_FALSE(files.has_value());
  EXPECT_EQ(files.error().kind, ErrorKind::invalid_input);
}

TEST(HfJson, MalformedBodyIsInvalidInput) {
  auto files = parse_hf_tree_page("[{");
  ASSERT_FALSE(files.has_value());
  EXPECT_EQ(files.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(files.error().message.find("tree listing"), std::string::npos);
}

TEST(HfJson, ParsesWhoami) {
  auto id = parse_hf_whoami(R"({"type":"user","name":"alice","orgs":[{"name":"acme"}],
                               "auth":{"type":"access_token","accessToken":{"role":"write"}}})");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->name, "alice");
  EXPECT_EQ(id->orgs, std::vector<std::string>{"acme"});
  EXPECT_EQ(id->token_role, "write");
}

TEST(HfJson, FindsNextLink) {
  EXPECT_EQ(
      parse_next_link(R"(<https://h/api/models/a/b/tree/main?recursive=1&cursor=xyz>; rel="next")"),
      "https://h/api/models/a/b/tree/main?recursive=1&cursor=xyz");
  EXPECT_EQ(parse_next_link(R"(<https://h/p1>; rel="prev", <https://h/p3>; rel="next")"),
            "https://h/p3");
  EXPECT_EQ(parse_next_link(R"(<https://h/p1>; rel="prev")"), std::nullopt);
  EXPECT_EQ(parse_next_link(""), std::nullopt);
}

struct ErrorCase {
  int status;
  const char* code;
  const char* message;
  const char* body;
  ErrorKind kind;
};

TEST(HfJson, MapsErrorsLikeTheStatusMatrix) {
  const ErrorCase cases[] = {
      {401, "RepoNotFound", "Invalid username or password.", "", ErrorKind::not_found},
      {404, "RepoNotFound", "", "", ErrorKind::not_found},
      {404, "RevisionNotFound", "", "", ErrorKind::not_found},
      {401, "", "Invalid credentials in Authorization header", "", ErrorKind::unauthorized},
      {401, "GatedRepo", "Access to model x is restricted", "", ErrorKind::gated},
      {403, "GatedRepo", "", "", ErrorKind::gated},
      {403, "", "Access to this resource is disabled.", "", ErrorKind::unauthorized},
      {409, "", "", R"({"error":"You already created this model repo"})", ErrorKind::conflict},
      {412, "", "", "", ErrorKind::conflict},
      {429, "", "", "", ErrorKind::rate_limited},
      {503, "", "", "", ErrorKind::transient},
      {408, "", "", "", ErrorKind::transient},
      {400, "", "", "", ErrorKind::invalid_input},
      {422, "", "", "", ErrorKind::invalid_input},
  };
  for (const auto& c : cases) {
    Error e = hf_error(c.status, c.code, c.message, c.body);
    EXPECT_EQ(e.kind, c.kind) << c.status << " " << c.code;
    EXPECT_EQ(e.http_status, c.status);
  }
}

TEST(HfJson, KeepsTheHubsMessage) {
  EXPECT_EQ(hf_error(409, "", "", R"({"error":"You already created this model repo"})").message,
            "You already created this model repo");
  EXPECT_EQ(hf_error(404, "EntryNotFound", "Entry not found", "{}").message, "Entry not found");
  EXPECT_EQ(hf_error(500, "", "", "upstream exploded").message, "upstream exploded");
}

}  // namespace
}  // namespace hf2ms::hub
