// HfClient against the in-process simulator: every read and write path for models, datasets
// and spaces, pagination (3-entry pages), LFS basic and multipart uploads.
#include "hashing/hashing.hpp"
#include "hub_sim_env.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace hf2ms::hub {
namespace {

using manifest::RepoType;
using testing::HubSimTest;

std::string bytes_of(std::size_t size, char salt) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    s[i] = static_cast<char>((i * 31 + static_cast<std::size_t>(salt)) % 251);
  }
  return s;
}

RangeSource source_of(const std::string& bytes) {
  return [&bytes](std::uint64_t offset, std::uint64_t length) {
    return string_producer(bytes.substr(offset, length));
  };
}

class HfHub : public HubSimTest {};

TEST_F(HfHub, WhoamiNamesTheTokenOwnerAndRejectsABadToken) {
  auto me = hf()->whoami();
  ASSERT_TRUE(me.has_value()) << me.error().message;
  EXPECT_EQ(me->name, "user");
  auto bad = hf(Secret("hf_not_a_token"))->whoami();
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, ErrorKind::unauthorized);
}

TEST_F(HfHub, ReadsEveryRepoTypeWithPaginatedListings) {
  seed(R"({"repos":[
    {"hub":"hf","type":"model","id":"acme/read-model","files":[
      {"path":"f-{j}.txt","count":7,"size":100},{"path":"w.bin","size":70000,"lfs":true}]},
    {"hub":"hf","type":"dataset","id":"acme/read-data","files":[{"path":"d/x-{j}.csv","count":4,"size":10}]},
    {"hub":"hf","type":"space","id":"acme/read-space","files":[{"path":"app.py","content":"print(1)\n"}]}]})");
  for (auto [type, id, count] : {std::tuple{RepoType::model, "acme/read-model", 8U},
                                 std::tuple{RepoType::dataset, "acme/read-data", 4U},
                                 std::tuple{RepoType::space, "acme/read-space", 1U}}) {
    const RepoKey key{manifest::Hub::hf, type, id};
    auto info = hf()->repo_info(key, "main");
    ASSERT_TRUE(info.has_value()) << info.error().message;
    ASSERT_TRUE(info->has_value()) << id;
    EXPECT_EQ((*info)->head_commit.size(), 40U);
    auto files = hf()->list_files(key, (*info)->head_commit);
    ASSERT_TRUE(files.has_value()) << files.error().message;
    EXPECT_EQ(files->size(), count) << id;
  }
  auto files = hf()->list_files({manifest::Hub::hf, RepoType::model, "acme/read-model"}, "main");
  ASSERT_TRUE(files.has_value());
  const FileEntry& weights = files->back();
  EXPECT_EQ(weights.path, "w.bin");
  EXPECT_TRUE(weights.lfs);
  EXPECT_EQ(weights.size, 70000U);
  ASSERT_TRUE(weights.sha256.has_value());
  EXPECT_FALSE((*files)[0].lfs);
  EXPECT_TRUE((*files)[0].git_oid.has_value());
  // More than one page was needed (page size 3).
  std::size_t tree_pages = 0;
  for (const auto& entry : sim().log().entries()) {
    tree_pages += entry.path.find("/tree/") != std::string::npos ? 1U : 0U;
  }
  EXPECT_GE(tree_pages, 3U + 3U + 2U);
}

TEST_F(HfHub, ReadRepoListsASmallRepoInOneRequestAsTheTreeDoes) {
  seed(R"({"repos":[{"hub":"hf","type":"model","id":"acme/one-call","files":[
      {"path":"f-{j}.txt","count":7,"size":100},{"path":"w.bin","size":70000,"lfs":true}]}]})");
  const RepoKey key{manifest::Hub::hf, RepoType::model, "acme/one-call"};
  sim().log().clear();
  auto read = hf()->read_repo(key, "main", Privacy::needed);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  ASSERT_TRUE(read->has_value());
  const auto log = sim().log().entries();
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].bucket, "api");
  EXPECT_EQ(log[0].query, "blobs=true");
  auto tree = hf()->list_files(key, (*read)->info.head_commit);
  ASSERT_TRUE(tree.has_value()) << tree.error().message;
  EXPECT_EQ((*read)->files, *tree);  // sizes, blob ids and LFS hashes agree with the tree
}

