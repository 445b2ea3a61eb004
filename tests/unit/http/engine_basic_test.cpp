#include "http/engine.hpp"
#include "http/error_map.hpp"
#include "test_server.hpp"
#include "util/log.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

namespace hf2ms::http {
namespace {

using testing::FakeTime;
using testing::make_engine;
using testing::TestServer;

Request request_to(Method method, std::string url) {
  Request r;
  r.method = method;
  r.url = std::move(url);
  r.idempotency = Idempotency::safe_to_retry;
  return r;
}

TEST(Engine, SendsGetHeadPostAndPut) {
  TestServer s;
  auto echo = [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Method", req.method);
    res.set_content(req.method + ":" + req.body, "text/plain");
  };
  s.server.Get("/e", echo);
  s.server.Post("/e", echo);
  s.server.Put("/e", echo);
  s.start();
  FakeTime time;
  auto engine = make_engine(time);

  auto get = perform(*engine, request_to(Method::get, s.url("/e")));
  ASSERT_TRUE(get) << describe(get.error());
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "GET:");
  EXPECT_EQ(get->headers.get("x-method"), "GET");

  auto head = perform(*engine, request_to(Method::head, s.url("/e")));
  ASSERT_TRUE(head);
  EXPECT_EQ(head->headers.get("X-Method"), "HEAD");
  EXPECT_EQ(head->body, "");

  Request post = request_to(Method::post, s.url("/e"));
  post.body = std::string(R"({"a":1})");
  post.headers.add("Content-Type", "application/json");
  auto posted = perform(*engine, std::move(post));
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->body, R"(POST:{"a":1})");

  Request put = request_to(Method::put, s.url("/e"));
  put.body = std::string(100'000, 'x');
  auto putted = perform(*engine, std::move(put));
  ASSERT_TRUE(putted);
  EXPECT_EQ(putted->body, "PUT:" + std::string(100'000, 'x'));
  EXPECT_EQ(putted->attempts, 1);
}

TEST(Engine, ReturnsHttpErrorsAsResponses) {
  TestServer s;
  s.server.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content(R"({"error":"Repository not found"})", "application/json");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  auto r = perform(*engine, request_to(Method::get, s.url("/missing")));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, R"({"error":"Repository not found"})");
  EXPECT_EQ(to_error(Method::get, *r).kind, ErrorKind::not_found);
}

// A hostile or broken hub answers a listing (or a "small" file) with an endless body: the
// collected body stops at Request::max_body with a clear error, for 2xx and error answers.
TEST(Engine, CapsCollectedBodies) {
  TestServer s;
  const std::string big(2U << 20U, 'x');
  s.server.Get("/big", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(big, "application/json");
  });
  s.server.Get("/big-error", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content(big, "application/json");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  EXPECT_EQ(Request{}.max_body, k_max_buffered_body);
  for (const char* path : {"/big", "/big-error"}) {
    Request r = request_to(Method::get, s.url(path));
    r.max_body = 1U << 20U;
    auto answer = perform(*engine, std::move(r));
    ASSERT_FALSE(answer) << path;
    EXPECT_NE(answer.error().message.find("larger than 1048576 bytes"), std::string::npos)
        << answer.error().message;
  }
  auto whole = perform(*engine, request_to(Method::get, s.url("/big")));
  ASSERT_TRUE(whole) << describe(whole.error());
  EXPECT_EQ(whole->body.size(), big.size());
}

TEST(Engine, RefusesConnectionsAsTransient) {
  FakeTime time;
  EngineOptions options;
  options.retry.max_attempts = 2;
  auto engine = make_engine(time, options);
  std::string url;
  {
    TestServer closed;  // started then stopped: nothing listens on the port any more
    closed.start();
    url = closed.url("/x");
  }
  auto r = perform(*engine, request_to(Method::get, url));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::transient);
  EXPECT_EQ(time.sleeper.sleeps.size(), 1U);
}

TEST(Engine, RespectsThePerHostConcurrencyCap) {
  TestServer s;
  std::atomic<int> current{0};
  std::atomic<int> peak{0};
  s.server.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    const int now = ++current;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    --current;
    res.set_content("ok", "text/plain");
  });
  s.start();
  FakeTime time;
  EngineOptions options;
  options.max_per_host = 3;
  auto engine = make_engine(time, options);
  int completed = 0;
  for (int i = 0; i < 12; ++i) {
    auto id = engine->submit(request_to(Method::get, s.url("/slow")), [&](Response r) {
      EXPECT_EQ(r.status, 200);
      ++completed;
    });
    ASSERT_TRUE(id);
  }
  std::size_t most_running = 0;
  while (!engine->is_idle()) {
    ASSERT_TRUE(engine->run_once(std::chrono::milliseconds(50)));
    most_running = std::max(most_running, engine->running_count());
  }
  EXPECT_EQ(completed, 12);
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 2);  // the cap is a cap, not serialisation
  EXPECT_LE(most_running, 3U);
}

