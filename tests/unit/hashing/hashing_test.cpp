#include "hashing/hashing.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hf2ms::hashing {
namespace {

TEST(Hashing, Sha256MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hashing, Sha256StreamingEqualsOneShot) {
  const std::string data(100000, 'x');
  auto h = Sha256::create();
  ASSERT_TRUE(h.has_value());
  for (std::size_t i = 0; i < data.size(); i += 777) {
    h->update(std::string_view(data).substr(i, 777));
  }
  EXPECT_EQ(h->finish_hex(), sha256_hex(data));
}

TEST(Hashing, GitBlobOidMatchesGit) {
  // `git hash-object` of an empty file and of "hello world\n".
  EXPECT_EQ(git_blob_sha1_hex(""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  EXPECT_EQ(git_blob_sha1_hex("hello world\n"), "3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
}

TEST(Hashing, GitTreeOidMatchesGit) {
  // `git mktree` of the empty tree, and of one file "a" holding "hello world\n".
  EXPECT_EQ(git_object_sha1_hex("tree", ""), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  const auto blob = from_hex("3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
  ASSERT_TRUE(blob.has_value());
  EXPECT_EQ(git_object_sha1_hex("tree", std::string("100644 a") + '\0' + *blob),
            "bb1c5340867b60f2405ff81b139902f736770646");
  EXPECT_EQ(git_object_sha1_hex("blob", "hello world\n"), git_blob_sha1_hex("hello world\n"));
}

TEST(Hashing, GitBlobOidOfLfsPointerMatchesHub) {
  // bert-base-uncased pytorch_model.bin: the Hub's tree `oid` is the blob id of this pointer.
  const std::string pointer =
      "version https://git-lfs.github.com/spec/v1\n"
      "oid sha256:097417381d6c7230bd9e3557456d726de6e83245ec8b24f529f60198a67b203a\n"
      "size 440473133\n";
  EXPECT_EQ(pointer.size(), 134U);
  EXPECT_EQ(git_blob_sha1_hex(pointer), "ba5d19791be1dd7992e33bd61f20207b0f7f50a5");
}

TEST(Hashing, GitBlobStreamingEqualsOneShot) {
  const std::string data = "some file content that is split";
  auto h = GitBlobSha1::create(data.size());
  ASSERT_TRUE(h.has_value());
  h->update(data.substr(0, 5));
  h->update(data.substr(5));
  EXPECT_EQ(h->finish_hex(), git_blob_sha1_hex(data));
}

TEST(Hashing, Xxh3128MatchesReferenceVectors) {
  EXPECT_EQ(xxh3_128_hex(""), "99aa06d3014798d86001c324468d497f");
  auto h = Xxh3_128::create();
  ASSERT_TRUE(h.has_value());
  h->update("ab");
  h->update("c");
  EXPECT_EQ(h->finish_hex(), xxh3_128_hex("abc"));
  EXPECT_NE(xxh3_128_hex("abc"), xxh3_128_hex("abd"));
}

TEST(Hashing, HmacSha256MatchesRfc4231) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_NE(hmac_sha256_hex("Jeff", "what do ya want for nothing?"),
            hmac_sha256_hex("Jefe", "what do ya want for nothing?"));
}

TEST(Hashing, HexRoundTripsAndRejectsGarbage) {
  const auto bytes = from_hex("00ff10Ab");
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->size(), 4U);
  const std::span<const std::uint8_t> view(reinterpret_cast<const std::uint8_t*>(bytes->data()),
                                           bytes->size());
  EXPECT_EQ(to_hex(view), "00ff10ab");
  EXPECT_FALSE(from_hex("abc").has_value());
  EXPECT_FALSE(from_hex("zz").has_value());
  EXPECT_TRUE(is_lower_hex("0a", 2));
  EXPECT_FALSE(is_lower_hex("0A", 2));
}

}  // namespace
}  // namespace hf2ms::hashing
