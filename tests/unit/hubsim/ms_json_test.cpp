#include "hubsim/ms_json.hpp"

#include "unit/hubsim/ms_shape.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim {
namespace {

using testing::load_ms_fixture;
using testing::shape_differences;

MsEntryView sample_file() {
  return MsEntryView{"dir/README.md",
                     false,
                     6399,
                     std::string(64, 'a'),
                     false,
                     MsCommitView{std::string(40, 'b'), "update", "alice", 1667548386}};
}

TEST(MsJson, FileEntryMatchesRecordedRepoFilesEntry) {
  const auto fixture = load_ms_fixture("api_v1_models_repo_files_recorded.json");
  if (!fixture) {
    GTEST_SKIP() << "fixtures/modelscope not found next to the source tree";
  }
  const auto entry = entry_json(sample_file(), false);
  EXPECT_EQ(shape_differences((*fixture)["Data"]["Files"][0], entry), std::vector<std::string>{});
  EXPECT_EQ(entry["Name"], "README.md");
  EXPECT_EQ(entry["Path"], "dir/README.md");
  EXPECT_EQ(entry["Mode"], "33188");
}

TEST(MsJson, DirectoryEntryIsTreeWithZeroSize) {
  MsEntryView dir = sample_file();
  dir.is_dir = true;
  dir.path = "dir";
  dir.sha256.clear();
  const auto entry = entry_json(dir, true);
  EXPECT_EQ(entry["Type"], "tree");
  EXPECT_EQ(entry["Size"], 0);
  EXPECT_EQ(entry["CommitId"], std::string(40, 'b'));
}

TEST(MsJson, TagsComeNewestFirst) {
  const auto json = revisions_json({MsRefView{"master", std::string(40, 'c'), 5}},
                                   {MsRefView{"v1", "x", 10}, MsRefView{"v2", "y", 20}});
  const auto& tags = json["RevisionMap"]["Tags"];
  ASSERT_EQ(tags.size(), 2U);
  EXPECT_EQ(tags[0]["Revision"], "v2");
  EXPECT_EQ(json["RevisionMap"]["Branches"][0]["Revision"], "master");
  EXPECT_TRUE(json["RevisionMap"]["Branches"][0]["CreatedAt"].is_number_integer());
}

TEST(MsJson, DatasetInfoHasIntegerIdAndType) {
  MsRepoView repo;
  repo.kind = MsRepoKind::dataset;
  repo.numeric_id = 42;
  const auto json = legacy_info_json(repo);
  EXPECT_TRUE(json["Id"].is_number_integer());
  EXPECT_TRUE(json["Type"].is_number_integer());
  EXPECT_EQ(json["Visibility"], 5);
}

TEST(MsJson, OpenApiInfoMatchesSpecExamples) {
  const auto fixture = load_ms_fixture("openapi_v1_examples.json");
  if (!fixture) {
    GTEST_SKIP() << "fixtures/modelscope not found next to the source tree";
  }
  MsRepoView repo;
  repo.owner = "o";
  repo.name = "n";
  repo.license = "apache-2.0";
  const auto model = openapi_info_json(repo);
  EXPECT_EQ(shape_differences(
                (*fixture)["get-model-response (GET /openapi/v1/models/{owner}/{repo_name}, 200)"]
                          ["data"],
                model),
            std::vector<std::string>{});
  repo.kind = MsRepoKind::dataset;
  const auto dataset = openapi_info_json(repo);
  EXPECT_EQ(shape_differences((*fixture)["get-dataset-response (GET "
                                         "/openapi/v1/datasets/{owner}/{repo_name}, 200)"]["data"],
                              dataset),
            std::vector<std::string>{});
  EXPECT_EQ(model["id"], "o/n");
}

TEST(MsJson, FormatsIsoTimesInUtc) { EXPECT_EQ(iso8601_utc(1766021535), "2025-12-18T01:32:15Z"); }

}  // namespace
}  // namespace hf2ms::hubsim
