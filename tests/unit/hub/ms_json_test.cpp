#include "hub/ms_json.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

std::string fixture_or_skip(const std::string& name, bool& missing) {
  auto text = testing::read_fixture("modelscope/" + name);
  missing = !text.has_value();
  return text.value_or("");
}

// The OpenAPI examples file keys each example by "name (ROUTE, STATUS)".
std::string openapi_example(const std::string& prefix, bool& missing) {
  std::string all = fixture_or_skip("openapi_v1_examples.json", missing);
  if (missing) {
    return {};
  }
  const nlohmann::json doc = nlohmann::json::parse(all);
  for (const auto& [key, value] : doc.items()) {
    if (key.rfind(prefix, 0) == 0) {
      return value.dump();
    }
  }
  missing = true;
  return {};
}

#define SKIP_IF_MISSING(m) \
  if (m) GTEST_SKIP() << "shared fixtures not present at " << testing::fixtures_dir()

TEST(MsJson, ParsesRecordedModelFileListing) {
  bool missing = false;
  std::string body = fixture_or_skip("api_v1_models_repo_files_recorded.json", missing);
  SKIP_IF_MISSING(missing);
  auto listing = parse_ms_files(body);
  ASSERT_TRUE(listing.has_value()) << listing.error().message;
  ASSERT_EQ(listing->files.size(), 1u);
  EXPECT_EQ(listing->entry_count, 1u);
  const FileEntry& f = listing->files[0];
  EXPECT_EQ(f.path, "README.md");
  EXPECT_EQ(f.size, 6399u);
  EXPECT_EQ(f.sha256, "8bf99f410ae0a572e5a4a85a3949ad268d49023e5c6ef200c9bd4307f9ed0660");
  EXPECT_FALSE(f.lfs);
  EXPECT_EQ(f.git_oid, std::nullopt);
}

TEST(MsJson, SeparatesDirectoriesAndCountsEntries) {
  auto listing = parse_ms_files(R"({"Code":200,"Success":true,"Data":{"Files":[
      {"Type":"tree","Path":"sub","Name":"sub","Size":0},
      {"Type":"blob","Path":"sub/w.bin","Name":"w.bin","Size":9,"Sha256":"ab","IsLFS":true}]}})");
  ASSERT_TRUE(listing.has_value());
  EXPECT_EQ(listing->entry_count, 2u);
  EXPECT_EQ(listing->directories, std::vector<std::string>{"sub"});
  ASSERT_EQ(listing->files.size(), 1u);
  EXPECT_TRUE(listing->files[0].lfs);
}

TEST(MsJson, NullFilesIsAnEmptyListing) {
  auto listing = parse_ms_files(R"({"Code":200,"Success":true,"Data":{"Files":null}})");
  ASSERT_TRUE(listing.has_value());
  EXPECT_TRUE(listing->files.empty());
}

TEST(MsJson, ParsesRecordedLogin) {
  bool missing = false;
  std::string body = fixture_or_skip("api_v1_login_ok_http200.json", missing);
  SKIP_IF_MISSING(missing);
  auto id = parse_ms_login(body);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->name, "alice");
}

TEST(MsJson, RecordedRejectedLoginIsUnauthorized) {
  bool missing = false;
  std::string body = fixture_or_skip("api_v1_login_token_rejected_http400.json", missing);
  SKIP_IF_MISSING(missing);
  Error e = ms_error(400, body);
  EXPECT_EQ(e.kind, ErrorKind::unauthorized);
  EXPECT_NE(e.message.find("AccessToken"), std::string::npos);
  auto as_login = parse_ms_login(body);
  ASSERT_FALSE(as_login.has_value());
  EXPECT_EQ(as_login.error().kind, ErrorKind::unauthorized);
}

TEST(MsJson, ParsesOpenApiUsersMe) {
  bool missing = false;
  std::string body = openapi_example("user-all-response", missing);
  SKIP_IF_MISSING(missing);
  auto id = parse_ms_users_me(body);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->name, "tester");
}

TEST(MsJson, MapsOpenApiErrorExamplesByStatus) {
  const std::pair<const char*, ErrorKind> cases[] = {
      {"invalid-authentication (401)", ErrorKind::unauthorized},
      {"resource-not-found (404)", ErrorKind::not_found},
      {"input-parameter-error (400)", ErrorKind::invalid_input},
      {"duplicate-entity (409)", ErrorKind::conflict},
      {"rate-limit-exceed (429)", ErrorKind::rate_limited},
  };
  for (const auto& [name, kind] : cases) {
    bool missing = false;
    std::string body = openapi_example(name, missing);
    SKIP_IF_MISSING(missing);
    int status = std::stoi(std::string(name).substr(std::string(name).find('(') + 1, 3));
    Error e = ms_error(status, body);
    EXPECT_EQ(e.kind, kind) << name;
    EXPECT_FALSE(e.message.empty()) << name;
  }
}

TEST(MsJson, NameTakenCodesAreConflicts) {
  Error e =
      ms_error(400, R"({"Code":10010101001,"Message":"taken","RequestId":"r","Success":false})");
  EXPECT_EQ(e.kind, ErrorKind::conflict);
  EXPECT_EQ(e.message, "taken");
}

TEST(MsJson, EnvelopeWithFailureCodeIsAnErrorEvenOnHttp200) {
  auto info =
      parse_ms_repo_info(R"({"Code":10990101007,"Message":"no","Success":false,"RequestId":"r"})");
  ASSERT_FALSE(info.has_value());
  EXPECT_EQ(info.error().message, "no");
}

