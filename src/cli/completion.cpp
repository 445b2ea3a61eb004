// describe_cli: the one place that reads CLI11's App tree for the completion scripts.
#include "cli/completion.hpp"

#include <CLI/CLI.hpp>

#include <array>
#include <string_view>

namespace hf2ms::cli {
namespace {

constexpr std::array<std::string_view, 3> k_path_types = {"TEXT", "FILE", "PATH"};

std::vector<std::string> split_commas(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    out.emplace_back(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return out;
}

// CLI11 exposes a check only through the option's type name, which is the value's type
// followed by ":<description>" per check: "TEXT:{local,modal}" for IsMember,
// "INT:INT in [1 - 256]" for Range.
Value value_from_type_name(const std::string& type_name) {
  const std::size_t open = type_name.find('{');
  const std::size_t close = type_name.find('}', open);
  if (open != std::string::npos && close != std::string::npos) {
    return {ValueKind::choices,
            split_commas(std::string_view(type_name).substr(open + 1, close - open - 1)),
            {}};
  }
  const std::string_view base = std::string_view(type_name).substr(0, type_name.find(':'));
  for (std::string_view path : k_path_types) {
    if (base == path) {
      return {ValueKind::file, {}, {}};
    }
  }
  return {ValueKind::word, {}, {}};
}

OptionSpec describe_option(const CLI::Option& opt) {
  OptionSpec spec;
  for (const std::string& s : opt.get_snames()) {
    spec.names.push_back("-" + s);
  }
  for (const std::string& l : opt.get_lnames()) {
    spec.names.push_back("--" + l);
  }
  spec.description = opt.get_description();
  if (opt.get_items_expected_max() > 0) {
    spec.value = value_from_type_name(opt.get_type_name());
  }
  spec.repeatable = opt.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll ||
                    opt.get_expected_max() > 1;
  return spec;
}

void describe_options(const CLI::App& app, std::vector<OptionSpec>& options,
                      std::vector<Value>* positionals) {
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->nonpositional()) {
      options.push_back(describe_option(*opt));
    } else if (positionals != nullptr) {
      Value value = value_from_type_name(opt->get_type_name());
      value.name = opt->get_name(true);
      positionals->push_back(std::move(value));
    }
  }
}

}  // namespace

CliSpec describe_cli(const CLI::App& root) {
  CliSpec spec;
  spec.program = "hf2ms";  // not root.get_name(): CLI11 sets that to argv[0], a path
  describe_options(root, spec.global_options, nullptr);
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
    CommandSpec command{sub->get_name(), sub->get_description(), {}, {}};
    describe_options(*sub, command.options, &command.positionals);
    spec.commands.push_back(std::move(command));
  }
  return spec;
}

}  // namespace hf2ms::cli
