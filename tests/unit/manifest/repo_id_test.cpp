// Repo references (repo_id.hpp): hub prefixes and each hub's id rules.
#include "manifest/repo_id.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hf2ms::manifest {
namespace {

TEST(RepoRef, ParsesBothHubsAndWildcards) {
  EXPECT_EQ(parse_repo_ref("hf:Qwen/Qwen2.5-0.5B-Instruct").value(),
            (RepoRef{Hub::hf, "Qwen", "Qwen2.5-0.5B-Instruct"}));
  EXPECT_EQ(parse_repo_ref("ms:damo/nlp_corom_sentence-embedding_english-base").value(),
            (RepoRef{Hub::ms, "damo", "nlp_corom_sentence-embedding_english-base"}));
  auto wild = parse_repo_ref("hf:acme/*");
  ASSERT_TRUE(wild);
  EXPECT_TRUE(wild->is_wildcard());
  EXPECT_EQ(wild->to_string(), "hf:acme/*");
}

struct Bad {
  const char* text;
  const char* what;
};

TEST(RepoRef, RejectsWithTheRuleThatFailed) {
  const Bad cases[] = {
      {"Qwen/x", "missing the hub prefix"},
      {"hx:a/b", "unknown hub 'hx'"},
      {"HF:a/b", "unknown hub 'HF'"},
      {"hf:gpt2", "missing the namespace"},
      {"hf:a/b/c", "a repo id has exactly one '/'"},
      {"hf:*/b", "the namespace cannot be a wildcard"},
      {"hf:a/b*", "'*' must be the whole name"},
      {"hf:/b", "the namespace is empty"},
      {"hf:a/", "the name is empty"},
      {"hf:a/b c", "the name contains ' '"},
      {"hf:a/bé", "the name contains a non-ASCII or control character"},
      {"hf:a/.b", "the name must start and end with a letter, digit or '_'"},
      {"hf:a/b-", "the name must start and end with a letter, digit or '_'"},
      {"hf:a/b--c", "'--' and '..' are not allowed in a repo id"},
      {"ms:a/b..c", "'--' and '..' are not allowed in a repo id"},
      {"hf:a/b.git", "a Hugging Face repo id must not end in '.git'"},
  };
  for (const Bad& c : cases) {
    auto ref = parse_repo_ref(c.text);
    ASSERT_FALSE(ref) << c.text;
    EXPECT_EQ(ref.error().what, c.what) << c.text;
  }
}

TEST(RepoRef, NameLengthLimitAppliesToHuggingFaceOnly) {
  std::string name(k_max_hf_name_length, 'a');
  EXPECT_TRUE(parse_repo_ref("hf:a/" + name));
  EXPECT_FALSE(parse_repo_ref("hf:a/" + name + "a"));
  EXPECT_TRUE(parse_repo_ref("ms:a/" + name + "a"));
  EXPECT_TRUE(parse_repo_ref("ms:a/b.git"));
}

TEST(RepoRef, SuggestsTheHubForLongPrefixes) {
  EXPECT_EQ(parse_repo_ref("huggingface:a/b").error().hint,
            "did you mean 'hf:'? use 'hf:' (Hugging Face) or 'ms:' (ModelScope)");
  EXPECT_EQ(parse_repo_ref("modelscope:a/b").error().hint,
            "did you mean 'ms:'? use 'hf:' (Hugging Face) or 'ms:' (ModelScope)");
}

}  // namespace
}  // namespace hf2ms::manifest
