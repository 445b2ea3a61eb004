// Access to the recorded hub responses in the shared fixtures folder (shared/fixtures/ beside
// the repo). Tests that need one skip, saying why, when the folder is absent.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace hf2ms::testing {

inline std::filesystem::path fixtures_dir() {
  return std::filesystem::path(HF2MS_SOURCE_DIR) / ".." / "shared" / "fixtures";
}

inline std::optional<std::string> read_fixture(const std::string& relative) {
  std::ifstream in(fixtures_dir() / relative, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The body of the first response in a vcrpy YAML cassette whose request uri is `uri`: the
// single-quoted `string:` scalar after it, unfolded (line breaks + indentation → one space,
// '' → ', blank line → newline), which is all YAML does to such scalars.
inline std::optional<std::string> cassette_body(const std::string& yaml, const std::string& uri) {
  auto at = yaml.find("uri: " + uri + "\n");
  if (at == std::string::npos) {
    return std::nullopt;
  }
  auto start = yaml.find("string: '", at);
  if (start == std::string::npos) {
    return std::nullopt;
  }
  std::string out;
  for (std::size_t i = start + 9; i < yaml.size(); ++i) {
    char c = yaml[i];
    if (c == '\'') {
      if (i + 1 < yaml.size() && yaml[i + 1] == '\'') {
        out += '\'';
        ++i;
        continue;
      }
      return out;
    }
    if (c == '\n') {
      std::size_t j = i + 1;
      while (j < yaml.size() && yaml[j] == ' ') {
        ++j;
      }
      out += (j < yaml.size() && yaml[j] == '\n') ? '\n' : ' ';
      i = (yaml[j] == '\n') ? j : j - 1;
      continue;
    }
    out += c;
  }
  return std::nullopt;
}

}  // namespace hf2ms::testing
