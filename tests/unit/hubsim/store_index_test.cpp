#include "hubsim/store_index.hpp"

#include "hashing/hashing.hpp"
#include "hubsim/store.hpp"
#include "support/hubsim_fixture.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hf2ms::hubsim {
namespace {

FileEntry regular(Store& store, const std::string& content) {
  auto blob = store.put_blob(content);
  EXPECT_TRUE(blob.has_value());
  auto entry = store.make_entry(*blob, Storage::regular);
  EXPECT_TRUE(entry.has_value());
  return *entry;
}

std::vector<std::string> paths_of(const IndexListing& listing) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < listing.size(); ++i) {
    out.emplace_back(listing.at(i).path);
  }
  return out;
}

class StoreIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::open(dir_.path());
    ASSERT_TRUE(s.has_value());
    store_ = std::move(*s);
  }
  // A repo on `hub` with the four files of the git tree the oids below come from.
  CommitPtr seed(Hub hub) {
    RepoMeta meta;
    meta.key = RepoKey{hub, RepoType::model, "acme/tree"};
    FileMap files{{"a/b/c.txt", regular(*store_, "hello world\n")},
                  {"a/d.txt", regular(*store_, "d\n")},
                  {"a-b.txt", regular(*store_, "x\n")},
                  {"z.txt", regular(*store_, "z\n")}};
    EXPECT_TRUE(store_->create_repo(meta, files, "user", "initial commit").has_value());
    return *store_->resolve(meta.key, meta.default_branch);
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreIndexTest, ListsFoldersAndFilesByPathOneLevelOrRecursively) {
  const CommitPtr head = seed(Hub::hf);
  const TreeIndex index = build_tree_index(head, nullptr, false);
  const auto root = index.listing("", false);
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(paths_of(*root), (std::vector<std::string>{"a", "a-b.txt", "z.txt"}));
  const auto all = index.listing("", true);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(paths_of(*all),
            (std::vector<std::string>{"a", "a-b.txt", "a/b", "a/b/c.txt", "a/d.txt", "z.txt"}));
  // "a-b.txt" sorts between "a" and "a/…" but is not under "a".
  const auto under_a = index.listing("a", true);
  ASSERT_TRUE(under_a.has_value());
  EXPECT_EQ(paths_of(*under_a), (std::vector<std::string>{"a/b", "a/b/c.txt", "a/d.txt"}));
  const auto in_a = index.listing("a", false);
  ASSERT_TRUE(in_a.has_value());
  EXPECT_EQ(paths_of(*in_a), (std::vector<std::string>{"a/b", "a/d.txt"}));
  EXPECT_EQ(index.total_size, 12U + 2U + 2U + 2U);
}

TEST_F(StoreIndexTest, MissingFoldersAndFilesAreNoListing) {
  const TreeIndex index = build_tree_index(seed(Hub::hf), nullptr, false);
  EXPECT_FALSE(index.listing("nope", false).has_value());
  EXPECT_FALSE(index.listing("z.txt", true).has_value());
  EXPECT_EQ(index.find_folder("a/b/c.txt"), nullptr);
  ASSERT_NE(index.find_file("a/b/c.txt"), nullptr);
  EXPECT_EQ(index.find_file("a/b"), nullptr);
}

TEST_F(StoreIndexTest, TreeOidsMatchGit) {
  // From `git write-tree` over the same four files.
  const TreeIndex index = build_tree_index(seed(Hub::hf), nullptr, false);
  EXPECT_EQ(index.folders[0].tree_oid, "13c8d362892de0c5566ca02be4de260ab2599f95");
  ASSERT_NE(index.find_folder("a"), nullptr);
  EXPECT_EQ(index.find_folder("a")->tree_oid, "3a452fe41e4daa06a1c496f05e82ad7f0f3d7432");
  EXPECT_EQ(index.find_folder("a/b")->tree_oid, "c4a1f291510b4b1a7065e4e18143b8af822d5bbb");
}

TEST_F(StoreIndexTest, IsBuiltOncePerCommitAndShared) {
  const CommitPtr head = seed(Hub::hf);
  const RepoKey key{Hub::hf, RepoType::model, "acme/tree"};
  const auto first = store_->tree_index(key, head);
  const auto second = store_->tree_index(key, head);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first.get(), second.get());
  EXPECT_FALSE(first->with_history);  // HF listings do not need last-change history
}

