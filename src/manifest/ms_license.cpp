#include "manifest/ms_license.hpp"

#include "util/text.hpp"

#include <array>

namespace hf2ms::manifest {
namespace {

struct MsLicense {
  std::string_view id;                         // what ModelScope's create takes
  std::array<std::string_view, 3> also_named;  // display names that mean it ("" = none)
};

// The one mapping table. Ids: the lower-case SPDX identifiers that the Hugging Face Hub also
// lists (src/manifest/hf_licenses.txt), so an HF source's id maps to itself; names: the SPDX
// full names and the short forms repos write. UNCONFIRMED: which ids ModelScope accepts beyond
// apache-2.0 and cc-by-4.0 (the OpenAPI document's examples); the SDK's mapping to lower-case
// SPDX ids is what this table follows (protocols/modelscope-hub.md §7.1).
const std::array<MsLicense, 21> k_table{{
    {"apache-2.0", {"Apache License 2.0", "Apache License, Version 2.0", "Apache 2.0"}},
    {"mit", {"MIT License"}},
    {"gpl-2.0", {"GNU General Public License v2.0", "GPL v2"}},
    {"gpl-3.0", {"GNU General Public License v3.0", "GPL v3"}},
    {"lgpl-2.1", {"GNU Lesser General Public License v2.1"}},
    {"lgpl-3.0", {"GNU Lesser General Public License v3.0"}},
    {"agpl-3.0", {"GNU Affero General Public License v3.0"}},
    {"bsd-2-clause", {"BSD 2-Clause License", "BSD 2-Clause \"Simplified\" License"}},
    {"bsd-3-clause", {"BSD 3-Clause License", "BSD 3-Clause \"New\" or \"Revised\" License"}},
    {"mpl-2.0", {"Mozilla Public License 2.0"}},
    {"epl-2.0", {"Eclipse Public License 2.0"}},
    {"bsl-1.0", {"Boost Software License 1.0"}},
    {"afl-3.0", {"Academic Free License v3.0"}},
    {"artistic-2.0", {"Artistic License 2.0"}},
    {"unlicense", {"The Unlicense"}},
    {"cc0-1.0", {"Creative Commons Zero v1.0 Universal", "CC0 1.0"}},
    {"cc-by-4.0", {"Creative Commons Attribution 4.0 International", "CC BY 4.0"}},
    {"cc-by-sa-4.0",
     {"Creative Commons Attribution Share Alike 4.0 International", "CC BY-SA 4.0"}},
    {"cc-by-nc-4.0",
     {"Creative Commons Attribution Non Commercial 4.0 International", "CC BY-NC 4.0"}},
    {"cc-by-nc-sa-4.0",
     {"Creative Commons Attribution Non Commercial Share Alike 4.0 International",
      "CC BY-NC-SA 4.0"}},
    {"cc-by-nc-nd-4.0",
     {"Creative Commons Attribution Non Commercial No Derivatives 4.0 International",
      "CC BY-NC-ND 4.0"}},
}};

// `s` without leading and trailing blanks (spaces and tabs).
std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  return first == std::string_view::npos ? std::string_view()
                                         : s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::optional<std::string_view> ms_license_for(std::string_view source_license) {
  const std::string_view wanted = trimmed(source_license);
  for (const MsLicense& license : k_table) {
    if (iequals_ascii(wanted, license.id)) {
      return license.id;
    }
    for (std::string_view name : license.also_named) {
      if (!name.empty() && iequals_ascii(wanted, name)) {
        return license.id;
      }
    }
  }
  return std::nullopt;
}

}  // namespace hf2ms::manifest
