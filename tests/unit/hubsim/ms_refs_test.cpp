// The ModelScope side's tags (protocols/modelscope-hub.md §5.3, §7.5) over HTTP: POST
// repo/tag {"TagName", "Ref"} tags a branch head, the revisions list shows it newest first,
// listings read at the tag keep its tree, and every refusal the notes describe (empty name,
// a tag or commit as Ref, no write access) plus the simulator's strict picks (an existing tag,
// a name git refuses) leave the tags as they were.
#include "unit/hubsim/ms_sim.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test helpers

class MsRefs : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(create_model(sim_, k_alice, "alice", "m"), 200);
    ASSERT_EQ(commit(sim_, k_alice, "alice/m", {create_action("a.txt", "one")})->status, 200);
  }
  httplib::Result tag(const std::string& token, const nlohmann::json& body) {
    return sim_.api().Post("/api/v1/models/alice/m/repo/tag", bearer(token), body.dump(),
                           "application/json");
  }
  std::vector<std::string> tag_names() {
    std::vector<std::string> out;
    const auto body = body_of(sim_.api().Get("/api/v1/models/alice/m/revisions"));
    for (const auto& t : body["Data"]["RevisionMap"]["Tags"]) {
      out.push_back(t["Revision"].get<std::string>());
    }
    return out;
  }
  std::vector<std::string> files_at(const std::string& revision) {
    std::vector<std::string> out;
    const auto body = body_of(sim_.api().Get(
        "/api/v1/models/alice/m/repo/files?Revision=" + revision + "&Recursive=True"));
    for (const auto& f : body["Data"]["Files"]) {
      out.push_back(f["Path"].get<std::string>());
    }
    return out;
  }
  MsSim sim_;
};

TEST_F(MsRefs, TagsTheBranchHeadAndListsTagsNewestFirst) {
  const auto made = tag(k_alice, {{"TagName", "v1"}, {"Ref", "master"}});
  ASSERT_EQ(made->status, 200) << made->body;
  EXPECT_EQ(body_of(made)["Success"], true);
  ASSERT_EQ(commit(sim_, k_alice, "alice/m", {create_action("b.txt", "two")})->status, 200);
  ASSERT_EQ(tag(k_alice, {{"TagName", "v2"}, {"Ref", "master"}})->status, 200);
  EXPECT_EQ(tag_names(), (std::vector<std::string>{"v2", "v1"}));
  EXPECT_EQ(files_at("v1"), std::vector<std::string>{"a.txt"});
  EXPECT_EQ(files_at("v2"), (std::vector<std::string>{"a.txt", "b.txt"}));
  const auto history = body_of(sim_.api().Get("/api/v1/models/alice/m/commits?Ref=v1"));
  const RepoKey key{Hub::ms, RepoType::model, "alice/m"};
  EXPECT_EQ(history["Data"]["Commit"][0]["Id"], sim_.sim().store().find_repo(key)->tags.at("v1"));
}

TEST_F(MsRefs, RefusalsLeaveTheTagsAlone) {
  ASSERT_EQ(tag(k_alice, {{"TagName", "v1"}, {"Ref", "master"}})->status, 200);
  const auto empty = tag(k_alice, {{"TagName", ""}, {"Ref", "master"}});
  EXPECT_EQ(empty->status, 400);
  EXPECT_NE(empty->body.find("版本名称不能为空"), std::string::npos) << empty->body;
  EXPECT_EQ(tag(k_alice, {{"TagName", "v1"}, {"Ref", "master"}})->status, 400);  // exists
  EXPECT_EQ(tag(k_alice, {{"TagName", "bad..name"}, {"Ref", "master"}})->status, 400);
  EXPECT_EQ(tag(k_alice, {{"TagName", "v3"}, {"Ref", "v1"}})->status, 400);  // a tag as Ref
  EXPECT_EQ(tag(k_alice, {{"TagName", "v3"}, {"Ref", "nope"}})->status, 404);
  EXPECT_EQ(tag(k_bob, {{"TagName", "v3"}, {"Ref", "master"}})->status, 403);
  EXPECT_EQ(tag(k_alice_read, {{"TagName", "v3"}, {"Ref", "master"}})->status, 403);
  EXPECT_EQ(tag_names(), std::vector<std::string>{"v1"});
  // The notes document tag creation for models only, and no call that deletes a tag.
  EXPECT_EQ(sim_.api().Delete("/api/v1/models/alice/m/repo/tag/v1", bearer(k_alice))->status, 404);
  EXPECT_EQ(tag_names(), std::vector<std::string>{"v1"});
}

}  // namespace
}  // namespace hf2ms::hubsim