TEST_F(StoreIndexTest, ModelScopeHistoryNamesTheCommitThatLastChangedEachEntry) {
  const CommitPtr root = seed(Hub::ms);
  const RepoKey key{Hub::ms, RepoType::model, "acme/tree"};
  CommitRequest change;
  change.branch = "main";
  change.title = "edit c";
  change.author = "user";
  change.ops.push_back({FileOp::Kind::put, "a/b/c.txt", regular(*store_, "changed\n")});
  const auto edited = store_->commit(key, change);
  ASSERT_TRUE(edited.has_value());
  const auto index = store_->tree_index(key, *edited);
  ASSERT_TRUE(index->with_history);
  const auto all = index->listing("", true);
  ASSERT_TRUE(all.has_value());
  for (std::size_t i = 0; i < all->size(); ++i) {
    const IndexNode& node = all->at(i);
    const bool changed = node.path == "a" || node.path == "a/b" || node.path == "a/b/c.txt";
    ASSERT_NE(node.last_change, nullptr) << node.path;
    EXPECT_EQ(node.last_change->oid, changed ? (*edited)->oid : root->oid) << node.path;
  }
}

TEST(StorePersist, CommitsSurviveAReopenAsChangesOnTheirParents) {
  testing::TempDir dir;
  const RepoKey key{Hub::hf, RepoType::model, "acme/persist"};
  std::string head_oid;
  FileTree expected;
  {
    auto store = Store::open(dir.path());
    ASSERT_TRUE(store.has_value());
    RepoMeta meta;
    meta.key = key;
    FileMap files{{"keep.txt", regular(**store, "keep\n")}, {"gone.txt", regular(**store, "x\n")}};
    ASSERT_TRUE((*store)->create_repo(meta, files, "user", "initial commit").has_value());
    CommitRequest change{"main",
                         std::nullopt,
                         "edit",
                         "",
                         "user",
                         {{FileOp::Kind::remove, "gone.txt", {}},
                          {FileOp::Kind::put, "odd 100%25 name.txt", regular(**store, "odd\n")}}};
    const auto edited = (*store)->commit(key, change);
    ASSERT_TRUE(edited.has_value());
    head_oid = (*edited)->oid;
    expected = (*edited)->files;
  }
  auto reopened = Store::open(dir.path());
  ASSERT_TRUE(reopened.has_value());
  const auto head = (*reopened)->resolve(key, "main");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ((*head)->oid, head_oid);
  EXPECT_EQ((*head)->files, expected);
  const auto history = (*reopened)->history(key, "main");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2U);
  EXPECT_EQ(history->back()->files.count("gone.txt"), 1U);
}

TEST(StorePersist, StillLoadsAFormatOneStateFile) {
  testing::TempDir dir;
  const std::string sha(64, 'a');
  const std::string state =
      R"({"format":1,"repos":[{"meta":{"hub":"hf","type":"model","id":"acme/old",)"
      R"("object_id":"0123456789abcdef01234567","private":false,"gated":"",)"
      R"("default_branch":"main","created_ms":1,"last_modified_ms":1,"properties":{},)"
      R"("branches":{"main":"1111111111111111111111111111111111111111"},"tags":{}},)"
      R"("commits":[{"oid":"1111111111111111111111111111111111111111","parent":"",)"
      R"("title":"t","message":"","author":"acme","time_ms":1,"files":{"w.bin":)"
      R"({"sha256":")" +
      sha +
      R"(","size":5,"git_oid":"2222222222222222222222222222222222222222","lfs":true}}}]}],)"
      R"("generated":[{"seed":7,"size":5,"sha256":")" +
      sha + R"("}]})";
  ASSERT_TRUE(write_file_atomic(dir.path() + "/state.json", state).has_value());
  auto store = Store::open(dir.path());
  ASSERT_TRUE(store.has_value());
  const auto head = (*store)->resolve(RepoKey{Hub::hf, RepoType::model, "acme/old"}, "main");
  ASSERT_TRUE(head.has_value());
  ASSERT_EQ((*head)->files.count("w.bin"), 1U);
  EXPECT_TRUE((*head)->files.at("w.bin").lfs);
  const auto blob = (*store)->find_blob(sha);
  ASSERT_TRUE(blob.has_value());
  EXPECT_EQ(blob->generator_seed, std::optional<std::uint64_t>(7));
  // A state from before per-repo LFS storage: the repo holds what its commits name.
  EXPECT_TRUE((*store)->repo_holds(RepoKey{Hub::hf, RepoType::model, "acme/old"}, sha));
}

