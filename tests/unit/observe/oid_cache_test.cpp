// OidCache tests on a real temporary folder: persistence, corrupt lines, concurrent writers.
#include "observe/oid_cache.hpp"

#include "hashing/hashing.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <thread>
#include <vector>

namespace hf2ms::observe {
namespace {

namespace fs = std::filesystem;

class OidCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("hf2ms-oid-cache-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  [[nodiscard]] std::string path() const { return (dir_ / "sub" / "cache.v1").string(); }

  fs::path dir_;
};

state::GitOid oid(int i) { return {hashing::git_blob_sha1_hex(std::to_string(i))}; }
state::Sha256 sha(int i) { return {hashing::sha256_hex(std::to_string(i))}; }

TEST_F(OidCacheTest, RemembersAcrossOpens) {
  {
    auto cache = OidCache::open(path());
    ASSERT_TRUE(cache) << cache.error().message;
    EXPECT_FALSE((*cache)->find(oid(1)));
    ASSERT_TRUE((*cache)->add(oid(1), sha(1)));
    ASSERT_TRUE((*cache)->add(oid(1), sha(1)));  // once per oid in the file
  }
  auto again = OidCache::open(path());
  ASSERT_TRUE(again);
  ASSERT_TRUE((*again)->find(oid(1)));
  EXPECT_EQ((*again)->find(oid(1))->hex, sha(1).hex);
  EXPECT_EQ(*read_file(path()), oid(1).hex + " " + sha(1).hex + "\n");
}

TEST_F(OidCacheTest, IgnoresCorruptLinesAndNeverContinuesATornOne) {
  fs::create_directories(fs::path(path()).parent_path());
  const std::string good = oid(2).hex + " " + sha(2).hex + "\n";
  ASSERT_TRUE(write_file_atomic(path(), "garbage\n" + oid(3).hex + " NOTHEX\n" + good +
                                            oid(4).hex.substr(0, 30) + " " + sha(4).hex + "\n" +
                                            oid(5).hex + " " + sha(5).hex.substr(0, 20)));
  auto cache = OidCache::open(path());
  ASSERT_TRUE(cache);
  EXPECT_EQ((*cache)->size(), 1U);
  EXPECT_TRUE((*cache)->find(oid(2)));
  EXPECT_FALSE((*cache)->find(oid(5)));  // the torn last line
  ASSERT_TRUE((*cache)->add(oid(6), sha(6)));
  auto reopened = OidCache::open(path());
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)->size(), 2U);
  EXPECT_TRUE((*reopened)->find(oid(6)));
}

TEST_F(OidCacheTest, RejectsValuesThatAreNotHex) {
  OidCache cache;
  EXPECT_FALSE(cache.add({"xyz"}, sha(1)));
  EXPECT_FALSE(cache.add(oid(1), {"ABC"}));
  EXPECT_EQ(cache.size(), 0U);
}

TEST_F(OidCacheTest, TwoWritersSharingTheFileKeepEveryLineWhole) {
  auto a = OidCache::open(path());
  auto b = OidCache::open(path());
  ASSERT_TRUE(a && b);
  auto fill = [](OidCache& c, int from) {
    for (int i = from; i < from + 300; ++i) {
      ASSERT_TRUE(c.add(oid(i), sha(i)));
    }
  };
  {
    std::jthread ta(fill, std::ref(**a), 0);
    std::jthread tb(fill, std::ref(**b), 300);
  }
  auto merged = OidCache::open(path());
  ASSERT_TRUE(merged);
  EXPECT_EQ((*merged)->size(), 600U);
  EXPECT_EQ((*merged)->find(oid(450))->hex, sha(450).hex);
}

// docs/adr/0003: a cache that travelled (a CI cache) is only believed where the key verifies.
TEST_F(OidCacheTest, AKeyedCacheLoadsOnlyLinesItsKeyAuthenticates) {
  {
    auto keyed = OidCache::open(path(), "ci-secret");
    ASSERT_TRUE(keyed);
    ASSERT_TRUE((*keyed)->add(oid(1), sha(1)));
    ASSERT_TRUE((*keyed)->add(oid(2), sha(2)));
  }
  std::string text = *read_file(path());
  EXPECT_EQ(text.substr(0, text.find('\n')),
            oid(1).hex + " " + sha(1).hex + " " +
                hashing::hmac_sha256_hex("ci-secret", oid(1).hex + " " + sha(1).hex));
  // The attack: someone who can write the cache but has no key maps oid 2 to another content's
  // SHA-256 (keeping the old MAC, or dropping it) and adds an unauthenticated pair.
  const std::string old2 = sha(2).hex;
  text.replace(text.find(old2), old2.size(), sha(9).hex);
  text += oid(3).hex + " " + sha(3).hex + "\n";
  ASSERT_TRUE(write_file_atomic(path(), text));
  auto keyed = OidCache::open(path(), "ci-secret");
  ASSERT_TRUE(keyed);
  EXPECT_EQ((*keyed)->find(oid(1))->hex, sha(1).hex);
  EXPECT_FALSE((*keyed)->find(oid(2)));  // costs a download, never a wrong "equal"
  EXPECT_FALSE((*keyed)->find(oid(3)));
  auto other_key = OidCache::open(path(), "another-secret");
  ASSERT_TRUE(other_key);
  EXPECT_EQ((*other_key)->size(), 0U);
  // Without a key (the user's own cache folder) every well-formed line counts, MAC or not.
  auto plain = OidCache::open(path());
  ASSERT_TRUE(plain);
  EXPECT_EQ((*plain)->size(), 3U);
}

TEST(CacheDir, PrefersOverrideThenXdgThenHome) {
  std::map<std::string, std::string> env{{"HOME", "/home/u"}};
  auto lookup = [&](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(std::string(name));
    return it == env.end() ? std::nullopt : std::optional(it->second);
  };
  EXPECT_EQ(cache_dir(lookup), "/home/u/.cache/hf2ms");
  env["XDG_CACHE_HOME"] = "/x";
  EXPECT_EQ(cache_dir(lookup), "/x/hf2ms");
  env["HF2MS_CACHE_DIR"] = "/c";
  EXPECT_EQ(cache_dir(lookup), "/c");
  env = {{"HF2MS_CACHE_DIR", ""}};
  EXPECT_EQ(cache_dir(lookup), std::nullopt);
}

}  // namespace
}  // namespace hf2ms::observe
