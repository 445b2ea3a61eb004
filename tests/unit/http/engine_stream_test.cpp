#include "http/engine.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace hf2ms::http {
namespace {

using testing::FakeTime;
using testing::make_engine;
using testing::pattern_byte;
using testing::TestServer;

constexpr std::size_t k_download_size = 8U << 20U;
constexpr std::size_t k_buffer_cap = 256U << 10U;

// A bounded buffer between the engine's thread (consumer callback) and a drain thread, which
// plays the disk writer: the consumer pauses when the buffer would overflow, the drainer
// empties it and resumes the transfer.
struct BoundedSink {
  std::mutex mutex;
  std::condition_variable wake;
  std::string buffer;
  std::size_t peak = 0;
  std::size_t pauses = 0;
  std::uint64_t verified = 0;
  std::uint64_t mismatches = 0;
  bool paused = false;
  bool finished = false;

  Flow offer(std::string_view chunk) {
    const std::lock_guard lock(mutex);
    if (buffer.size() + chunk.size() > k_buffer_cap) {
      paused = true;
      ++pauses;
      wake.notify_one();
      return Flow::pause;
    }
    buffer.append(chunk);
    peak = std::max(peak, buffer.size());
    return Flow::more;
  }

  // Drain thread body: waits for a pause (or the end), checks and drops the bytes, resumes.
  void drain(Engine& engine, const TransferId& id) {
    std::unique_lock lock(mutex);
    while (true) {
      wake.wait(lock, [&] { return paused || finished; });
      check_and_clear();
      if (finished) {
        return;
      }
      paused = false;
      lock.unlock();
      engine.resume(id);
      lock.lock();
    }
  }

  void check_and_clear() {
    for (const char c : buffer) {
      mismatches += c != pattern_byte(verified) ? 1U : 0U;
      ++verified;
    }
    buffer.clear();
  }
};

TEST(EngineStreaming, DownloadsWithPauseResumeThroughABoundedBuffer) {
  TestServer s;
  s.server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(k_download_size, "application/octet-stream",
                             [](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                               std::string piece(std::min<std::size_t>(length, 64U << 10U), '\0');
                               for (std::size_t i = 0; i < piece.size(); ++i) {
                                 piece[i] = pattern_byte(offset + i);
                               }
                               return sink.write(piece.data(), piece.size());
                             });
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  BoundedSink sink;
  Request r;
  r.url = s.url("/big");
  r.idempotency = Idempotency::safe_to_retry;
  r.consumer = [&sink](std::string_view chunk) { return sink.offer(chunk); };
  std::optional<Response> done;
  TransferId id = 0;
  id = engine->submit(std::move(r), [&](Response resp) { done = std::move(resp); }).value();
  std::thread drainer([&] { sink.drain(*engine, id); });
  ASSERT_TRUE(engine->run());
  {
    const std::lock_guard lock(sink.mutex);
    sink.finished = true;
  }
  sink.wake.notify_one();
  drainer.join();

  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200);
  EXPECT_EQ(done->bytes_received, k_download_size);
  EXPECT_TRUE(done->body.empty());  // streamed, never buffered whole
  EXPECT_EQ(sink.verified, k_download_size);
  EXPECT_EQ(sink.mismatches, 0U);
  EXPECT_GT(sink.pauses, 0U);
  EXPECT_LE(sink.peak, k_buffer_cap);
}

// Produces `total` pattern bytes; pauses on every 40th call and asks for its own resume
// right away (the "resume arrives before the pause is seen" race is handled by the engine).
struct PatternProducer {
  std::uint64_t total = 0;
  std::uint64_t offset = 0;
  int calls = 0;
  int pauses = 0;
  Engine* engine = nullptr;
  const TransferId* id = nullptr;

  BodyProducer::Chunk produce(std::span<char> buffer) {
    if (++calls % 40 == 0) {
      ++pauses;
      engine->resume(*id);
      return {0, Flow::pause};
    }
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), total - offset));
    for (std::size_t i = 0; i < n; ++i) {
      buffer[i] = pattern_byte(offset + i);
    }
    offset += n;
    return {n, Flow::more};
  }
};