// Two servers are two origins (same host, different ports), like an API host and a CDN.
class RedirectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api.server.Get("/start", [this](const httplib::Request& req, httplib::Response& res) {
      record("api", req);
      res.set_header("Set-Cookie", "session=hf_TOKEN_SHOULD_NOT_LEAK");
      res.set_redirect(cdn.url("/blob?X-Amz-Signature=SIG_SHOULD_NOT_LEAK&part=1"), 302);
    });
    api.server.Get("/relative", [this](const httplib::Request& req, httplib::Response& res) {
      record("api", req);
      res.set_redirect("/final", 307);
    });
    api.server.Get("/final", [this](const httplib::Request& req, httplib::Response& res) {
      record("api-final", req);
      res.set_content("final", "text/plain");
    });
    api.server.Post("/upload", [this](const httplib::Request& req, httplib::Response& res) {
      record("api", req);
      res.set_redirect(cdn.url("/put"), 307);
    });
    api.server.Post("/moved", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/echo", 307);
    });
    api.server.Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      record("api-echo", req);
      res.set_content("got " + req.body, "text/plain");
    });
    cdn.server.Post("/put", [this](const httplib::Request& req, httplib::Response& res) {
      record("cdn", req);
      res.set_content("got " + req.body, "text/plain");
    });
    cdn.server.Get("/blob", [this](const httplib::Request& req, httplib::Response& res) {
      record("cdn", req);
      res.set_content("bytes", "application/octet-stream");
    });
    api.start();
    cdn.start();
  }

  void record(const std::string& who, const httplib::Request& req) {
    const std::lock_guard lock(mutex);
    std::string auth = req.has_header("Authorization") ? req.get_header_value("Authorization") : "";
    seen.push_back(who + " auth=[" + auth + "] cookie=[" + req.get_header_value("Cookie") + "]");
  }

  Request with_token(const std::string& path) {
    Request r = request_to(Method::get, api.url(path));
    r.credential = Credential::bearer(api.origin(), Secret("hf_TOKEN_SHOULD_NOT_LEAK"));
    r.credential->headers.push_back({"Cookie", Secret("m_session_id=hf_TOKEN_SHOULD_NOT_LEAK")});
    return r;
  }

  TestServer api;
  TestServer cdn;
  std::mutex mutex;
  std::vector<std::string> seen;
};

TEST_F(RedirectTest, DropsCredentialsOnRedirectToAnotherOrigin) {
  FakeTime time;
  auto engine = make_engine(time);
  auto r = perform(*engine, with_token("/start"));
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "bytes");
  EXPECT_EQ(r->url.rfind(cdn.url("/blob"), 0), 0U);
  const std::lock_guard lock(mutex);
  EXPECT_EQ(seen, (std::vector<std::string>{"api auth=[Bearer hf_TOKEN_SHOULD_NOT_LEAK] "
                                            "cookie=[m_session_id=hf_TOKEN_SHOULD_NOT_LEAK]",
                                            "cdn auth=[] cookie=[]"}));
}

// doctor posts the ModelScope token in a login body; a 307 to another origin must not carry it
// there. The engine hands the 307 back and the other origin never sees a request.
TEST_F(RedirectTest, NeverResendsABodyToAnotherOrigin) {
  FakeTime time;
  auto engine = make_engine(time);
  Request r = with_token("/upload");
  r.method = Method::post;
  r.body = std::string("{\"AccessToken\":\"ms_TOKEN_SHOULD_NOT_LEAK\"}");
  auto answer = perform(*engine, std::move(r));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 307);
  EXPECT_EQ(answer->body.find("ms_TOKEN_SHOULD_NOT_LEAK"), std::string::npos);
  const std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].rfind("api ", 0), 0U);
}

TEST_F(RedirectTest, ResendsThePostBodyOnSameOrigin307) {
  FakeTime time;
  auto engine = make_engine(time);
  Request r = with_token("/moved");
  r.method = Method::post;
  r.body = std::string("payload");
  auto answer = perform(*engine, std::move(r));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->body, "got payload");
  const std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].rfind("api-echo auth=[Bearer hf_TOKEN_SHOULD_NOT_LEAK]", 0), 0U);
}

TEST_F(RedirectTest, KeepsCredentialsOnSameOriginRedirect) {
  FakeTime time;
  auto engine = make_engine(time);
  auto r = perform(*engine, with_token("/relative"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "final");
  const std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[1].rfind("api-final auth=[Bearer hf_TOKEN_SHOULD_NOT_LEAK]", 0), 0U);
}

TEST_F(RedirectTest, CanHandRedirectsBack) {
  FakeTime time;
  auto engine = make_engine(time);
  Request r = with_token("/start");
  r.redirects = Redirects::return_them;
  auto answer = perform(*engine, std::move(r));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 302);
  EXPECT_TRUE(answer->headers.get("Location").has_value());
}

TEST_F(RedirectTest, DebugLogNeverShowsTheTokenOrSignature) {
  FakeTime time;
  auto engine = make_engine(time);
  const log::Level saved = log::level();
  log::set_level(log::Level::debug);
  ::testing::internal::CaptureStderr();
  auto r = perform(*engine, with_token("/start"));
  const std::string err = ::testing::internal::GetCapturedStderr();
  log::set_level(saved);
  ASSERT_TRUE(r);
  EXPECT_EQ(err.find("hf_TOKEN_SHOULD_NOT_LEAK"), std::string::npos) << err;
  EXPECT_EQ(err.find("SIG_SHOULD_NOT_LEAK"), std::string::npos) << err;
  EXPECT_NE(err.find("GET " + api.url("/start") + " -> 302 ("), std::string::npos) << err;
  EXPECT_NE(err.find("X-Amz-Signature=***&part=1 -> 200 ("), std::string::npos) << err;
  EXPECT_NE(err.find("> Authorization: ***"), std::string::npos) << err;
  EXPECT_NE(err.find("< Set-Cookie: ***"), std::string::npos) << err;
}

}  // namespace
}  // namespace hf2ms::http
