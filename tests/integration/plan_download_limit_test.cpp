// `hf2ms plan` against the strict simulator: an HF source file above the 50 GB /resolve/ cap
// (real-hub-limits.md HF §4) is a plan error naming the file, before any byte is moved. The
// file is seeded with a declared SHA-256, so the simulator never hashes 50 GB.
#include "integration/plan_cli_support.hpp"

#include <gtest/gtest.h>

namespace hf2ms::testing {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_F(PlanCliTest, HfSourceFileAboveFiftyGigabytesIsAPlanErrorNamingIt) {
  ASSERT_TRUE(hubsim::apply_seed_spec(sim().store(),
                                      R"({"repos":[{"hub":"hf","id":"acme/huge",
    "files":[{"path":"shards/huge.bin","size":50000000001,"sha256":")" +
                                          std::string(64, 'e') + R"("},
             {"path":"config.json","content":"{}\n"}]}]})",
                                      "."));
  const std::string manifest = write("huge.toml", R"(version = 1
[[mirror]]
source = "hf:acme/huge"
target = "ms:acme/huge"
[[mirror]]
source = "hf:acme/llm-7b"
target = "ms:acme/llm-7b"
)");
  const CliRun r = hf2ms("plan -f " + manifest);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out + r.err,
                       "shards/huge.bin is 50000000001 bytes, above the hf limit of 50000000000 "
                       "bytes per downloaded file"))
      << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "+ ms:acme/llm-7b (model)")) << r.out;  // the others go on
}

}  // namespace
}  // namespace hf2ms::testing
