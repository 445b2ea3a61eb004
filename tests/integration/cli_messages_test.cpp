// Errors in the user's words (issue #19), pinned as golden text: the real binary's messages for
// mistyped commands and options, bare `hf2ms`, `-v` after the subcommand, a manifest given
// where a saved plan goes, and `migrate` arguments (checked the same with --print-manifest,
// reported by the argument they came from, never by a line of a generated file).
#include "integration/plan_cli_support.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hf2ms::testing {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

using CliMessages = PlanCliTest;

TEST_F(CliMessages, AMistypedCommandGetsADidYouMean) {
  const CliRun r = hf2ms("plann -f x.toml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "hf2ms: unknown command 'plann'; did you mean 'plan'?\n"
            "Run `hf2ms --help` to see the commands.\n");
}

TEST_F(CliMessages, AMistypedOptionGetsADidYouMean) {
  const CliRun r = hf2ms("plan --detailed-exitcodes");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "hf2ms plan: unknown option '--detailed-exitcodes'; did you mean "
            "'--detailed-exitcode'?\nRun `hf2ms plan --help` to see its options.\n");
}

TEST_F(CliMessages, BareHf2msPrintsUsage) {
  const CliRun r = hf2ms("");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "Usage:")) << r.err;
  EXPECT_TRUE(contains(r.err, "migrate")) << r.err;
  EXPECT_FALSE(contains(r.err, "A subcommand is required")) << r.err;
}

TEST_F(CliMessages, VerboseIsAcceptedAfterTheSubcommand) {
  const CliRun r = hf2ms("validate -f " + example("single-model.toml") + " -v");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(CliMessages, ApplyOfAManifestSaysToUseMinusF) {
  const std::string manifest = write("hf2ms.toml", "version = 1\n");
  const CliRun r = hf2ms("apply " + manifest);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "hf2ms: " + manifest + " is a manifest, not a saved plan; did you mean " +
                       "`hf2ms apply -f " + manifest + "`?\n");
}

TEST_F(CliMessages, PrintManifestValidatesLikeMigrate) {
  sim().log().clear();
  for (const char* args : {"hf:acme/x --to gh:acme/x", "hf:acme/x --to ms:acme/x --type modle",
                           "acme/x --to ms:acme/x", "hf:acme/x --to hf:acme/x"}) {
    const CliRun r = hf2ms(std::string("migrate ") + args + " --print-manifest");
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.out << r.err;
    EXPECT_TRUE(r.out.empty()) << args << "\n" << r.out;
    EXPECT_TRUE(contains(r.err, "the migrate arguments are invalid; no manifest was printed"))
        << r.err;
    EXPECT_FALSE(contains(r.err, "hf2ms migrate:1")) << r.err;  // no line of a generated file
  }
  EXPECT_TRUE(sim().log().entries().empty());
}

TEST_F(CliMessages, MigrateErrorsNameTheArgumentNotAManifestLine) {
  const CliRun r = hf2ms("migrate hf:acme/x --to ms:acme/x --type modle --print-manifest");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "hf2ms migrate: error: --type: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "did you mean 'model'")) << r.err;
  const CliRun to = hf2ms("migrate hf:acme/x --to gh:acme/x --print-manifest");
  EXPECT_TRUE(contains(to.err, "hf2ms migrate: error: --to: ")) << to.err;
}

}  // namespace
}  // namespace hf2ms::testing
