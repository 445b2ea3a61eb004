// MsClient against the in-process simulator: models and datasets, read and write, dataset
// paging, the 3000-entry truncation re-walk and the 2000-action commit split.
#include "hashing/hashing.hpp"
#include "hub_sim_env.hpp"

#include <gtest/gtest.h>

#include <map>

namespace hf2ms::hub {
namespace {

using manifest::RepoType;
using testing::HubSimTest;

class MsHub : public HubSimTest {};

TEST_F(MsHub, WhoamiNamesTheTokenOwner) {
  auto me = ms()->whoami();
  ASSERT_TRUE(me.has_value()) << me.error().message;
  EXPECT_EQ(me->name, "user");
  auto bad = ms(Secret("ms-unknown"))->whoami();
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, ErrorKind::unauthorized);
}

TEST_F(MsHub, ReadsModelsAndPagedDatasets) {
  seed(R"({"repos":[
    {"hub":"ms","type":"model","id":"acme/ms-read","files":[
      {"path":"cfg/c-{j}.json","count":3,"size":50},{"path":"w.safetensors","size":90000,"lfs":true}]},
    {"hub":"ms","type":"dataset","id":"acme/ms-data","files":[{"path":"rows/r-{j}.csv","count":7,"size":20}]}]})");
  MsClientOptions options;
  options.dataset_page_size = 2;
  auto client = ms(Secret(testing::k_ms_token), options);
  const RepoKey model{manifest::Hub::ms, RepoType::model, "acme/ms-read"};
  auto info = client->repo_info(model, "master");
  ASSERT_TRUE(info.has_value()) << info.error().message;
  ASSERT_TRUE(info->has_value());
  EXPECT_EQ((*info)->head_commit.size(), 40U);
  EXPECT_EQ((*info)->default_branch, "master");
  // ModelScope is read by branch or tag name: the simulator, like one real API generation,
  // refuses a commit id as Revision (real-hub-limits.md ModelScope §1).
  auto files = client->list_files(model, "master");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  ASSERT_EQ(files->size(), 4U);
  EXPECT_EQ(files->back().path, "w.safetensors");
  EXPECT_TRUE(files->back().lfs);
  ASSERT_TRUE(files->front().sha256.has_value());  // ModelScope hashes every file

  const RepoKey data{manifest::Hub::ms, RepoType::dataset, "acme/ms-data"};
  auto dinfo = client->repo_info(data, "master");
  ASSERT_TRUE(dinfo.has_value() && dinfo->has_value());
  auto rows = client->list_files(data, "master");
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  EXPECT_EQ(rows->size(), 7U);
  std::size_t pages = 0;
  for (const auto& entry : sim().log().entries()) {
    pages += entry.path.ends_with("/repo/tree") ? 1U : 0U;
  }
  EXPECT_GE(pages, 4U);  // 7 files (+ the folder entry) in pages of 2

  auto missing = client->repo_info({manifest::Hub::ms, RepoType::model, "acme/none"}, "master");
  ASSERT_TRUE(missing.has_value()) << missing.error().message;
  EXPECT_FALSE(missing->has_value());
}

TEST_F(MsHub, RewalksAModelListingTruncatedAt3000Entries) {
  seed(R"({"repos":[{"hub":"ms","type":"model","id":"acme/many","files":[
    {"path":"a/f-{j}.txt","count":1600,"size":1},{"path":"b/c/g-{j}.txt","count":1600,"size":1},
    {"path":"top.txt","content":"t"}]}]})");
  const RepoKey key{manifest::Hub::ms, RepoType::model, "acme/many"};
  auto files = ms()->list_files(key, "master");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  EXPECT_EQ(files->size(), 3201U);
  std::size_t folder_walks = 0;
  for (const auto& entry : sim().log().entries()) {
    folder_walks += entry.query.find("Recursive=False") != std::string::npos ? 1U : 0U;
  }
  EXPECT_EQ(folder_walks, 4U);  // root, a, b, b/c
}

TEST_F(MsHub, DownloadsWithRanges) {
  seed(R"({"repos":[{"hub":"ms","type":"model","id":"acme/ms-dl","files":[
    {"path":"w.bin","size":50000,"lfs":true},{"path":"README.md","content":"# ms\n"}]}]})");
  const RepoKey key{manifest::Hub::ms, RepoType::model, "acme/ms-dl"};
  auto client = ms();
  EXPECT_EQ(client->fetch_small_file(key, "master", "README.md").value_or(""), "# ms\n");
  auto whole = client->fetch_small_file(key, "master", "w.bin");
  ASSERT_TRUE(whole.has_value()) << whole.error().message;
  auto ranged =
      performer().perform(client->download_request(key, "master", "w.bin", ByteRange{10, 20}));
  ASSERT_TRUE(ranged.has_value());
  EXPECT_EQ(ranged->status, 206);
  EXPECT_EQ(ranged->body, whole->substr(10, 20));
}

