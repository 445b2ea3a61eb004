#include "hubsim/ms_rules.hpp"

#include "hubsim/ms_envelope.hpp"
#include "hubsim/ms_requests.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hf2ms::hubsim {
namespace {

TEST(MsRules, AcceptsCleanRepoPaths) {
  EXPECT_TRUE(is_valid_repo_path("README.md"));
  EXPECT_TRUE(is_valid_repo_path("dir/sub/a b+c.txt"));
  EXPECT_TRUE(is_valid_repo_path(".gitattributes"));
}

TEST(MsRules, RejectsDotSegmentsAndLeadingSlash) {
  EXPECT_FALSE(is_valid_repo_path(""));
  EXPECT_FALSE(is_valid_repo_path("./a.txt"));
  EXPECT_FALSE(is_valid_repo_path("../a.txt"));
  EXPECT_FALSE(is_valid_repo_path("a/../b"));
  EXPECT_FALSE(is_valid_repo_path("/a.txt"));
  EXPECT_FALSE(is_valid_repo_path("a//b"));
  EXPECT_FALSE(is_valid_repo_path("a/"));
  EXPECT_FALSE(is_valid_repo_path("a\\b"));
}

TEST(MsRules, ChecksRepoNames) {
  EXPECT_TRUE(is_valid_repo_name("Qwen2.5-7B_Instruct"));
  EXPECT_FALSE(is_valid_repo_name(""));
  EXPECT_FALSE(is_valid_repo_name(".hidden"));
  EXPECT_FALSE(is_valid_repo_name("a/b"));
  EXPECT_FALSE(is_valid_repo_name(std::string(65, 'a')));
}

TEST(MsRules, ReadsPythonBooleans) {
  EXPECT_TRUE(is_true_param("True"));
  EXPECT_TRUE(is_true_param("true"));
  EXPECT_TRUE(is_true_param("1"));
  EXPECT_FALSE(is_true_param("False"));
  EXPECT_FALSE(is_true_param(""));
}

TEST(MsRules, DecidesLfsBySuffixSizeAndInlineNames) {
  EXPECT_TRUE(is_lfs_by_rule(MsRepoKind::model, "w/model.safetensors", 10));
  EXPECT_FALSE(is_lfs_by_rule(MsRepoKind::model, "notes.txt", 1024 * 1024));
  EXPECT_TRUE(is_lfs_by_rule(MsRepoKind::model, "notes.txt", 1024 * 1024 + 1));
  EXPECT_FALSE(is_lfs_by_rule(MsRepoKind::model, "config.json", 50'000'000));
  EXPECT_TRUE(is_lfs_by_rule(MsRepoKind::dataset, "data/train.jsonl", 1));
  EXPECT_FALSE(is_lfs_by_rule(MsRepoKind::model, "data/train.jsonl", 1));
}

TEST(MsRules, ParsesJsonWithoutThrowing) {
  EXPECT_FALSE(parse_json_body("{not json").has_value());
  const auto json = parse_json_body(R"({"a":"x","n":3,"f":1.5})");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(json_string(*json, "a"), "x");
  EXPECT_FALSE(json_string(*json, "n").has_value());
  EXPECT_EQ(json_int(*json, "n"), 3);
  EXPECT_FALSE(json_int(*json, "f").has_value());
  EXPECT_FALSE(json_int(nlohmann::json::array(), "n").has_value());
}

TEST(MsEnvelope, LegacyOkHasTheFiveRecordedKeys) {
  const auto body = legacy_ok(nlohmann::json{{"x", 1}});
  EXPECT_EQ(body["Code"], 200);
  EXPECT_EQ(body["Message"], "success");
  EXPECT_TRUE(body["Success"].get<bool>());
  EXPECT_EQ(body["Data"]["x"], 1);
  EXPECT_EQ(body["RequestId"].get<std::string>().size(), 36U);
}

TEST(MsEnvelope, LegacyErrorCarriesCodeMessageRequestIdAndSuccessFalse) {
  const auto body = legacy_error(k_ms_code_login_failed, "bad");
  EXPECT_EQ(body["Code"].get<std::int64_t>(), 10010103009);
  EXPECT_EQ(body["Message"], "bad");
  EXPECT_FALSE(body["Success"].get<bool>());
  EXPECT_TRUE(body["RequestId"].is_string());
  EXPECT_FALSE(body.contains("Data"));
}

TEST(MsEnvelope, RequestIdsAreUuidV4AndDistinct) {
  const std::string a = make_request_id();
  EXPECT_EQ(a[8], '-');
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(a, make_request_id());
}

TEST(MsEnvelope, OpenApiErrorUsesStringCodes) {
  const auto body = openapi_error(openapi_code_for_status(401), "no");
  EXPECT_EQ(body["code"], "InvalidAuthentication");
  EXPECT_FALSE(body["success"].get<bool>());
  EXPECT_TRUE(body["request_id"].is_string());
  EXPECT_EQ(openapi_code_for_status(404), "ResourceNotFound");
}

TEST(MsRequests, Base64RoundTrips) {
  for (const std::string& text :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(decode_base64(encode_base64(text)), text);
  }
  EXPECT_EQ(encode_base64("hello"), "aGVsbG8=");
  EXPECT_FALSE(decode_base64("a").has_value());
  EXPECT_FALSE(decode_base64("aGV*").has_value());
  EXPECT_FALSE(decode_base64("aGVs=bG8").has_value());
}

TEST(MsRequests, ParsesCommitActionsOfBothTypes) {
  const auto parsed = parse_commit_request(R"({"commit_message":"m","actions":[
    {"action":"create","path":"a.txt","type":"normal","size":5,"sha256":"","content":"aGVsbG8=","encoding":"base64"},
    {"action":"create","path":"w.bin","type":"lfs","size":7,"sha256":")" +
                                           std::string(64, 'A') + R"(","content":"","encoding":""},
    {"action":"delete","path":"old.bin","type":"normal","size":0,"sha256":"","content":"","encoding":""}]})");
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->actions.size(), 3U);
  EXPECT_EQ(parsed->message, "m");
  EXPECT_EQ(parsed->actions[0].content, "hello");
  EXPECT_EQ(parsed->actions[1].type, MsFileType::lfs);
  EXPECT_EQ(parsed->actions[1].sha256, std::string(64, 'a'));
  EXPECT_EQ(parsed->actions[1].size, 7U);
  EXPECT_EQ(parsed->actions[2].kind, MsActionKind::remove);
}