TEST_F(HfHub, MissingRepoIsNulloptAndNamespaceListingPages) {
  auto missing = hf()->repo_info({manifest::Hub::hf, RepoType::model, "acme/none"}, "main");
  ASSERT_TRUE(missing.has_value()) << missing.error().message;
  EXPECT_FALSE(missing->has_value());
  seed(R"({"repos":[{"hub":"hf","type":"model","id":"listns/m-{i}","count":5,
                     "files":[{"path":"a","content":"a"}]}]})");
  auto ids = hf()->list_repos(RepoType::model, "listns");
  ASSERT_TRUE(ids.has_value()) << ids.error().message;
  EXPECT_EQ(*ids, (std::vector<std::string>{"listns/m-0", "listns/m-1", "listns/m-2", "listns/m-3",
                                            "listns/m-4"}));
}

TEST_F(HfHub, DownloadsFollowTheCdnRedirectAndHonourRanges) {
  seed(R"({"repos":[{"hub":"hf","type":"model","id":"acme/dl","files":[
    {"path":"big.bin","size":100000,"lfs":true},{"path":"small.txt","content":"hello hub\n"}]}]})");
  const RepoKey key{manifest::Hub::hf, RepoType::model, "acme/dl"};
  auto small = hf()->fetch_small_file(key, "main", "small.txt");
  ASSERT_TRUE(small.has_value()) << small.error().message;
  EXPECT_EQ(*small, "hello hub\n");
  auto whole = hf()->fetch_small_file(key, "main", "big.bin");
  ASSERT_TRUE(whole.has_value());
  auto files = hf()->list_files(key, "main");
  EXPECT_EQ(hashing::sha256_hex(*whole), *files->front().sha256);
  auto ranged =
      performer().perform(hf()->download_request(key, "main", "big.bin", ByteRange{1000, 500}));
  ASSERT_TRUE(ranged.has_value());
  EXPECT_EQ(ranged->status, 206);
  EXPECT_EQ(ranged->body, whole->substr(1000, 500));
  auto missing = hf()->fetch_small_file(key, "main", "nope.txt");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

