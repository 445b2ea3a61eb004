#include "hubsim_http.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace hf2ms::hubsim::test {
namespace {

class HubsimFaultsTest : public testing::HubsimTest {};

TEST_F(HubsimFaultsTest, FailsTheFirstMatchingRequestsThenRecovers) {
  FaultRule rule;
  rule.listener = Listener::hf;
  rule.path_prefix = "/api/whoami";
  rule.status = 503;
  rule.times = 2;
  ASSERT_TRUE(sim().faults().add_rule(rule));
  auto c = client(urls().hf_url);
  EXPECT_EQ(c.Get("/api/whoami-v2", auth())->status, 503);
  EXPECT_EQ(c.Get("/api/whoami-v2", auth())->status, 503);
  EXPECT_EQ(c.Get("/api/whoami-v2", auth())->status, 200);
}

TEST_F(HubsimFaultsTest, RateLimitAnswersCarryRetryAfterAndRateLimitHeaders) {
  auto rule = parse_fault_rule("listener=hf,regex=/api/models/.*,status=429,retry_after=7");
  ASSERT_TRUE(rule.has_value());
  ASSERT_TRUE(sim().faults().add_rule(*rule));
  auto c = client(urls().hf_url);
  const auto res = c.Get("/api/models/acme/x");
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(res->get_header_value("Retry-After"), "7");
  EXPECT_EQ(res->get_header_value("RateLimit"), "\"api\";r=0;t=7");
  const auto ok = c.Get("/api/whoami-v2", auth());
  EXPECT_NE(ok->get_header_value("RateLimit-Policy").find("q=1000;w=300"), std::string::npos);
}

TEST_F(HubsimFaultsTest, CutsTheBodyAfterTheConfiguredBytes) {
  auto c = client(urls().hf_url);
  create_model(c, "acme/cut");
  ASSERT_EQ(commit_files(c, "acme/cut", {{"f.txt", std::string(10000, 'x')}})->status, 200);
  // A regular file's bytes come from the resolve-cache hop of its /resolve/ 307.
  auto rule = parse_fault_rule("prefix=/api/resolve-cache/models/acme/cut/,cut_after=1k");
  ASSERT_TRUE(rule.has_value());
  ASSERT_TRUE(sim().faults().add_rule(*rule));
  c.set_follow_location(true);
  std::string received;
  const auto res = c.Get("/acme/cut/resolve/main/f.txt", [&](const char* data, std::size_t n) {
    received.append(data, n);
    return true;
  });
  EXPECT_FALSE(res);  // the connection dropped before Content-Length bytes arrived
  EXPECT_EQ(received.size(), 1024U);
}

// The decisions of a keyed injector for `paths`, asked in the order given.
std::vector<int> keyed_decisions(std::uint64_t seed, const std::vector<std::string>& paths) {
  FaultInjector faults;
  faults.reseed(seed, FaultDraw::keyed);
  FaultRule rule;
  rule.status = 503;
  rule.probability = 0.5;
  EXPECT_TRUE(faults.set_rules({rule}).has_value());
  std::vector<int> out;
  for (const std::string& p : paths) {
    out.push_back(faults.decide(Listener::hf, "GET", p).status);
  }
  return out;
}

TEST(FaultInjector, KeyedDrawsDependOnTheRequestNotOnWhatCameBetween) {
  // Two clients' requests interleaved one way and the other: each path's n-th request gets
  // the same answer, which a single generator in arrival order cannot promise.
  const std::vector<int> a = keyed_decisions(7, {"/a", "/b", "/a", "/b", "/a", "/b"});
  const std::vector<int> b = keyed_decisions(7, {"/b", "/b", "/b", "/a", "/a", "/a"});
  EXPECT_EQ((std::vector<int>{a[0], a[2], a[4]}), (std::vector<int>{b[3], b[4], b[5]}));
  EXPECT_EQ((std::vector<int>{a[1], a[3], a[5]}), (std::vector<int>{b[0], b[1], b[2]}));
  // The occurrence is part of the key, and the seed changes the draws.
  std::vector<std::string> same(64, "/a");
  const std::vector<int> repeated = keyed_decisions(7, same);
  EXPECT_NE(std::count(repeated.begin(), repeated.end(), 503), 0);
  EXPECT_NE(std::count(repeated.begin(), repeated.end(), 0), 0);
  EXPECT_NE(repeated, keyed_decisions(8, same));
}

TEST_F(HubsimFaultsTest, BadFaultSpecsAreRejected) {
  EXPECT_FALSE(parse_fault_rule("status").has_value());
  EXPECT_FALSE(parse_fault_rule("unknown=1").has_value());
  EXPECT_FALSE(parse_fault_rule("regex=(").has_value());
  const auto r = parse_fault_rule("listener=cdn,bandwidth=2m,latency_ms=5,times=3");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->bandwidth_bps, 2U * 1024 * 1024);
  EXPECT_EQ(r->listener, Listener::cdn);
}

TEST_F(HubsimFaultsTest, RequestLogKeepsListenerPathQueryAndHeaders) {
  sim().log().clear();
  auto c = client(urls().hf_url);
  ASSERT_TRUE(c.Get("/api/models/acme%2Fx/tree/main?recursive=1", auth()));
  const auto entries = sim().log().entries();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].listener, Listener::hf);
  EXPECT_EQ(entries[0].path, "/api/models/acme%2Fx/tree/main");
  EXPECT_EQ(entries[0].query, "recursive=1");
  bool saw_token = false;
  for (const auto& [k, v] : entries[0].headers) {
    saw_token = saw_token || (k == "Authorization" && v == "Bearer hf_user_write_token");
  }
  EXPECT_TRUE(saw_token);
  EXPECT_NE(to_json_line(entries[0]).find("\"listener\":\"hf\""), std::string::npos);
}

}  // namespace
}  // namespace hf2ms::hubsim::test