TEST(EngineStreaming, UploadsALargeBodyFromAProducer) {
  constexpr std::uint64_t k_size = 64ULL << 20U;
  TestServer s;
  s.server.Put("/upload", [](const httplib::Request& req, httplib::Response& res,
                             const httplib::ContentReader& reader) {
    std::uint64_t received = 0;
    std::uint64_t bad = 0;
    reader([&](const char* data, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i) {
        bad += data[i] != pattern_byte(received + i) ? 1U : 0U;
      }
      received += n;
      return true;
    });
    res.set_content(req.get_header_value("Content-Length") + " " + std::to_string(received) + " " +
                        std::to_string(bad),
                    "text/plain");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  PatternProducer source{k_size};
  TransferId id = 0;
  source.engine = engine.get();
  source.id = &id;
  Request r;
  r.method = Method::put;
  r.url = s.url("/upload");
  r.idempotency = Idempotency::safe_to_retry;
  r.body = BodyProducer{k_size, [&source](std::span<char> b) { return source.produce(b); },
                        [&source] {
                          source.offset = 0;
                          return true;
                        }};
  std::optional<Response> done;
  id = engine->submit(std::move(r), [&](Response resp) { done = std::move(resp); }).value();
  ASSERT_TRUE(engine->run());
  ASSERT_TRUE(done);
  EXPECT_EQ(done->transport, Transport::none) << done->transport_message;
  EXPECT_EQ(done->status, 200);
  const std::string size = std::to_string(k_size);
  EXPECT_EQ(done->body, size + " " + size + " 0");
  EXPECT_GT(source.pauses, 0);
}

TEST(EngineStreaming, ConsumerAbortStopsTheTransfer) {
  TestServer s;
  s.server.Get("/data", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(100'000, 'd'), "application/octet-stream");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  Request r;
  r.url = s.url("/data");
  r.idempotency = Idempotency::safe_to_retry;
  r.consumer = [](std::string_view) { return Flow::abort; };
  auto result = perform(*engine, std::move(r));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::io);
  EXPECT_TRUE(time.sleeper.sleeps.empty());  // our own abort is never retried
}

TEST(EngineStreaming, AcceptHeadSeesTheHeadOncePerAttemptBeforeAnyByte) {
  TestServer s;
  // A 206 with a range of its own (no Range is sent: cpp-httplib would answer one itself).
  s.server.Get("/part", [](const httplib::Request&, httplib::Response& res) {
    res.status = 206;
    res.set_header("Content-Range", "bytes 0-9/100");
    res.set_content(std::string(10, 'p'), "application/octet-stream");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  Request r;
  r.url = s.url("/part");
  r.idempotency = Idempotency::safe_to_retry;
  int heads = 0;
  std::string seen_range;
  std::uint64_t consumed = 0;
  r.accept_head = [&](int status, const Headers& headers) {
    ++heads;
    seen_range = std::to_string(status) + " " + headers.get("Content-Range").value_or("");
    return false;
  };
  r.consumer = [&](std::string_view chunk) {
    consumed += chunk.size();
    return Flow::more;
  };
  auto result = perform(*engine, std::move(r));
  ASSERT_FALSE(result);
  EXPECT_EQ(heads, 1);
  EXPECT_EQ(seen_range, "206 bytes 0-9/100");
  EXPECT_EQ(consumed, 0U);  // no byte of a refused answer reaches the consumer
  EXPECT_TRUE(time.sleeper.sleeps.empty());
}

TEST(EngineStreaming, AnAcceptedHeadLetsTheBodyThrough) {
  TestServer s;
  s.server.Get("/data", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(100'000, 'd'), "application/octet-stream");
  });
  s.start();
  FakeTime time;
  auto engine = make_engine(time);
  Request r;
  r.url = s.url("/data");
  r.idempotency = Idempotency::safe_to_retry;
  int heads = 0;
  std::uint64_t consumed = 0;
  r.accept_head = [&](int status, const Headers&) {
    ++heads;
    return status == 200;
  };
  r.consumer = [&](std::string_view chunk) {
    consumed += chunk.size();
    return Flow::more;
  };
  auto result = perform(*engine, std::move(r));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(heads, 1);
  EXPECT_EQ(consumed, 100'000U);
}

}  // namespace
}  // namespace hf2ms::http
