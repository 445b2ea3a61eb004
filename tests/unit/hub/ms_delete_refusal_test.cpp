// MsClient::commit when ModelScope refuses deletes for the token (issue #13 item 8): the rest
// of the change is committed without them, and each delete not made is reported.
#include "hub/ms_client.hpp"
#include "scripted_performer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hf2ms::hub {
namespace {

using testing::answer;

const RepoKey k_model{manifest::Hub::ms, manifest::RepoType::model, "acme/m"};

constexpr const char* k_refusal =
    R"({"Code":401,"Success":false,"Message":"the current token no longer supports deletion )"
    R"(operations. Please go to the site page : https://www.modelscope.cn to delete"})";

// A hub that refuses every commit with a delete action and takes the others; it records the
// actions of each commit POST.
struct RefusingHub {
  std::string head = "h0";
  std::string title = "init";
  std::vector<std::vector<std::string>> posts;  // "create a" / "delete b" per action

  http::Response operator()(const http::Request& r) {
    if (r.url.find("/commits?Ref=") != std::string::npos) {
      return answer(200, R"({"Code":200,"Success":true,"Data":{"Commit":[{"Id":")" + head +
                             R"(","Title":")" + title + R"("}]}})");
    }
    const auto body = nlohmann::json::parse(std::get<std::string>(r.body));
    auto& actions = posts.emplace_back();
    bool deletes = false;
    for (const auto& a : body["actions"]) {
      actions.push_back(a["action"].get<std::string>() + " " + a["path"].get<std::string>());
      deletes = deletes || a["action"] == "delete";
    }
    if (deletes) {
      return answer(401, k_refusal);
    }
    head = "c" + std::to_string(posts.size());
    title = body["commit_message"];
    return answer(200, R"({"Code":200,"Success":true,"Data":{"oid":")" + head + "\"}}");
  }
};

CommitSpec change(std::size_t adds, std::vector<std::string> deletes) {
  CommitSpec spec{"master", "m", {}, std::move(deletes), std::string("h0")};
  for (std::size_t i = 0; i < adds; ++i) {
    spec.adds.push_back({"f" + std::to_string(i), 1, "", Storage::inline_, "x"});
  }
  return spec;
}

TEST(MsClient, RefusedDeletesAreLeftOutAndReportedTheRestIsCommitted) {
  RefusingHub state;
  testing::ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub);
  auto result = (*client)->commit(k_model, change(1, {"old.bin", "older.bin"}));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->commit_oids, std::vector<std::string>{"c2"});
  EXPECT_EQ(result->refused_deletes, (std::vector<std::string>{"old.bin", "older.bin"}));
  EXPECT_NE(result->refusal.find("no longer supports deletion operations"), std::string::npos);
  EXPECT_EQ(state.posts, (std::vector<std::vector<std::string>>{
                             {"create f0", "delete old.bin", "delete older.bin"}, {"create f0"}}));
}

TEST(MsClient, OnceRefusedLaterBatchesDoNotAskAgain) {
  // 300 adds then 2 deletes: batch 1 holds adds only; batch 2 the rest of the adds and the
  // deletes, refused and resent without them; a deletes-only batch is not sent at all.
  RefusingHub state;
  testing::ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub);
  auto result = (*client)->commit(k_model, change(300, {"old.bin", "older.bin"}));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->commit_oids.size(), 2U);
  EXPECT_EQ(result->refused_deletes.size(), 2U);
  ASSERT_EQ(state.posts.size(), 3U);
  EXPECT_EQ(state.posts[2].size(), 44U);  // the second batch again, without its deletes

  RefusingHub only_deletes;
  testing::ScriptedPerformer hub2(
      [&only_deletes](const http::Request& r) { return only_deletes(r); });
  auto client2 = MsClient::create("https://ms.test", Secret("ms"), hub2);
  auto none = (*client2)->commit(k_model, change(0, {"old.bin"}));
  ASSERT_TRUE(none.has_value()) << none.error().message;
  EXPECT_TRUE(none->commit_oids.empty());
  EXPECT_EQ(none->refused_deletes, std::vector<std::string>{"old.bin"});
  EXPECT_EQ(only_deletes.posts.size(), 1U);
}

}  // namespace
}  // namespace hf2ms::hub
