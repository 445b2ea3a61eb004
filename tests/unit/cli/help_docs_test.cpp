// `hf2ms --help` and every subcommand's help are complete, and docs/cli.md keeps up with
// them: walks the real App (every subcommand of the command table) and checks that each
// subcommand and option has a description, and that docs/cli.md names each subcommand
// (`hf2ms <name>`) and each long option.
#include "unit/cli/real_app.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace hf2ms::cli {
namespace {

using testing::long_names;
using testing::make_real_app;
using testing::subcommands_of;

std::string read_cli_docs() {
  std::ifstream in(HF2MS_SOURCE_DIR "/docs/cli.md", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// `word` occurs in `text` as a whole word: "--file" does not count inside "--files".
bool mentions(const std::string& text, const std::string& word) {
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || !is_name_char(text[at - 1])) &&
        (end == text.size() || !is_name_char(text[end]))) {
      return true;
    }
  }
  return false;
}

TEST(Help, EverySubcommandAndOptionHasADescription) {
  auto app = make_real_app();
  for (const CLI::App* sub : subcommands_of(*app)) {
    EXPECT_FALSE(sub->get_description().empty()) << sub->get_name();
    for (const CLI::Option* opt : sub->get_options()) {
      EXPECT_FALSE(opt->get_description().empty()) << sub->get_name() << " " << opt->get_name();
    }
  }
}

TEST(Help, CliDocsNameEverySubcommand) {
  const std::string docs = read_cli_docs();
  ASSERT_FALSE(docs.empty());
  auto app = make_real_app();
  for (const CLI::App* sub : subcommands_of(*app)) {
    EXPECT_TRUE(mentions(docs, "hf2ms " + sub->get_name())) << sub->get_name();
  }
}

TEST(Help, CliDocsNameEveryLongOption) {
  const std::string docs = read_cli_docs();
  ASSERT_FALSE(docs.empty());
  auto app = make_real_app();
  for (const CLI::App* sub : subcommands_of(*app)) {
    for (const CLI::Option* opt : sub->get_options()) {
      for (const std::string& name : long_names(*opt)) {
        EXPECT_TRUE(mentions(docs, name)) << sub->get_name() << " " << name;
      }
    }
  }
}

TEST(Help, MentionsIsAWholeWordMatch) {
  EXPECT_TRUE(mentions("use `--file FILE`", "--file"));
  EXPECT_FALSE(mentions("use --files", "--file"));
  EXPECT_FALSE(mentions("hf2ms planner", "hf2ms plan"));
}

}  // namespace
}  // namespace hf2ms::cli