// create → preupload → LFS batch (basic and multipart) → PUTs → commit, for each type; then
// the hub has every blob (a second batch asks for nothing) and a stale parent is refused.
TEST_F(HfHub, WritesEveryRepoTypeEndToEnd) {
  for (RepoType type : {RepoType::model, RepoType::dataset, RepoType::space}) {
    // Distinct content per repo: the simulator's blob store is shared by all repos.
    const char salt = static_cast<char>('a' + static_cast<int>(type));
    const std::string big = bytes_of(100'000, salt);  // multipart: 4 parts of 32 KiB
    const std::string mid = bytes_of(20'000, static_cast<char>(salt + 10));  // basic
    const RepoKey key{manifest::Hub::hf, type, "user/write-" + manifest::to_string(type)};
    auto client = hf();
    ASSERT_TRUE(client->create_repo(key, {RepoVisibility::private_, "docker", {}}).has_value());
    auto again = client->create_repo(key, {});
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().kind, ErrorKind::conflict);
    auto info = client->repo_info(key, "main");
    ASSERT_TRUE(info.has_value() && info->has_value());
    EXPECT_TRUE((*info)->is_private);

    const std::vector<StagedFile> staged = {{"model.bin", big.size(), big.substr(0, 512)},
                                            {"mid.bin", mid.size(), mid.substr(0, 512)},
                                            {"README.md", 6, "# hi\n\n"}};
    auto modes = client->decide_storage(key, "main", staged);
    ASSERT_TRUE(modes.has_value()) << modes.error().message;
    EXPECT_EQ((*modes)[0].storage, Storage::lfs);
    EXPECT_EQ((*modes)[2].storage, Storage::inline_);

    const std::vector<BlobSpec> blobs = {{hashing::sha256_hex(big), big.size()},
                                         {hashing::sha256_hex(mid), mid.size()}};
    auto uploads = client->plan_uploads(key, "main", blobs);
    ASSERT_TRUE(uploads.has_value()) << uploads.error().message;
    ASSERT_EQ(uploads->size(), 2U) << manifest::to_string(type);
    for (const BlobUpload& upload : *uploads) {
      const std::string& bytes = upload.blob.size == big.size() ? big : mid;
      auto done = run_upload(performer(), upload, source_of(bytes));
      ASSERT_TRUE(done.has_value()) << done.error().message;
    }
    EXPECT_EQ((*uploads)[0].parts.size() + (*uploads)[1].parts.size(), 5U);

    CommitSpec spec{"main", "Mirror", {}, {}, (*info)->head_commit};
    spec.adds.push_back({"model.bin", big.size(), blobs[0].sha256, Storage::lfs, ""});
    spec.adds.push_back({"mid.bin", mid.size(), blobs[1].sha256, Storage::lfs, ""});
    spec.adds.push_back(
        {"README.md", 6, hashing::sha256_hex("# hi\n\n"), Storage::inline_, "# hi\n\n"});
    auto committed = client->commit(key, spec);
    ASSERT_TRUE(committed.has_value()) << committed.error().message;
    ASSERT_EQ(committed->commit_oids.size(), 1U);

    auto files = client->list_files(key, committed->commit_oids[0]);
    ASSERT_TRUE(files.has_value());
    std::map<std::string, FileEntry> by_path;
    for (const FileEntry& f : *files) {
      by_path[f.path] = f;
    }
    EXPECT_EQ(by_path["model.bin"].sha256, blobs[0].sha256);
    EXPECT_EQ(by_path["mid.bin"].size, mid.size());
    EXPECT_EQ(client->fetch_small_file(key, "main", "README.md").value_or(""), "# hi\n\n");

    auto second = client->plan_uploads(key, "main", blobs);
    ASSERT_TRUE(second.has_value());
    EXPECT_TRUE(second->empty()) << "the hub already has both blobs";

    CommitSpec stale{"main", "Late", {}, {"mid.bin"}, (*info)->head_commit};
    auto refused = client->commit(key, stale);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
    spec = CommitSpec{"main", "Delete", {}, {"mid.bin"}, committed->commit_oids[0]};
    ASSERT_TRUE(client->commit(key, spec).has_value());
    ASSERT_TRUE(client->set_visibility(key, RepoVisibility::public_).has_value());
    EXPECT_FALSE(client->repo_info(key, "main").value()->is_private);
  }
}

// A 20,000-file change: many commits, each within the limits (the strict simulator's, once it
// enforces them; the store's history otherwise), chained by parentCommit, nothing lost.
TEST_F(HfHub, ATwentyThousandFileChangeLandsInBoundedChainedCommits) {
  const RepoKey key{manifest::Hub::hf, RepoType::model, "user/twenty-thousand"};
  auto client = hf();
  ASSERT_TRUE(client->create_repo(key, {}).has_value());
  auto before = client->repo_info(key, "main");
  ASSERT_TRUE(before.has_value() && before->has_value());
  CommitSpec spec{"main", "Mirror", {}, {}, (*before)->head_commit};
  constexpr std::size_t k_files = 20'000;
  for (std::size_t i = 0; i < k_files; ++i) {
    const std::string content = "file " + std::to_string(i) + "\n";
    spec.adds.push_back({"d" + std::to_string(i % 10) + "/f" + std::to_string(i) + ".txt",
                         content.size(), "", Storage::inline_, content});
  }
  std::optional<hubsim::Store::DeferSaves> no_saves(std::in_place, sim().store());
  auto committed =
      client->commit(key, spec);  // (state.json is written once, after, not per commit)
  no_saves.reset();
  ASSERT_TRUE(committed.has_value()) << committed.error().message;
  // 256, 384, 576, 864 and then up to 1000 at a time: far fewer than 128 (the hourly quota).
  EXPECT_GE(committed->commit_oids.size(), 20U);
  EXPECT_LE(committed->commit_oids.size(), 60U);
  auto history = sim().store().history({manifest::Hub::hf, RepoType::model, key.id}, "main");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), committed->commit_oids.size() + 1);
  for (std::size_t i = 0; i + 1 < history->size(); ++i) {
    const auto& newer = *(*history)[i];
    const auto& older = *(*history)[i + 1];
    EXPECT_EQ(newer.parent, older.oid);
    EXPECT_EQ(newer.oid, committed->commit_oids[committed->commit_oids.size() - 1 - i]);
    const std::size_t added = newer.files.size() - older.files.size();
    EXPECT_GE(added, 1U);
    EXPECT_LE(added, 1000U);
    EXPECT_NE(newer.title.find("(batch "), std::string::npos) << newer.title;
  }
  std::size_t commit_posts = 0;
  for (const auto& entry : sim().log().entries()) {
    commit_posts += entry.method == "POST" && entry.path.find("/commit/main") != std::string::npos;
  }
  EXPECT_EQ(commit_posts, committed->commit_oids.size());  // nothing was sent twice
  // (The fixture's 3-entry tree pages would make a listing of 20,000 files slow: read the store.)
  std::size_t mirrored = 0;
  for (const auto& [path, entry] : history->front()->files) {
    mirrored += path.ends_with(".txt") ? 1U : 0U;
  }
  EXPECT_EQ(mirrored, k_files);
}

}  // namespace
}  // namespace hf2ms::hub
