// The pure parts of the ModelScope limits: the strict defaults, what --lenient turns off, and
// the host names the simulator announces and hands out as blob hrefs.
#include "hubsim/ms_limits.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hubsim {
namespace {

TEST(MsLimits, DefaultsAreTheStrictSide) {
  const MsLimits limits;
  EXPECT_EQ(limits.commits_per_window, 10U);
  EXPECT_EQ(limits.commit_window_s, 60U);
  EXPECT_EQ(limits.max_commit_body_bytes, 8U * 1024U * 1024U);
  EXPECT_EQ(limits.revisions, MsRevisions::names_only);
  EXPECT_EQ(limits.token_deletes, MsTokenDeletes::refuse);
  EXPECT_EQ(limits.success_envelope, MsSuccessEnvelope::full);
  EXPECT_EQ(limits.batch_envelope, MsBatchEnvelope::enveloped);
  EXPECT_EQ(limits.hosts, MsHosts::names);
}

TEST(MsLimits, LenientTurnsEveryLimitOffAndKeepsVariants) {
  MsLimits limits;
  limits.batch_envelope = MsBatchEnvelope::bare;
  const MsLimits off = effective_ms_limits(limits, true);
  EXPECT_EQ(off.commits_per_window, 0U);
  EXPECT_EQ(off.max_commit_body_bytes, 0U);
  EXPECT_EQ(off.revisions, MsRevisions::any);
  EXPECT_EQ(off.token_deletes, MsTokenDeletes::allow);
  EXPECT_EQ(off.batch_envelope, MsBatchEnvelope::bare);
  EXPECT_EQ(off.hosts, MsHosts::names);
  const MsLimits strict = effective_ms_limits(limits, false);
  EXPECT_EQ(strict.commits_per_window, 10U);
  EXPECT_EQ(strict.revisions, MsRevisions::names_only);
}

TEST(MsLimits, AnnouncesTheHostNameOnlyForLoopbackListeners) {
  MsLimits limits;
  EXPECT_EQ(ms_announced_url(limits, "127.0.0.1", 8081), "http://www.modelscope.localhost:8081");
  EXPECT_EQ(ms_announced_url(limits, "192.0.2.7", 8081), "http://192.0.2.7:8081");
  limits.hosts = MsHosts::ip;
  EXPECT_EQ(ms_announced_url(limits, "127.0.0.1", 8081), "http://127.0.0.1:8081");
}

TEST(MsLimits, BlobHrefsGoToTheLfsSiblingOfTheHostUsed) {
  MsLimits limits;
  const std::string api = "http://127.0.0.1:8081";
  EXPECT_EQ(ms_blob_base_url(limits, "www.modelscope.localhost:8081", api),
            "http://lfs.modelscope.localhost:8081");
  EXPECT_EQ(ms_blob_base_url(limits, "modelscope.localhost:8081", api),
            "http://lfs.modelscope.localhost:8081");
  EXPECT_EQ(ms_blob_base_url(limits, "lfs.modelscope.localhost:8081", api),
            "http://lfs.modelscope.localhost:8081");
  // An IP client keeps its own address, so non-curl clients still reach the blob route.
  EXPECT_EQ(ms_blob_base_url(limits, "127.0.0.1:8081", api), "http://127.0.0.1:8081");
  EXPECT_EQ(ms_blob_base_url(limits, "", api), api);
  limits.lfs_prefix = "pre-lfs.";
  EXPECT_EQ(ms_blob_base_url(limits, "www.modelscope.localhost:8081", api),
            "http://pre-lfs.modelscope.localhost:8081");
  limits.hosts = MsHosts::ip;
  EXPECT_EQ(ms_blob_base_url(limits, "www.modelscope.localhost:8081", api), api);
}

}  // namespace
}  // namespace hf2ms::hubsim
