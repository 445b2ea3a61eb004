// token_env rules (token_env.hpp): the attack is a manifest naming another secret (a CI job
// token, a cloud key, the other hub's token) so hf2ms sends it to a hub and into Modal.
#include "manifest/token_env.hpp"

#include <gtest/gtest.h>

namespace hf2ms::manifest {
namespace {

TEST(TokenEnv, AcceptsHubTokenNames) {
  for (const char* name : {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_TOKEN",
                           "HF_WRITE_TOKEN", "HF_ACME_2_TOKEN"}) {
    EXPECT_FALSE(check_token_env(Hub::hf, name)) << name;
  }
  for (const char* name : {"MODELSCOPE_TOKEN", "MODELSCOPE_API_TOKEN", "MS_TOKEN", "MS_RW_TOKEN"}) {
    EXPECT_FALSE(check_token_env(Hub::ms, name)) << name;
  }
}

TEST(TokenEnv, RefusesOtherSecretsAndTheOtherHubsToken) {
  for (const char* name :
       {"GITHUB_TOKEN", "CI_JOB_TOKEN", "AWS_SECRET_ACCESS_KEY", "ACTIONS_RUNTIME_TOKEN",
        "MODAL_TOKEN_SECRET", "MODELSCOPE_TOKEN", "HF_ENDPOINT", "HF_TOKENS", "hf_token", "HF_",
        "HF__TOKEN_X", "HFTOKEN", "HF2MS_TOKEN", ""}) {
    EXPECT_TRUE(check_token_env(Hub::hf, name)) << name;
  }
  for (const char* name : {"HF_TOKEN", "GITHUB_TOKEN", "MODAL_TOKEN_ID", "MSTOKEN", "MS-TOKEN"}) {
    EXPECT_TRUE(check_token_env(Hub::ms, name)) << name;
  }
}

}  // namespace
}  // namespace hf2ms::manifest