TEST(MsRequests, RefusesDotSlashPathsAsInvalidAction) {
  const auto parsed = parse_commit_request(
      R"({"actions":[{"action":"create","path":"./a.txt","content":"","encoding":"base64"}]})");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().http_status, 400);
  EXPECT_NE(parsed.error().message.find("invalid commit action"), std::string::npos);
}

TEST(MsRequests, RefusesMoreThan2000ActionsWith422) {
  nlohmann::json body{{"actions", nlohmann::json::array()}};
  for (int i = 0; i < 2001; ++i) {
    body["actions"].push_back({{"action", "delete"}, {"path", "f" + std::to_string(i)}});
  }
  const auto parsed = parse_commit_request(body.dump());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().http_status, 422);
  EXPECT_EQ(parsed.error().message,
            "commit request exceeds actions limit: 2001 > 2000; split the commit into smaller "
            "batches");
}

TEST(MsRequests, ParsesBlobBatchAndLowerCasesOids) {
  const auto parsed = parse_blob_batch(R"({"operation":"upload","objects":[{"oid":")" +
                                       std::string(64, 'F') + R"(","size":3}]})");
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->size(), 1U);
  EXPECT_EQ((*parsed)[0].oid, std::string(64, 'f'));
  EXPECT_FALSE(parse_blob_batch(R"({"objects":[{"oid":"xyz","size":3}]})").has_value());
  EXPECT_FALSE(parse_blob_batch("[]").has_value());
}

}  // namespace
}  // namespace hf2ms::hubsim