TEST(MsJson, ParsesRepoInfoVisibilityAndGating) {
  auto info = parse_ms_repo_info(R"({"Code":200,"Success":true,"Data":
      {"Path":"damo","Name":"m","Visibility":1,"ProtectedMode":1}})");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->id, "damo/m");
  EXPECT_TRUE(info->is_private);
  EXPECT_EQ(info->gated, Gated::manual_approval);
  EXPECT_EQ(info->default_branch, "master");
}

// modelscope-hub.md §4.1: 1 private, 3 internal, 5 public. Internal is not public: a mirror
// that preserves visibility must not publish it.
TEST(MsJson, OnlyVisibilityFiveIsPublic) {
  const auto with = [](const std::string& visibility) {
    return parse_ms_repo_info(R"({"Code":200,"Success":true,"Data":{"Path":"o","Name":"m")" +
                              visibility + "}}");
  };
  EXPECT_FALSE(with(R"(,"Visibility":5)")->is_private);
  EXPECT_TRUE(with(R"(,"Visibility":3)")->is_private);
  EXPECT_TRUE(with(R"(,"Visibility":1)")->is_private);
  EXPECT_TRUE(with(R"(,"Visibility":"5")")->is_private);  // not the number the hub sends
  EXPECT_TRUE(with("")->is_private);                      // unknown: the safe side
  EXPECT_EQ(with(R"(,"Visibility":5,"License":"Apache License 2.0")")->license,
            "Apache License 2.0");
}

// real-hub-limits.md ModelScope §4: the SDK ignores Code on a 2xx and reads
// body.get("Data", body); the blob batch answer has come without any envelope.
TEST(MsJson, SuccessAnswersWithoutCodeOrEnvelopeParse) {
  auto info = parse_ms_repo_info(
      R"({"Data":{"Path":"o","Name":"m","Visibility":5},"Message":"success","Success":true})");
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->id, "o/m");
  const std::string a(64, 'a');
  const std::string object =
      R"({"oid":")" + a + R"(","size":1,"actions":{"upload":{"href":"https://lfs.x/b"}}})";
  for (const std::string& body :
       {R"({"objects":[)" + object + "]}",
        R"({"Data":{"objects":[)" + object + "]},\"Success\":true}",
        R"({"Code":200,"Data":{"objects":[)" + object + "]},\"Success\":true}"}) {
    auto slots = parse_ms_blob_batch(body);
    ASSERT_TRUE(slots.has_value()) << body << ": " << slots.error().message;
    ASSERT_EQ(slots->size(), 1U) << body;
    EXPECT_EQ((*slots)[0].href, "https://lfs.x/b");
  }
  auto commit = parse_ms_commit(R"({"Data":{"oid":"c1"},"Success":true})");
  ASSERT_TRUE(commit.has_value());
  EXPECT_EQ(*commit, "c1");
  // An answer that says it failed is still an error, with or without Code.
  EXPECT_FALSE(parse_ms_commit(R"({"Data":{"oid":"c1"},"Success":false,"Message":"no"})"));
  EXPECT_FALSE(parse_ms_commit(R"({"Code":10030000001,"Data":{"oid":"c1"}})"));
  EXPECT_FALSE(parse_ms_blob_batch("[]"));
}

TEST(MsJson, ParsesRevisionsNewestTagFirst) {
  auto revs = parse_ms_revisions(R"({"Code":200,"Success":true,"Data":{"RevisionMap":{
      "Branches":[{"Revision":"master","CreatedAt":1,"CommitId":"c1"}],
      "Tags":[{"Revision":"v2","CreatedAt":3,"CommitId":"c3"},{"Revision":"v1","CreatedAt":2}]}}})");
  ASSERT_TRUE(revs.has_value());
  ASSERT_EQ(revs->branches.size(), 1u);
  EXPECT_EQ(revs->branches[0].name, "master");
  EXPECT_EQ(revs->branches[0].commit_id, "c1");
  ASSERT_EQ(revs->tags.size(), 2u);
  EXPECT_EQ(revs->tags[0].name, "v2");
  EXPECT_EQ(revs->tags[1].commit_id, "");
}

TEST(MsJson, BlobBatchListsOnlyObjectsToUpload) {
  auto slots = parse_ms_blob_batch(R"({"Code":200,"Success":true,"Data":{"objects":[
      {"oid":"aa","size":1,"actions":{"upload":{"href":"http://lfs/blobs/aa/1"}}},
      {"oid":"bb","size":2}]}})");
  ASSERT_TRUE(slots.has_value());
  ASSERT_EQ(slots->size(), 1u);
  EXPECT_EQ((*slots)[0].sha256, "aa");
  EXPECT_EQ((*slots)[0].href, "http://lfs/blobs/aa/1");
}

TEST(MsJson, CommitAnswerGivesTheNewCommit) {
  EXPECT_EQ(*parse_ms_commit(R"({"Code":200,"Success":true,"Data":{"oid":"abc"}})"), "abc");
}

TEST(MsJson, RepoListReadsLegacyAndOpenApiShapes) {
  EXPECT_EQ(*parse_ms_repo_list(R"({"Code":200,"Data":{"Models":[{"Name":"a"},{"Name":"b"}]}})"),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*parse_ms_repo_list(R"({"success":true,"data":{"datasets":[{"id":"o/x"}]}})"),
            (std::vector<std::string>{"x"}));
}

}  // namespace
}  // namespace hf2ms::hub