TEST_F(MsHub, WritesModelsAndDatasetsEndToEnd) {
  for (RepoType type : {RepoType::model, RepoType::dataset}) {
    // Distinct content per repo: the simulator's blob store is shared by all repos.
    const std::string big(200'000, type == RepoType::model ? 'm' : 'd');
    const RepoKey key{manifest::Hub::ms, type, "user/ms-write-" + manifest::to_string(type)};
    auto client = ms();
    ASSERT_TRUE(client->create_repo(key, {RepoVisibility::private_, {}, {}}).has_value());
    auto again = client->create_repo(key, {});
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().kind, ErrorKind::conflict);
    auto info = client->repo_info(key, "master");
    ASSERT_TRUE(info.has_value() && info->has_value()) << manifest::to_string(type);
    EXPECT_TRUE((*info)->is_private);

    const std::vector<StagedFile> staged = {{"w.bin", big.size(), ""}, {"README.md", 4, ""}};
    auto modes = client->decide_storage(key, "master", staged);
    ASSERT_TRUE(modes.has_value());
    EXPECT_EQ((*modes)[0].storage, Storage::lfs);
    EXPECT_EQ((*modes)[1].storage, Storage::inline_);
    const std::vector<BlobSpec> blobs = {{hashing::sha256_hex(big), big.size()}};
    auto uploads = client->plan_uploads(key, "master", blobs);
    ASSERT_TRUE(uploads.has_value()) << uploads.error().message;
    ASSERT_EQ(uploads->size(), 1U);
    auto put = run_upload(performer(), uploads->front(), [&](std::uint64_t o, std::uint64_t n) {
      return string_producer(big.substr(o, n));
    });
    ASSERT_TRUE(put.has_value()) << put.error().message;
    CommitSpec spec{"master", "Mirror", {}, {}, std::nullopt};
    spec.adds.push_back({"w.bin", big.size(), blobs[0].sha256, Storage::lfs, ""});
    spec.adds.push_back({"README.md", 4, hashing::sha256_hex("# x\n"), Storage::inline_, "# x\n"});
    auto committed = client->commit(key, spec);
    ASSERT_TRUE(committed.has_value()) << committed.error().message;
    ASSERT_EQ(committed->commit_oids.size(), 1U);
    auto files = client->list_files(key, "master");
    ASSERT_TRUE(files.has_value()) << files.error().message;
    std::map<std::string, FileEntry> by_path;
    for (const FileEntry& f : *files) {
      by_path[f.path] = f;
    }
    EXPECT_EQ(by_path["w.bin"].sha256, blobs[0].sha256);
    EXPECT_EQ(by_path["README.md"].sha256, hashing::sha256_hex("# x\n"));
    auto second = client->plan_uploads(key, "master", blobs);
    ASSERT_TRUE(second.has_value());
    EXPECT_TRUE(second->empty()) << "the hub already has the blob";
    auto made_public = client->set_visibility(key, RepoVisibility::public_);
    ASSERT_TRUE(made_public.has_value()) << made_public.error().message;
    EXPECT_FALSE(client->repo_info(key, "master").value()->is_private);
  }
}

