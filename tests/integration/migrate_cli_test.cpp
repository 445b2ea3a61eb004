// `hf2ms migrate` end to end: the real binary against the in-process simulator. A one-shot
// migration converges and a second run finds nothing to do; it asks before writing (and
// refuses without a terminal); bad arguments are reported before any hub is contacted;
// --print-manifest gives a manifest `hf2ms validate` accepts; ORG/* moves a namespace.
#include "apply_cli_support.hpp"
#include "plan_cli_support.hpp"

namespace hf2ms::testing {
namespace {

using hubsim::Hub;
using hubsim::RepoType;

class MigrateCli : public ApplyCliTest {
 protected:
  void SetUp() override {
    ApplyCliTest::SetUp();
    seed(k_example_seed);
  }
};

TEST_F(MigrateCli, MigratesOneRepoAndASecondRunHasNothingToDo) {
  const ApplyRun first =
      hf2ms("migrate hf:acme/llm-7b --to ms:acme/llm-7b --executor local --auto-approve");
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("+ ms:acme/llm-7b (model)  create"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("Apply complete: 1 mirror applied"), std::string::npos) << first.out;
  EXPECT_TRUE(sim().store().find_repo({Hub::ms, RepoType::model, "acme/llm-7b"}));

  sim().log().clear();
  const ApplyRun again = hf2ms("migrate hf:acme/llm-7b --to ms:acme/llm-7b --executor local");
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.err.find("No changes."), std::string::npos) << again.err;
  EXPECT_EQ(count_writes(), 0U);
}

TEST_F(MigrateCli, RefusesToWriteWithoutConfirmation) {
  const ApplyRun r =
      hf2ms("migrate hf:acme/llm-7b --to ms:acme/llm-7b --executor local </dev/null");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("refusing to apply without confirmation"), std::string::npos) << r.err;
  EXPECT_EQ(count_writes(), 0U);
}

TEST_F(MigrateCli, BadArgumentsAreReportedBeforeAnyHubIsContacted) {
  sim().log().clear();
  const ApplyRun r = hf2ms("migrate hf:no-slash --to ms:acme/x --type modle --executor local");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("no-slash"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'model'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the migrate arguments are invalid; nothing was contacted"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(sim().log().entries().empty());
}

TEST_F(MigrateCli, PrintManifestGivesAManifestValidateAccepts) {
  sim().log().clear();
  const ApplyRun printed = hf2ms(
      "migrate hf:acme/web-corpus --to ms:acme/web-corpus --type dataset --exclude '*.md' "
      "--print-manifest");
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_TRUE(sim().log().entries().empty());
  const std::string file = write("migrate.toml", printed.out);
  const ApplyRun valid = hf2ms("validate -f " + file);
  EXPECT_EQ(valid.exit_code, 0) << printed.out << valid.err;
  // And that manifest plans the same mirror the migrate command would apply.
  const ApplyRun applied = hf2ms("apply --executor local --auto-approve -f " + file);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  const ApplyRun converged = hf2ms(
      "migrate hf:acme/web-corpus --to ms:acme/web-corpus --type dataset --exclude '*.md' "
      "--executor local");
  EXPECT_EQ(converged.exit_code, 0) << converged.err;
  EXPECT_NE(converged.err.find("No changes."), std::string::npos) << converged.err;
}

// One value per --include/--exclude, so a glob before SRC cannot swallow it.
TEST_F(MigrateCli, RepeatedFiltersTakeOneValueEach) {
  const ApplyRun r = hf2ms(
      "migrate --exclude '*.md' --exclude '*.bin' hf:acme/llm-7b --to ms:acme/llm-7b "
      "--print-manifest");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("exclude = [ '*.md', '*.bin' ]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("source = 'hf:acme/llm-7b'"), std::string::npos) << r.out;
}

TEST_F(MigrateCli, AWildcardMovesEveryRepoOfANamespace) {
  const ApplyRun r =
      hf2ms("migrate 'hf:acme/*' --to 'ms:acme/*' --type dataset --executor local --auto-approve");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(sim().store().find_repo({Hub::ms, RepoType::dataset, "acme/web-corpus"}));
  EXPECT_TRUE(sim().store().find_repo({Hub::ms, RepoType::dataset, "acme/llm-7b-eval"}));
  EXPECT_FALSE(sim().store().find_repo({Hub::ms, RepoType::model, "acme/llm-7b"}));
}

}  // namespace
}  // namespace hf2ms::testing
