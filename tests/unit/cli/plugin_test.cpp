// The Claude Code plugin files (.claude-plugin/plugin.json, commands/migrate.md,
// skills/migrate/SKILL.md): the manifest is valid JSON whose version is the CMake project
// version, the Markdown files have their frontmatter, and every `hf2ms <command> --option`
// they show in code exists in the real App, so the guide cannot tell an agent to run a
// command or flag hf2ms does not have.
#include "unit/cli/real_app.hpp"
#include "util/version.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace hf2ms::cli {
namespace {

using testing::long_names;
using testing::make_real_app;
using testing::subcommands_of;

std::string read_source(const std::string& relative) {
  std::ifstream in(std::string(HF2MS_SOURCE_DIR "/") + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The YAML frontmatter between the leading "---" lines; empty when there is none.
std::string frontmatter(const std::string& markdown) {
  if (markdown.rfind("---\n", 0) != 0) {
    return {};
  }
  const std::size_t end = markdown.find("\n---\n", 3);
  return end == std::string::npos ? std::string{} : markdown.substr(4, end - 3);
}

bool has_key(const std::string& yaml, const std::string& key) {
  return std::regex_search(yaml, std::regex("(^|\n)" + key + ": *[^ \n]"));
}

// The code in `markdown`: each line of a fenced block, and each `inline span` of other lines.
std::vector<std::string> code_of(const std::string& markdown) {
  std::vector<std::string> code;
  std::istringstream lines(markdown);
  bool fenced = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
    } else if (fenced) {
      code.push_back(line);
    } else {
      std::istringstream spans(line);
      std::string span;
      for (int i = 0; std::getline(spans, span, '`'); ++i) {
        if (i % 2 == 1) {
          code.push_back(span);
        }
      }
    }
  }
  return code;
}

// Problems with the `hf2ms <command> ... --option` uses in `code`, one line each.
std::vector<std::string> unknown_uses(const std::vector<std::string>& code, const CLI::App& app) {
  std::vector<std::string> problems;
  const std::regex use("hf2ms +([a-z][a-z-]*)([^`]*)");
  const std::regex option("(^|[ =])(--[a-z][a-z-]*)");
  for (const std::string& snippet : code) {
    for (std::sregex_iterator m(snippet.begin(), snippet.end(), use), end; m != end; ++m) {
      const std::string name = (*m)[1];
      const CLI::App* sub = nullptr;
      for (const CLI::App* s : subcommands_of(app)) {
        sub = s->get_name() == name ? s : sub;
      }
      if (sub == nullptr) {
        problems.push_back("no subcommand: hf2ms " + name);
        continue;
      }
      const std::string rest = (*m)[2];
      for (std::sregex_iterator o(rest.begin(), rest.end(), option); o != end; ++o) {
        const CLI::Option* opt = sub->get_option_no_throw((*o)[2]);
        if (opt == nullptr) {
          problems.push_back("no option: hf2ms " + name + " " + (*o)[2].str());
        }
      }
    }
  }
  return problems;
}

TEST(Plugin, ManifestIsJsonWithTheProjectVersion) {
  const auto json = nlohmann::json::parse(read_source(".claude-plugin/plugin.json"), nullptr,
                                          /*allow_exceptions=*/false);
  ASSERT_TRUE(json.is_object());
  EXPECT_EQ(json.value("name", ""), "hf2ms");
  EXPECT_EQ(json.value("version", ""), k_version);
  EXPECT_FALSE(json.value("description", "").empty());
  ASSERT_TRUE(json.contains("author"));
  EXPECT_FALSE(json["author"].value("name", "").empty());
}

TEST(Plugin, CommandAndSkillHaveFrontmatter) {
  const std::string command = frontmatter(read_source("commands/migrate.md"));
  EXPECT_TRUE(has_key(command, "description")) << command;
  EXPECT_TRUE(has_key(command, "argument-hint")) << command;
  const std::string skill = frontmatter(read_source("skills/migrate/SKILL.md"));
  EXPECT_TRUE(has_key(skill, "name")) << skill;
  EXPECT_TRUE(has_key(skill, "description")) << skill;
  EXPECT_TRUE(std::regex_search(skill, std::regex("(^|\n)name: migrate\n")));
}

TEST(Plugin, GuidesUseOnlyCommandsAndOptionsHf2msHas) {
  auto app = make_real_app();
  for (const char* file : {"commands/migrate.md", "skills/migrate/SKILL.md"}) {
    const std::vector<std::string> code = code_of(read_source(file));
    EXPECT_FALSE(code.empty()) << file;
    EXPECT_EQ(unknown_uses(code, *app), std::vector<std::string>{}) << file;
    std::string all;
    for (const std::string& c : code) {
      all += c + "\n";
    }
    for (const char* step : {"hf2ms doctor", "hf2ms migrate", "--auto-approve", "--detach"}) {
      EXPECT_NE(all.find(step), std::string::npos) << file << " does not show " << step;
    }
  }
}

TEST(Plugin, UnknownUsesCatchesMissingCommandsAndOptions) {
  auto app = make_real_app();
  EXPECT_EQ(unknown_uses({"hf2ms plan --out x", "hf2ms --version"}, *app),
            std::vector<std::string>{});
  EXPECT_EQ(unknown_uses({"hf2ms frobnicate", "hf2ms plan --frob"}, *app),
            (std::vector<std::string>{"no subcommand: hf2ms frobnicate",
                                      "no option: hf2ms plan --frob"}));
}

}  // namespace
}  // namespace hf2ms::cli