// LFS storage is per repo (store.hpp): what a repo holds survives a reopen, and a repo
// deleted and created again under the same name starts with nothing.
TEST(StorePersist, HeldLfsObjectsArePerRepoAndSurviveAReopen) {
  testing::TempDir dir;
  const RepoKey a{Hub::hf, RepoType::model, "acme/a"};
  const RepoKey b{Hub::hf, RepoType::model, "acme/b"};
  const std::string uploaded = hashing::sha256_hex("uploaded to a only");
  std::string committed;
  {
    auto store = Store::open(dir.path());
    ASSERT_TRUE(store.has_value());
    auto blob = (*store)->put_blob("committed in a");
    ASSERT_TRUE(blob.has_value());
    committed = blob->sha256;
    const auto lfs = (*store)->make_entry(*blob, Storage::lfs);
    ASSERT_TRUE(lfs.has_value());
    RepoMeta meta;
    meta.key = a;
    ASSERT_TRUE((*store)->create_repo(meta, FileMap{{"w.bin", *lfs}}, "user", "init"));
    meta.key = b;
    ASSERT_TRUE((*store)->create_repo(meta, {}, "user", "init"));
    ASSERT_TRUE((*store)->hold_object(a, uploaded));
    EXPECT_FALSE((*store)->hold_object(a, "not-a-hash").has_value());
    EXPECT_EQ((*store)->hold_object({Hub::hf, RepoType::model, "acme/none"}, uploaded).error().kind,
              ErrorKind::not_found);
    EXPECT_TRUE((*store)->repo_holds(a, committed));
    EXPECT_TRUE((*store)->repo_holds(a, uploaded));
    EXPECT_FALSE((*store)->repo_holds(b, committed)) << "the bytes are shared, holding is not";
    EXPECT_FALSE((*store)->repo_holds(b, uploaded));
  }
  auto store = Store::open(dir.path());
  ASSERT_TRUE(store.has_value());
  EXPECT_TRUE((*store)->repo_holds(a, committed));
  EXPECT_TRUE((*store)->repo_holds(a, uploaded));
  EXPECT_FALSE((*store)->repo_holds(b, uploaded));
  ASSERT_TRUE((*store)->delete_repo(a));
  RepoMeta again;
  again.key = a;
  ASSERT_TRUE((*store)->create_repo(again, {}, "user", "again"));
  EXPECT_FALSE((*store)->repo_holds(a, uploaded));
  auto reopened = Store::open(dir.path());
  ASSERT_TRUE(reopened.has_value());
  EXPECT_FALSE((*reopened)->repo_holds(a, uploaded)) << "lfs.log names the deleted repo's id";
}

// A commit shares its parent's unchanged chunks (file_tree.hpp) and still reads, diffs and
// persists exactly its own files.
TEST(StorePersist, CommitsOnALargeRepoShareTheirParentsChunks) {
  testing::TempDir dir;
  const RepoKey key{Hub::hf, RepoType::model, "acme/large"};
  FileMap files;
  auto opened = Store::open(dir.path());
  ASSERT_TRUE(opened.has_value());
  Store& store = **opened;
  const FileEntry e = regular(store, "x\n");
  for (int i = 0; i < 5000; ++i) {
    files["f/" + std::to_string(i)] = e;
  }
  RepoMeta meta;
  meta.key = key;
  ASSERT_TRUE(store.create_repo(meta, files, "user", "init"));
  const FileEntry changed = regular(store, "y\n");
  CommitRequest request{"main",
                        std::nullopt,
                        "edit",
                        "",
                        "user",
                        {{FileOp::Kind::put, "f/2500", changed},
                         {FileOp::Kind::remove, "f/10", {}},
                         {FileOp::Kind::remove_folder, "g", {}}}};
  EXPECT_EQ(store.commit(key, request).error().kind, ErrorKind::not_found);  // no folder g
  request.ops.pop_back();
  const auto next = store.commit(key, request);
  ASSERT_TRUE(next.has_value());
  files["f/2500"] = changed;
  files.erase("f/10");
  EXPECT_EQ((*next)->files.to_map(), files);
  std::size_t changes = 0;
  const auto history = store.history(key, "main");
  ASSERT_TRUE(history.has_value());
  (*next)->files.diff(
      history->back()->files, [&](const FileTree::value_type&) { ++changes; },
      [&](const std::string&) { ++changes; });
  EXPECT_EQ(changes, 2U);
  auto reopened = Store::open(dir.path());
  ASSERT_TRUE(reopened.has_value());
  EXPECT_EQ((*(*reopened)->resolve(key, "main"))->files, (*next)->files);
}

}  // namespace
}  // namespace hf2ms::hubsim
