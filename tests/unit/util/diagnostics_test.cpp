#include "util/diagnostics.hpp"

#include "util/secret.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace hf2ms {
namespace {

TEST(Diagnostics, RendersLocationSeverityAndHint) {
  Diagnostics ds;
  ds.error("unknown key 'prunee'", "did you mean 'prune'?", SourceLocation{"hf2ms.toml", 12, 3});
  ds.warning("no mirrors declared");
  EXPECT_EQ(render(ds),
            "hf2ms.toml:12:3: error: unknown key 'prunee'\n"
            "  hint: did you mean 'prune'?\n"
            "warning: no mirrors declared\n");
}

TEST(Diagnostics, CountsErrorsAndWarningsSeparately) {
  Diagnostics ds;
  EXPECT_FALSE(ds.has_errors());
  ds.warning("w");
  EXPECT_FALSE(ds.has_errors());
  ds.error("e");
  EXPECT_TRUE(ds.has_errors());
  EXPECT_EQ(ds.error_count(), 1u);
  EXPECT_EQ(ds.warning_count(), 1u);
}

TEST(Diagnostics, SortsByLocationKeepingInsertionOrderForTies) {
  Diagnostics ds;
  ds.error("b", "", SourceLocation{"f", 5, 1});
  ds.error("a", "", SourceLocation{"f", 2, 9});
  ds.error("c", "", SourceLocation{"f", 5, 1});
  ds.sort_by_location();
  ASSERT_EQ(ds.items().size(), 3u);
  EXPECT_EQ(ds.items()[0].summary, "a");
  EXPECT_EQ(ds.items()[1].summary, "b");
  EXPECT_EQ(ds.items()[2].summary, "c");
}

TEST(Secret, PrintsAsStars) {
  Secret s("hf_abcdefghijklmnop");
  std::ostringstream os;
  os << s;
  EXPECT_EQ(os.str(), "***");
  EXPECT_EQ(s.reveal(), "hf_abcdefghijklmnop");
}

}  // namespace
}  // namespace hf2ms
