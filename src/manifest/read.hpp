// Internal to src/manifest: the walk from a toml++ table to a Manifest. Each value is checked
// on its own here (types, enums, ranges, ids, sizes, endpoints, patterns); cross-field checks
// are in validate.hpp. Problems go to the reader's Diagnostics; reading never stops early.
#pragma once

#include "manifest/manifest.hpp"
#include "manifest/toml_reader.hpp"
#include "manifest/validate.hpp"

#include <toml++/toml.h>

#include <vector>

namespace hf2ms::manifest {

// version, [hubs], [executor] (read.cpp). Mirrors are left empty.
void read_settings(TomlReader& reader, const toml::table& root, Manifest& out);

// [defaults] as a Mirror prototype every [[mirror]] starts from (read_mirror.cpp).
[[nodiscard]] Mirror read_defaults(TomlReader& reader, const toml::table& root);

// Every [[mirror]], in file order, with `defaults` applied (read_mirror.cpp).
[[nodiscard]] std::vector<MirrorDraft> read_mirrors(TomlReader& reader, const toml::table& root,
                                                    const Mirror& defaults);

}  // namespace hf2ms::manifest
