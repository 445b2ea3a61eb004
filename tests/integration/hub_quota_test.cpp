// HF rate-limit state per bucket against the strict simulator (issue #13 item 6): once the
// `resolvers` bucket is empty, downloads wait for its reset, but an `api` call such as a
// commit goes through at once and collects no 429. The engine runs on fake time, so a wait
// would show as a recorded sleep instead of making the test slow.
#include "hashing/hashing.hpp"
#include "http/url.hpp"
#include "hub_sim_env.hpp"
#include "unit/http/fakes.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hub::testing {
namespace {

class HubQuota : public HubSimTest {
 protected:
  void configure(hubsim::SimulatorOptions& options) override {
    HubSimTest::configure(options);
    options.sim.hf_limits.resolvers_quota = 6;
    options.sim.hf_limits.quota_window_s = 600;  // no reset during the test
  }
};

TEST_F(HubQuota, AnEmptyResolversBucketDoesNotStopCommits) {
  seed(R"({"repos": [{"hub": "hf", "id": "user/q", "files": [
      {"path": "f{j}.txt", "count": 8, "content": "small file\n"}]}]})");
  http::testing::FakeClock clock;
  http::testing::FakeSleeper sleeper(clock);
  http::testing::FixedRandom random(0.5);
  http::RateLimitBook book;
  http::EngineOptions options;
  options.clock = &clock;
  options.sleeper = &sleeper;
  options.random = &random;
  options.rate_limits = &book;
  auto engine = http::Engine::create(options);
  ASSERT_TRUE(engine.has_value());
  EnginePerformer performer(**engine);
  auto client = HfClient::create(urls().hf_url, Secret(k_hf_token), performer);
  ASSERT_TRUE(client.has_value());
  const RepoKey key{manifest::Hub::hf, manifest::RepoType::model, "user/q"};
  auto info = (*client)->repo_info(key, "main");
  ASSERT_TRUE(info.has_value() && info->has_value());
  const std::string origin = http::to_string(http::parse_origin(urls().hf_url).value());

  // Download small files until the book says the resolvers bucket is empty.
  bool exhausted = false;
  for (int i = 0; i < 8 && !exhausted; ++i) {
    auto text =
        (*client)->fetch_small_file(key, (*info)->head_commit, "f" + std::to_string(i) + ".txt");
    ASSERT_TRUE(text.has_value()) << text.error().message;
    const auto peek = book.admit(origin, "resolvers", clock.now());
    exhausted = !peek.admitted;
    if (peek.admitted) {
      book.settle(origin, "resolvers", nullptr, clock.now());  // only a look: give it back
    }
  }
  ASSERT_TRUE(exhausted) << "the resolvers quota of 6 was not used up";
  EXPECT_TRUE(sleeper.sleeps.empty());

  const std::string body = "mirrored\n";
  CommitSpec spec{"main", "Commit while resolvers is empty", {}, {}, (*info)->head_commit};
  spec.adds.push_back({"new.txt", body.size(), hashing::sha256_hex(body), Storage::inline_, body});
  auto committed = (*client)->commit(key, spec);
  ASSERT_TRUE(committed.has_value()) << committed.error().message;
  EXPECT_TRUE(sleeper.sleeps.empty()) << "the commit waited for the resolvers bucket";
  EXPECT_EQ(sim().answers_with_status(hubsim::Listener::hf, 429), 0u);
  EXPECT_FALSE(book.admit(origin, "resolvers", clock.now()).admitted)
      << "downloads still wait for the resolvers reset";
}

}  // namespace
}  // namespace hf2ms::hub::testing
