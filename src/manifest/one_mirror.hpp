// The manifest of `hf2ms migrate`: one [[mirror]] written as hf2ms.toml text from command-line
// words, so a one-shot migration goes through exactly the parser, validator and planner a
// GitOps manifest does (and `--print-manifest` can hand the user a file to keep). Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hf2ms::manifest {

// The words as typed; nothing is checked here: parse() checks the text this produces and
// reports problems the way it does for a file. Unset optionals leave the manifest's defaults.
struct OneMirrorSpec {
  std::string source;  // "hf:org/name"
  std::string target;  // "ms:org/name"
  std::optional<std::string> type;
  std::optional<std::string> target_type;
  std::optional<std::string> visibility;
  std::optional<std::string> revision;
  std::vector<std::string> include;
  std::vector<std::string> exclude;     // empty: the default exclude list
  std::optional<std::string> executor;  // [executor] kind
};

// A complete manifest (version = 1, optional [executor], one [[mirror]]) with every value
// quoted by the TOML writer, whatever characters the words hold.
[[nodiscard]] std::string one_mirror_manifest(const OneMirrorSpec& spec);

}  // namespace hf2ms::manifest
