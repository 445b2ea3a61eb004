#include "manifest/one_mirror.hpp"

#include <toml++/toml.h>

#include <sstream>

namespace hf2ms::manifest {
namespace {

void put(toml::table& table, std::string_view key, const std::optional<std::string>& value) {
  if (value) {
    table.insert(key, *value);
  }
}

void put(toml::table& table, std::string_view key, const std::vector<std::string>& values) {
  if (values.empty()) {
    return;
  }
  toml::array array;
  for (const std::string& v : values) {
    array.push_back(v);
  }
  table.insert(key, std::move(array));
}

}  // namespace

std::string one_mirror_manifest(const OneMirrorSpec& spec) {
  toml::table mirror{{"source", spec.source}, {"target", spec.target}};
  put(mirror, "type", spec.type);
  put(mirror, "target_type", spec.target_type);
  put(mirror, "visibility", spec.visibility);
  put(mirror, "revision", spec.revision);
  put(mirror, "include", spec.include);
  put(mirror, "exclude", spec.exclude);
  toml::table root{{"version", 1}};
  if (spec.executor) {
    root.insert("executor", toml::table{{"kind", *spec.executor}});
  }
  root.insert("mirror", toml::array{std::move(mirror)});
  std::ostringstream out;
  out << "# Written by `hf2ms migrate`: one mirror, the defaults for everything else.\n"
      << root << "\n";
  return out.str();
}

}  // namespace hf2ms::manifest
