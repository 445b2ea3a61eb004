#include "manifest/ms_license.hpp"

#include "manifest/hf_license.hpp"

#include <gtest/gtest.h>

namespace hf2ms::manifest {
namespace {

// modelscope-hub.md §7.1: ModelScope's create takes lower-case SPDX ids; the SDK maps display
// names to them. Unmapped licences give no licence at all, never a default.
TEST(MsLicense, MapsIdsAndDisplayNamesToTheModelScopeId) {
  struct Case {
    const char* source;
    std::optional<std::string_view> id;
  };
  const Case cases[] = {
      {"apache-2.0", "apache-2.0"},          // an HF card id
      {"Apache License 2.0", "apache-2.0"},  // a ModelScope display name
      {"  APACHE-2.0 ", "apache-2.0"},
      {"MIT", "mit"},
      {"MIT License", "mit"},
      {"cc-by-nc-4.0", "cc-by-nc-4.0"},
      {"CC BY-SA 4.0", "cc-by-sa-4.0"},
      {"GNU General Public License v3.0", "gpl-3.0"},
      {"other", std::nullopt},   // HF's catch-all is no licence
      {"llama3", std::nullopt},  // HF-only ids have no ModelScope counterpart here
      {"Apache", std::nullopt},  // too vague to guess
      {"", std::nullopt},
      {"apache-2.0; rm -rf /", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ms_license_for(c.source), c.id) << c.source;
  }
}

// Every ModelScope id in the table is also an HF licence id, so an HF source's card licence
// maps to itself and the two tables never disagree about spelling.
TEST(MsLicense, EveryMappedIdIsAlsoAnHfLicenceId) {
  for (const std::string_view id : hf_license_ids()) {
    if (auto ms = ms_license_for(id)) {
      EXPECT_EQ(*ms, id);
    }
  }
  for (const char* name : {"Apache License 2.0", "MIT License", "CC0 1.0", "The Unlicense",
                           "Mozilla Public License 2.0", "BSD 3-Clause License"}) {
    auto id = ms_license_for(name);
    ASSERT_TRUE(id.has_value()) << name;
    EXPECT_TRUE(is_hf_license(*id)) << *id;
  }
}

}  // namespace
}  // namespace hf2ms::manifest
