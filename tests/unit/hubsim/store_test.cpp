#include "hubsim/store.hpp"

#include "hashing/hashing.hpp"
#include "hubsim/request_log.hpp"
#include "support/hubsim_fixture.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace hf2ms::hubsim {
namespace {

RepoMeta model(const std::string& id) {
  RepoMeta m;
  m.key = RepoKey{Hub::hf, RepoType::model, id};
  return m;
}

FileEntry regular(Store& store, const std::string& content) {
  auto blob = store.put_blob(content);
  EXPECT_TRUE(blob.has_value());
  auto entry = store.make_entry(*blob, Storage::regular);
  EXPECT_TRUE(entry.has_value());
  return *entry;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::open(dir_.path());
    ASSERT_TRUE(s.has_value());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->create_repo(model("Acme/Bert"), {}, "user", "initial commit").has_value());
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  RepoKey key_{Hub::hf, RepoType::model, "acme/bert"};
};

TEST_F(StoreTest, HfIdsAreCaseInsensitiveAndKeepCanonicalCasing) {
  const auto repo = store_->find_repo(key_);
  ASSERT_TRUE(repo.has_value());
  EXPECT_EQ(repo->key.id, "Acme/Bert");
  EXPECT_FALSE(store_->find_repo(RepoKey{Hub::ms, RepoType::model, "Acme/Bert"}).has_value());
  EXPECT_EQ(store_->create_repo(model("ACME/bert"), {}, "u", "x").error().kind,
            ErrorKind::conflict);
}

TEST_F(StoreTest, CommitAddsFilesWithGitOidsAndMovesTheBranch) {
  const auto before = store_->resolve(key_, "main");
  ASSERT_TRUE(before.has_value());
  CommitRequest req{"main", std::nullopt,
                    "add",  "",
                    "user", {{FileOp::Kind::put, "a/b.txt", regular(*store_, "hello world\n")}}};
  auto c = store_->commit(key_, req);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ((*c)->parent, (*before)->oid);
  EXPECT_EQ((*c)->files.at("a/b.txt").git_oid, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
  EXPECT_EQ((*store_->resolve(key_, "HEAD"))->oid, (*c)->oid);
  EXPECT_EQ((*store_->resolve(key_, (*c)->oid.substr(0, 10)))->oid, (*c)->oid);
  EXPECT_EQ(store_->history(key_, "main")->size(), 2U);
}

TEST_F(StoreTest, StaleExpectedParentIsAConflictAndChangesNothing) {
  const std::string head = (*store_->resolve(key_, "main"))->oid;
  CommitRequest req{"main", head,   "one",
                    "",     "user", {{FileOp::Kind::put, "x", regular(*store_, "1")}}};
  ASSERT_TRUE(store_->commit(key_, req).has_value());
  req.title = "two";  // same parent again: now stale
  const auto stale = store_->commit(key_, req);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().http_status, 412);
  EXPECT_EQ(store_->history(key_, "main")->size(), 2U);
}

TEST_F(StoreTest, RemovingAMissingFileFailsAtomically) {
  CommitRequest req{
      "main",
      std::nullopt,
      "t",
      "",
      "user",
      {{FileOp::Kind::put, "kept", regular(*store_, "k")}, {FileOp::Kind::remove, "missing", {}}}};
  const auto r = store_->commit(key_, req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::not_found);
  EXPECT_EQ((*store_->resolve(key_, "main"))->files.count("kept"), 0U);
}

TEST_F(StoreTest, RemoveFolderDropsEverythingBelowIt) {
  CommitRequest add{"main",
                    std::nullopt,
                    "t",
                    "",
                    "u",
                    {{FileOp::Kind::put, "d/a", regular(*store_, "a")},
                     {FileOp::Kind::put, "d/e/b", regular(*store_, "b")},
                     {FileOp::Kind::put, "dx", regular(*store_, "c")}}};
  ASSERT_TRUE(store_->commit(key_, add).has_value());
  CommitRequest del{"main", std::nullopt, "t", "", "u", {{FileOp::Kind::remove_folder, "d/", {}}}};
  const auto c = store_->commit(key_, del);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ((*c)->files.size(), 1U);
  EXPECT_EQ((*c)->files.count("dx"), 1U);
}

