// The completion generators (cli/completion.hpp): describe_cli over the real App, and the
// bash and zsh text over it and over small hand-made specs. Running the scripts in a real
// shell is completion_script_test.cpp.
#include "cli/completion.hpp"

#include "unit/cli/real_app.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace hf2ms::cli {
namespace {

using testing::long_names;
using testing::make_real_app;
using testing::subcommands_of;

const CommandSpec* find_command(const CliSpec& spec, const std::string& name) {
  for (const CommandSpec& c : spec.commands) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

const OptionSpec* find_option(const CommandSpec& c, const std::string& name) {
  for (const OptionSpec& o : c.options) {
    if (std::find(o.names.begin(), o.names.end(), name) != o.names.end()) {
      return &o;
    }
  }
  return nullptr;
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// Walks the App with CLI11 directly (not through describe_cli), so an option added to any
// subcommand and missing from the script fails here.
TEST(Completion, BashScriptHasEverySubcommandAndLongOptionOfTheRealApp) {
  auto app = make_real_app();
  const std::string script = bash_script(describe_cli(*app));
  ASSERT_FALSE(subcommands_of(*app).empty());
  for (const CLI::App* sub : subcommands_of(*app)) {
    EXPECT_TRUE(contains(script, "    '" + sub->get_name() + "') echo '")) << sub->get_name();
    for (const CLI::Option* opt : sub->get_options()) {
      for (const std::string& name : long_names(*opt)) {
        EXPECT_TRUE(contains(script, "'" + sub->get_name() + " " + name + "'"))
            << sub->get_name() << " " << name;
      }
    }
  }
}

TEST(Completion, ZshScriptHasAFunctionAndEveryLongOptionPerSubcommand) {
  auto app = make_real_app();
  const std::string script = zsh_script(describe_cli(*app));
  for (const CLI::App* sub : subcommands_of(*app)) {
    const std::string function = "_hf2ms_command_" + sub->get_name() + "() {";
    const std::size_t begin = script.find(function);
    ASSERT_NE(begin, std::string::npos) << sub->get_name();
    const std::string body = script.substr(begin, script.find("\n}\n", begin) - begin);
    for (const CLI::Option* opt : sub->get_options()) {
      for (const std::string& name : long_names(*opt)) {
        EXPECT_TRUE(contains(body, name + "[") || contains(body, name + "=["))
            << sub->get_name() << " " << name;
      }
    }
  }
}

TEST(Completion, DescribeReadsChoicesFlagsNumbersAndFiles) {
  auto app = make_real_app();
  const CliSpec spec = describe_cli(*app);
  const CommandSpec* apply = find_command(spec, "apply");
  ASSERT_NE(apply, nullptr);
  const OptionSpec* executor = find_option(*apply, "--executor");
  ASSERT_NE(executor, nullptr);
  EXPECT_EQ(executor->value.kind, ValueKind::choices);
  EXPECT_EQ(executor->value.choices, (std::vector<std::string>{"local", "modal"}));
  const OptionSpec* approve = find_option(*apply, "--auto-approve");
  ASSERT_NE(approve, nullptr);
  EXPECT_EQ(approve->value.kind, ValueKind::flag);
  const OptionSpec* parallelism = find_option(*apply, "--parallelism");
  ASSERT_NE(parallelism, nullptr);
  EXPECT_EQ(parallelism->value.kind, ValueKind::word);
  const OptionSpec* file = find_option(*apply, "--file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->value.kind, ValueKind::file);
  EXPECT_EQ(file->names, (std::vector<std::string>{"-f", "--file"}));
  ASSERT_EQ(apply->positionals.size(), 1U);
  EXPECT_EQ(apply->positionals[0].kind, ValueKind::file);
  EXPECT_EQ(apply->positionals[0].name, "PLAN");
}

TEST(Completion, DescribeMarksRepeatableOptionsAndKeepsHelp) {
  auto app = make_real_app();
  const CliSpec spec = describe_cli(*app);
  const CommandSpec* plan = find_command(spec, "plan");
  ASSERT_NE(plan, nullptr);
  const OptionSpec* target = find_option(*plan, "--target");
  ASSERT_NE(target, nullptr);
  EXPECT_TRUE(target->repeatable);
  const OptionSpec* out = find_option(*plan, "--out");
  ASSERT_NE(out, nullptr);
  EXPECT_FALSE(out->repeatable);
  EXPECT_NE(find_option(*plan, "--help"), nullptr);
  const CommandSpec* completion = find_command(spec, "completion");
  ASSERT_NE(completion, nullptr);
  ASSERT_EQ(completion->positionals.size(), 1U);
  EXPECT_EQ(completion->positionals[0].choices, (std::vector<std::string>{"bash", "zsh"}));
}

TEST(Completion, DescribeTreatsNamedTypesAsWordsAndTextAsPaths) {
  CLI::App app{"x"};
  std::string repo;
  std::string path;
  int count = 0;
  bool force = false;
  CLI::App* sub = app.add_subcommand("go", "Go");
  sub->add_option("--repo", repo, "Repo")->type_name("REPO");
  sub->add_option("--path", path, "Path");
  sub->add_option("-n", count, "Count");
  sub->add_flag("--force", force, "Force");
  const CliSpec spec = describe_cli(app);
  ASSERT_EQ(spec.commands.size(), 1U);
  const CommandSpec& go = spec.commands[0];
  EXPECT_EQ(find_option(go, "--repo")->value.kind, ValueKind::word);
  EXPECT_EQ(find_option(go, "--path")->value.kind, ValueKind::file);
  EXPECT_EQ(find_option(go, "-n")->value.kind, ValueKind::word);
  EXPECT_EQ(find_option(go, "--force")->value.kind, ValueKind::flag);
  EXPECT_EQ(spec.program, "hf2ms");
}

CliSpec small_spec() {
  CliSpec spec;
  spec.program = "hf2ms";
  spec.global_options.push_back({{"--version"}, "Print the version", {}, false});
  CommandSpec c{"run", "Run it's thing", {}, {}};
  c.options.push_back(
      {{"-o", "--out"}, "Where [the] output goes", {ValueKind::file, {}, {}}, false});
  c.options.push_back({{"--mode"}, "Mode", {ValueKind::choices, {"fast", "slow"}, {}}, false});
  c.positionals.push_back({ValueKind::word, {}, "N"});
  spec.commands.push_back(c);
  return spec;
}

TEST(Completion, BashTablesForAHandMadeSpec) {
  const std::string script = bash_script(small_spec());
  EXPECT_TRUE(contains(script, "    ' --version') echo 'flag' ;;\n"));
  EXPECT_TRUE(contains(script, "    'run -o'|'run --out') echo 'file' ;;\n"));
  EXPECT_TRUE(contains(script, "    'run --mode') echo 'choices fast slow' ;;\n"));
  EXPECT_TRUE(contains(script, "    'run') echo '-o --out --mode' ;;\n"));
  EXPECT_TRUE(contains(script, "    'run 0') echo 'word' ;;\n"));
  EXPECT_TRUE(contains(script, "_hf2ms_commands='run'\n"));
  EXPECT_TRUE(contains(script, "\ncomplete -F _hf2ms hf2ms\n"));
}

TEST(Completion, ZshSpecsEscapeQuotesAndBrackets) {
  const std::string script = zsh_script(small_spec());
  EXPECT_EQ(script.rfind("#compdef hf2ms\n", 0), 0U);
  EXPECT_TRUE(contains(script, "'(-o --out)-o[Where \\[the\\] output goes]:file:_files'"));
  EXPECT_TRUE(contains(script, "'(-o --out)--out=[Where \\[the\\] output goes]:file:_files'"));
  EXPECT_TRUE(contains(script, "'(--mode)--mode=[Mode]:value:(fast slow)'"));
  EXPECT_TRUE(contains(script, "'1:N: '"));
  EXPECT_TRUE(contains(script, "'run:Run it'\\''s thing'"));
  EXPECT_TRUE(contains(script, "'(--version)--version[Print the version]'"));
}

}  // namespace
}  // namespace hf2ms::cli