// The simulator is addressed as www.modelscope.localhost and hands out blob hrefs on
// lfs.modelscope.localhost (same listener): the upload succeeds only because hf2ms binds the
// ModelScope credential to the API host's lfs. sibling (hub/site.cpp), as for lfs.modelscope.cn.
TEST_F(MsHub, BlobUploadsCarryTheCredentialToTheLfsSiblingHost) {
  const std::string api = urls().ms_url;
  ASSERT_EQ(api.rfind("http://www.modelscope.localhost:", 0), 0U) << api;
  const std::string lfs_host = "lfs.modelscope.localhost" + api.substr(api.rfind(':'));
  const RepoKey key{manifest::Hub::ms, RepoType::model, "user/ms-lfs-host"};
  auto client = ms();
  ASSERT_TRUE(client->create_repo(key, {}).has_value());
  const std::string blob(70'000, 'L');
  const std::vector<BlobSpec> blobs = {{hashing::sha256_hex(blob), blob.size()}};
  auto uploads = client->plan_uploads(key, "master", blobs);
  ASSERT_TRUE(uploads.has_value()) << uploads.error().message;
  ASSERT_EQ(uploads->size(), 1U);
  auto put = run_upload(performer(), uploads->front(), [&](std::uint64_t o, std::uint64_t n) {
    return string_producer(blob.substr(o, n));
  });
  ASSERT_TRUE(put.has_value()) << put.error().message;
  std::size_t puts = 0;
  for (const auto& entry : sim().log().entries()) {
    if (entry.method != "PUT") {
      continue;
    }
    ++puts;
    std::map<std::string, std::string> headers(entry.headers.begin(), entry.headers.end());
    EXPECT_EQ(headers["Host"], lfs_host);
    EXPECT_EQ(headers["Authorization"], std::string("Bearer ") + testing::k_ms_token);
    EXPECT_NE(headers["Cookie"].find(std::string("m_session_id=") + testing::k_ms_token),
              std::string::npos);
  }
  EXPECT_EQ(puts, 1U);
}

TEST_F(MsHub, CommitsInBatchesOf256ActionsAndRefusesAMovedBranch) {
  const RepoKey key{manifest::Hub::ms, RepoType::model, "user/ms-many-actions"};
  auto client = ms();
  ASSERT_TRUE(client->create_repo(key, {}).has_value());
  auto before = client->repo_info(key, "master");
  ASSERT_TRUE(before.has_value() && before->has_value());
  CommitSpec spec{"master", "Many", {}, {}, (*before)->head_commit};
  for (int i = 0; i < 2001; ++i) {
    spec.adds.push_back({"f/" + std::to_string(i) + ".txt", 1, "", Storage::inline_, "x"});
  }
  auto committed = client->commit(key, spec);
  ASSERT_TRUE(committed.has_value()) << committed.error().message;
  EXPECT_EQ(committed->commit_oids.size(), 8U);  // ceil(2001 / 256)
  auto files = client->list_files(key, "master");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  EXPECT_EQ(files->size(), 2001U);
  // Each commit of the chain added at most 256 files, on top of the previous one.
  auto history = sim().store().history({manifest::Hub::ms, RepoType::model, key.id}, "master");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 9U);  // the initial commit and the 8 batches
  for (std::size_t i = 0; i + 1 < history->size(); ++i) {
    const auto& newer = *(*history)[i];
    const auto& older = *(*history)[i + 1];
    EXPECT_EQ(newer.parent, older.oid);
    EXPECT_LE(newer.files.size() - older.files.size(), 256U);
  }
  EXPECT_EQ(client->repo_info(key, "master").value()->head_commit, committed->commit_oids.back());

  // The plan saw the old head: ModelScope has no parentCommit, so the client looks and refuses.
  CommitSpec stale{"master", "Late", {}, {"f/0.txt"}, (*before)->head_commit};
  auto refused = client->commit(key, stale);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
  EXPECT_EQ(client->list_files(key, "master").value().size(), 2001U);
}

TEST_F(MsHub, ReadsListsAndDownloadsByBranchOrTagNameWithTheHeadFromTheCommitListing) {
  seed(R"({"repos":[{"hub":"ms","type":"model","id":"acme/ms-tagged","files":[
    {"path":"a.txt","content":"one"}]}]})");
  const RepoKey key{manifest::Hub::ms, RepoType::model, "acme/ms-tagged"};
  const hubsim::RepoKey sim_key{manifest::Hub::ms, RepoType::model, key.id};
  auto client = ms();
  auto v1 = client->repo_info(key, "master");
  ASSERT_TRUE(v1.has_value() && v1->has_value()) << (v1 ? "" : v1.error().message);
  ASSERT_TRUE(sim().store().create_tag(sim_key, "v1", (*v1)->head_commit).has_value());
  CommitSpec next{
      "master", "Two", {{"b.txt", 3, "", Storage::inline_, "two"}}, {}, (*v1)->head_commit};
  ASSERT_TRUE(client->commit(key, next).has_value());

  auto at_tag = client->repo_info(key, "v1");
  ASSERT_TRUE(at_tag.has_value() && at_tag->has_value());
  EXPECT_EQ((*at_tag)->head_commit, (*v1)->head_commit);
  EXPECT_NE(client->repo_info(key, "master").value()->head_commit, (*v1)->head_commit);
  auto tag_files = client->list_files(key, "v1");
  ASSERT_TRUE(tag_files.has_value()) << tag_files.error().message;
  EXPECT_EQ(tag_files->size(), 1U);
  EXPECT_EQ(client->list_files(key, "master").value().size(), 2U);
  auto text = client->fetch_small_file(key, "v1", "a.txt");
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_EQ(*text, "one");
  for (const auto& entry : sim().log().entries()) {
    EXPECT_EQ(entry.path.find("/revisions"), std::string::npos) << entry.path;
  }
  auto missing = client->repo_info(key, "no-such-branch");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

}  // namespace
}  // namespace hf2ms::hub
