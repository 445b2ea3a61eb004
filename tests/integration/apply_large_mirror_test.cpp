// A 20,000-file mirror end to end (issue #13 item 1): `hf2ms apply` lands it on HF in many
// commits that each stay under the Hub's limits (at most 1000 operations, chained by
// parentCommit, far fewer than the 128 commits per hour the Hub allows), and the plan made
// afterwards shows no changes. The limits are checked on the simulator's store, which works
// whether or not the simulator enforces them itself.
#include "apply_cli_support.hpp"

#include <optional>

namespace hf2ms::testing {
namespace {

class ApplyLargeMirror : public ApplyCliTest {};

TEST_F(ApplyLargeMirror, TwentyThousandFilesLandInBoundedCommitsAndThePlanConverges) {
  // Ten folders of 2000: ModelScope's recursive listing stops at 3000 entries, a folder-by-
  // folder walk reads them all. `.bin` files are LFS on HF, listed with their SHA-256, so the
  // second plan needs no download per file (20,000 `/resolve/` reads would wait out the
  // `resolvers` quota of 5000 per 5 minutes the simulator reports).
  std::string files;
  for (int d = 0; d < 10; ++d) {
    files += std::string(d == 0 ? "" : ",") + R"({"path":"d)" + std::to_string(d) +
             R"(/f-{j}.bin","count":2000,"size":24})";
  }
  seed(R"({"repos":[{"hub":"ms","type":"model","id":"acme/many-files","files":[)" + files + "]}]}");
  const std::string manifest = write("large.toml",
                                     "version = 1\n[[mirror]]\nsource = "
                                     "\"ms:acme/many-files\"\ntarget = \"hf:user/many-files\"\n");
  // The simulator would rewrite its whole state.json (every commit's full tree) per commit.
  std::optional<hubsim::Store::DeferSaves> no_saves(std::in_place, sim().store());
  const ApplyRun applied =
      hf2ms("apply --executor local --auto-approve --parallelism 4 -f " + manifest);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  const ApplyRun again = hf2ms("plan --detailed-exitcode -f " + manifest);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;

  const hubsim::RepoKey target{manifest::Hub::hf, manifest::RepoType::model, "user/many-files"};
  auto history = sim().store().history(target, "main");
  ASSERT_TRUE(history.has_value());
  std::size_t batches = 0;
  for (std::size_t i = 0; i + 1 < history->size(); ++i) {
    const auto& newer = *(*history)[i];
    const auto& older = *(*history)[i + 1];
    EXPECT_EQ(newer.parent, older.oid);
    EXPECT_LE(newer.files.size() - older.files.size(), 1000U) << newer.title;
    batches += newer.title.find("(batch ") != std::string::npos ? 1U : 0U;
  }
  EXPECT_GE(batches, 20U);   // 20,000 files at no more than 1000 per commit
  EXPECT_LE(batches, 128U);  // within one hour's commit quota
  std::size_t mirrored = 0;
  for (const auto& [path, entry] : history->front()->files) {
    mirrored += path.ends_with(".bin") ? 1U : 0U;
  }
  EXPECT_EQ(mirrored, 20'000U);
}

}  // namespace
}  // namespace hf2ms::testing
