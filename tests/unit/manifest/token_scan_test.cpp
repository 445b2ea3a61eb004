// Token detection (token_scan.hpp).
#include "manifest/token_scan.hpp"

#include <gtest/gtest.h>

namespace hf2ms::manifest {
namespace {

TEST(TokenScan, FindsHuggingFaceAndModelScopeTokensAnywhere) {
  std::string text =
      "a = \"hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567\" # ms-0a1b2c3d-4e5f-6789-abcd-ef0123456789";
  std::vector<TokenMatch> found = find_tokens(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], (TokenMatch{TokenKind::hugging_face, 5}));
  EXPECT_EQ(found[1], (TokenMatch{TokenKind::modelscope, 46}));
}

TEST(TokenScan, IgnoresLookalikes) {
  EXPECT_FALSE(contains_token("hf_modelweightsconvertedfromtheoriginal.bin"));  // one case
  EXPECT_FALSE(contains_token("hf_AbCdEf"));                                    // too short
  EXPECT_FALSE(contains_token("xhf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567"));       // inside a word
  EXPECT_FALSE(contains_token("ms-0a1b2c3d-4e5f-6789-abcd"));                   // not a UUID
  EXPECT_FALSE(contains_token("ms:acme/model"));
  EXPECT_FALSE(contains_token("HF_TOKEN"));
}

TEST(TokenScan, FindsTokensInsideLongerStrings) {
  EXPECT_TRUE(contains_token("https://u:hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567@host"));
  EXPECT_TRUE(contains_token("Bearer ms-0A1B2C3D-4E5F-6789-ABCD-EF0123456789"));
}

}  // namespace
}  // namespace hf2ms::manifest