TEST_F(StoreTest, StateSurvivesReopen) {
  CommitRequest req{"main", std::nullopt, "t",
                    "",     "u",          {{FileOp::Kind::put, "f", regular(*store_, "data")}}};
  const auto c = store_->commit(key_, req);
  ASSERT_TRUE(c.has_value());
  ASSERT_TRUE(store_->create_tag(key_, "v1", "main").has_value());
  store_.reset();
  auto reopened = Store::open(dir_.path());
  ASSERT_TRUE(reopened.has_value());
  const auto head = (*reopened)->resolve(key_, "refs/tags/v1");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ((*head)->oid, (*c)->oid);
  std::string bytes;
  const auto blob = (*reopened)->find_blob((*head)->files.at("f").sha256);
  ASSERT_TRUE(blob.has_value());
  ASSERT_TRUE((*reopened)->read_blob(*blob, 0, blob->size, bytes).has_value());
  EXPECT_EQ(bytes, "data");
}

TEST_F(StoreTest, GeneratedBlobHasTheHashOfItsBytes) {
  const auto blob = store_->add_generated_blob(42, 100000);
  ASSERT_TRUE(blob.has_value());
  std::string bytes;
  ASSERT_TRUE(store_->read_blob(*blob, 0, blob->size, bytes).has_value());
  EXPECT_EQ(hashing::sha256_hex(bytes), blob->sha256);
  EXPECT_EQ(store_->blob_path(blob->sha256).empty(), false);
  EXPECT_FALSE(std::filesystem::exists(store_->blob_path(blob->sha256)));  // never stored
  const auto lfs = store_->make_entry(*blob, Storage::lfs);
  ASSERT_TRUE(lfs.has_value());
  EXPECT_EQ(lfs->git_oid, hashing::git_blob_sha1_hex(lfs_pointer(blob->sha256, blob->size)));
}

// The attack: an oid from a request ("..//<absolute path>" or "../../x") joined into
// <data>/blobs/<2>/<rest> named a file outside the store, which then served as a blob.
TEST_F(StoreTest, OidsThatAreNotLowerHexNeverTouchTheDisk) {
  const std::string outside = dir_.path() + "/outside-secret";
  ASSERT_TRUE(write_file_atomic(outside, "secret"));
  for (const std::string& oid :
       {".." + outside, "../../../../../../.." + outside, std::string(64, 'A'),
        std::string(63, 'a') + "/", std::string(2, 'a') + "/../../outside-secret"}) {
    EXPECT_TRUE(store_->blob_path(oid).empty()) << oid;
    EXPECT_FALSE(store_->find_blob(oid).has_value()) << oid;
    const BlobInfo forged{oid, 6, std::nullopt};
    std::string bytes;
    EXPECT_FALSE(store_->read_blob(forged, 0, 6, bytes).has_value()) << oid;
    EXPECT_NE(bytes, "secret");
  }
  const std::string staged = store_->staging_dir() + "/upload";
  ASSERT_TRUE(write_file_atomic(staged, "data"));
  auto adopted = store_->adopt_blob_file(staged, "../../evil", 4);
  ASSERT_FALSE(adopted.has_value());
  EXPECT_EQ(adopted.error().kind, ErrorKind::invalid_input);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/evil"));
}

// The request log records Authorization headers verbatim: with the default umask (022) it
// used to be world-readable. It is created 0600, and an existing file is narrowed to 0600.
TEST(RequestLogFile, IsPrivateWhateverTheUmask) {
  testing::TempDir dir;
  const mode_t saved = ::umask(022);
  RequestLog fresh;
  const std::string path = dir.path() + "/requests.jsonl";
  const auto opened = fresh.open_file(path);
  const std::string old_path = dir.path() + "/old.jsonl";
  ASSERT_TRUE(write_file_atomic(old_path, ""));
  ::chmod(old_path.c_str(), 0644);
  RequestLog reused;
  const auto reopened = reused.open_file(old_path);
  ::umask(saved);
  ASSERT_TRUE(opened.has_value());
  ASSERT_TRUE(reopened.has_value());
  for (const std::string& p : {path, old_path}) {
    struct stat st {};
    ASSERT_EQ(::stat(p.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777U, 0600U) << p;
  }
  LoggedRequest entry;
  entry.method = "GET";
  entry.path = "/api/whoami-v2";
  fresh.append(entry);
  EXPECT_NE(read_file(path).value().find("/api/whoami-v2"), std::string::npos);
}

TEST(StorePaths, RejectsTraversalAndGitFolders) {
  EXPECT_TRUE(is_valid_repo_file_path("a/b.txt"));
  EXPECT_FALSE(is_valid_repo_file_path("../x"));
  EXPECT_FALSE(is_valid_repo_file_path("a/./b"));
  EXPECT_FALSE(is_valid_repo_file_path(".git/config"));
  EXPECT_FALSE(is_valid_repo_file_path("/abs"));
  EXPECT_FALSE(is_valid_repo_file_path("a\\b"));
  EXPECT_EQ(lfs_pointer(std::string(64, 'a'), 440473133).size(), 134U);
}

}  // namespace
}  // namespace hf2ms::hubsim
