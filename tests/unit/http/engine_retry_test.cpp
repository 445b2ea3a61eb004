#include "http/engine.hpp"
#include "http/error_map.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace hf2ms::http {
namespace {

using std::chrono::milliseconds;
using testing::FakeTime;
using testing::make_engine;
using testing::TestServer;

Request get(std::string url) {
  Request r;
  r.url = std::move(url);
  r.idempotency = Idempotency::safe_to_retry;
  return r;
}

TEST(EngineRetry, RetriesServiceUnavailableThenSucceeds) {
  TestServer s;
  std::atomic<int> calls{0};
  s.server.Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    if (++calls <= 2) {
      res.status = 503;
      res.set_content("busy", "text/plain");
      return;
    }
    res.set_content("ok", "text/plain");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  auto r = perform(*engine, get(s.url("/flaky")));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(r->attempts, 3);
  // Full jitter with the fixed random 0.5: half of 1 s, then half of 2 s.
  EXPECT_EQ(time.sleeper.sleeps,
            (std::vector<milliseconds>{milliseconds(500), milliseconds(1000)}));
}

TEST(EngineRetry, HonoursRetryAfterOnTooManyRequests) {
  TestServer s;
  std::atomic<int> calls{0};
  s.server.Get("/limited", [&](const httplib::Request&, httplib::Response& res) {
    if (++calls == 1) {
      res.status = 429;
      res.set_header("Retry-After", "7");
      return;
    }
    res.set_content("ok", "text/plain");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  auto r = perform(*engine, get(s.url("/limited")));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(time.sleeper.sleeps, std::vector<milliseconds>{milliseconds(7000)});
}

TEST(EngineRetry, HoldsTheBucketWhileItsRateLimitIsExhausted) {
  TestServer s;
  std::atomic<int> calls{0};
  s.server.Get("/api", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("RateLimit", ++calls == 1 ? "\"api\";r=0;t=30" : "\"api\";r=499;t=29");
    res.set_header("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300");
    res.set_content("ok", "text/plain");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  ASSERT_TRUE(perform(*engine, get(s.url("/api"))));
  EXPECT_TRUE(time.sleeper.sleeps.empty());
  ASSERT_TRUE(perform(*engine, get(s.url("/api"))));  // waits for the window to reset first
  // The reset plus the book's half-second margin for the rounding of t=.
  EXPECT_EQ(time.sleeper.sleeps, std::vector<milliseconds>{milliseconds(30'500)});
  EXPECT_EQ(calls.load(), 2) << "no request was sent into the exhausted bucket";
}

TEST(EngineRetry, AnEmptyResolversBucketDoesNotHoldApiCalls) {
  TestServer s;
  std::atomic<int> downloads{0};
  std::atomic<int> commits{0};
  s.server.Get("/acme/m/resolve/main/w.bin", [&](const httplib::Request&, httplib::Response& res) {
    ++downloads;
    res.set_header("RateLimit", "\"resolvers\";r=0;t=120");
    res.set_header("RateLimit-Policy", "\"fixed window\";\"resolvers\";q=5000;w=300");
    res.set_content("bytes", "application/octet-stream");
  });
  s.server.Post("/api/models/acme/m/commit/main",
                [&](const httplib::Request&, httplib::Response& res) {
                  ++commits;
                  res.set_header("RateLimit", "\"api\";r=990;t=100");
                  res.set_content("{}", "application/json");
                });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  ASSERT_TRUE(perform(*engine, get(s.url("/acme/m/resolve/main/w.bin"))));
  Request commit;
  commit.method = Method::post;
  commit.url = s.url("/api/models/acme/m/commit/main");
  commit.body = std::string("{}");
  auto answer = perform(*engine, std::move(commit));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_TRUE(time.sleeper.sleeps.empty()) << "the commit did not wait for the resolvers reset";
  EXPECT_EQ(commits.load(), 1);
  ASSERT_TRUE(perform(*engine, get(s.url("/acme/m/resolve/main/w.bin"))));
  EXPECT_EQ(time.sleeper.sleeps, std::vector<milliseconds>{milliseconds(120'500)})
      << "the next download waited for the resolvers bucket";
  EXPECT_EQ(downloads.load(), 2);
}

TEST(EngineRetry, DoesNotRetryANonIdempotentPost) {
  TestServer s;
  std::atomic<int> calls{0};
  s.server.Post("/commit", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.status = 500;
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  Request r;
  r.method = Method::post;
  r.url = s.url("/commit");
  r.body = std::string("{}");
  r.idempotency = Idempotency::not_safe;
  auto answer = perform(*engine, std::move(r));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 500);
  EXPECT_EQ(answer->attempts, 1);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_TRUE(time.sleeper.sleeps.empty());
}

TEST(EngineRetry, GivesUpAfterMaxAttempts) {
  TestServer s;
  std::atomic<int> calls{0};
  s.server.Get("/down", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.status = 502;
  });
  s.start();
  FakeTime time;
  EngineOptions options;
  options.retry.max_attempts = 4;
  auto engine = make_engine(time, options);
  auto r = perform(*engine, get(s.url("/down")));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 502);
  EXPECT_EQ(r->attempts, 4);
  EXPECT_EQ(calls.load(), 4);
  EXPECT_EQ(to_error(Method::get, *r).kind, ErrorKind::transient);
}

TEST(EngineRetry, RetriesAStreamedUploadByRewindingTheProducer) {
  TestServer s;
  std::atomic<int> calls{0};
  s.server.Put("/part", [&](const httplib::Request& req, httplib::Response& res) {
    if (++calls == 1) {
      res.status = 500;
      return;
    }
    res.set_content(req.body, "text/plain");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  const std::string payload = "0123456789abcdef";
  std::size_t offset = 0;
  int rewinds = 0;
  Request r;
  r.method = Method::put;
  r.url = s.url("/part");
  r.idempotency = Idempotency::safe_to_retry;
  r.body = BodyProducer{payload.size(),
                        [&](std::span<char> buffer) {
                          const std::size_t n = std::min(buffer.size(), payload.size() - offset);
                          payload.copy(buffer.data(), n, offset);
                          offset += n;
                          return BodyProducer::Chunk{n, Flow::more};
                        },
                        [&] {
                          ++rewinds;
                          offset = 0;
                          return true;
                        }};
  auto answer = perform(*engine, std::move(r));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, payload);
  EXPECT_EQ(rewinds, 1);
  EXPECT_EQ(answer->attempts, 2);
}

TEST(EngineRetry, StalledBodyHitsTheLowSpeedTimeout) {
  TestServer s;
  std::atomic<bool> finished{false};
  s.server.Get("/stall", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(1000, "application/octet-stream",
                             [&](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                               if (offset == 0) {
                                 return sink.write("0123456789", 10);
                               }
                               std::this_thread::sleep_for(milliseconds(20));
                               return !finished.load();
                             });
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  Request r = get(s.url("/stall"));
  r.idempotency = Idempotency::not_safe;
  r.timeouts.low_speed_bytes = 1000;  // curl averages over ~5 s; keep the test short
  r.timeouts.low_speed_window = std::chrono::seconds(1);
  auto answer = perform(*engine, std::move(r));
  finished = true;
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().kind, ErrorKind::transient);
  EXPECT_NE(answer.error().message.find("timed out"), std::string::npos) << answer.error().message;
}

// The server promises 1000 bytes and hangs up after 100 on the first call.
class CutConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.server.Get("/cut", [this](const httplib::Request&, httplib::Response& res) {
      const bool cut = ++calls == 1;
      res.set_content_provider(1000, "application/octet-stream",
                               [cut](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (cut && offset >= 100) {
                                   return false;  // drop the connection mid-body
                                 }
                                 const std::string piece(cut ? 100 : 1000 - offset, 'c');
                                 return sink.write(piece.data(), piece.size());
                               });
    });
    s.start();
  }
  TestServer s;
  std::atomic<int> calls{0};
};

TEST_F(CutConnectionTest, DetectsTheCutAsTransient) {
  FakeTime time;
  auto engine = make_engine(time);
  Request r = get(s.url("/cut"));
  r.idempotency = Idempotency::not_safe;  // so the first failure is what we see
  auto answer = perform(*engine, std::move(r));
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().kind, ErrorKind::transient);
}

TEST_F(CutConnectionTest, RetriesASafeRequestAfterTheCut) {
  FakeTime time;
  auto engine = make_engine(time);
  auto answer = perform(*engine, get(s.url("/cut")));
  ASSERT_TRUE(answer) << describe(answer.error());
  EXPECT_EQ(answer->body, std::string(1000, 'c'));
  EXPECT_EQ(answer->attempts, 2);
}

TEST_F(CutConnectionTest, DoesNotRetryOnceTheConsumerHasBytes) {
  FakeTime time;
  auto engine = make_engine(time);
  Request r = get(s.url("/cut"));
  std::size_t got = 0;
  r.consumer = [&got](std::string_view chunk) {
    got += chunk.size();
    return Flow::more;
  };
  std::optional<Response> done;
  ASSERT_TRUE(engine->submit(std::move(r), [&](Response resp) { done = std::move(resp); }));
  ASSERT_TRUE(engine->run());
  ASSERT_TRUE(done);
  EXPECT_EQ(done->transport, Transport::dropped);
  EXPECT_EQ(done->bytes_received, 100U);  // where a Range resume would continue
  EXPECT_EQ(got, 100U);
  EXPECT_EQ(done->attempts, 1);
}

}  // namespace
}  // namespace hf2ms::http

namespace hf2ms::http {
namespace {

// A FakeSleeper that asks `stop` to stop after `after` sleeps.
class StoppingSleeper final : public Sleeper {
 public:
  StoppingSleeper(testing::FakeClock& clock, std::stop_source& stop, std::size_t after)
      : clock_(clock), stop_(stop), after_(after) {}
  void sleep_for(std::chrono::milliseconds duration) override {
    sleeps.push_back(duration);
    clock_.advance(duration);
    if (sleeps.size() == after_) {
      stop_.request_stop();
    }
  }
  std::vector<std::chrono::milliseconds> sleeps;

 private:
  testing::FakeClock& clock_;
  std::stop_source& stop_;
  std::size_t after_;
};

TEST(EngineCancel, NothingIsSentOnceStopWasRequested) {
  TestServer s;
  std::atomic<int> calls{0};
  s.server.Get("/x", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.set_content("ok", "text/plain");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  std::stop_source stop;
  stop.request_stop();
  auto r = perform(*engine, get(s.url("/x")), stop.get_token());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::transient);
  EXPECT_EQ(r.error().message, "GET " + s.url("/x") + ": cancelled");
  EXPECT_EQ(calls.load(), 0);
}

// A 7 s Retry-After is slept in 100 ms slices, so a stop ends the wait at once.
TEST(EngineCancel, StopCutsARetryWaitShort) {
  TestServer s;
  std::atomic<int> calls{0};
  s.server.Get("/limited", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.status = 429;
    res.set_header("Retry-After", "7");
  });
  s.start();
  FakeTime time;
  std::stop_source stop;
  StoppingSleeper sleeper(time.clock, stop, 3);
  testing::ensure_curl();
  EngineOptions options;
  options.clock = &time.clock;
  options.sleeper = &sleeper;
  options.random = &time.random;
  auto created = Engine::create(std::move(options));
  ASSERT_TRUE(created);
  auto& engine = *created;
  auto r = perform(*engine, get(s.url("/limited")), stop.get_token());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "GET " + s.url("/limited") + ": cancelled");
  EXPECT_EQ(sleeper.sleeps, (std::vector<milliseconds>(3, milliseconds(100))));
  EXPECT_EQ(calls.load(), 1);
  EXPECT_TRUE(engine->is_idle());  // the transfer was dropped, not left waiting
}

TEST(EngineCancel, StopCancelsARequestInFlight) {
  TestServer s;
  s.server.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(milliseconds(2000));
    res.set_content("late", "text/plain");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(milliseconds(200));
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  auto r = perform(*engine, get(s.url("/slow")), stop.get_token());
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(r);
  EXPECT_LT(took, milliseconds(1500));
  EXPECT_TRUE(engine->is_idle());
  // The engine still works after a cancel.
  s.server.Get("/fast", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  auto next = perform(*engine, get(s.url("/fast")));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "ok");
}

}  // namespace
}  // namespace hf2ms::http
