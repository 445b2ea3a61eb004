// The clients survive what real networks and rate limits do (simulator fault injection):
// 429 storms with Retry-After, 5xx bursts, and an HF multipart upload whose parts run
// concurrently on the engine, one of them failing mid-request and retried on its own.
#include "hashing/hashing.hpp"
#include "hub_sim_env.hpp"

#include <gtest/gtest.h>

#include <map>

namespace hf2ms::hub {
namespace {

using manifest::RepoType;
using testing::HubSimTest;

class HubFaults : public HubSimTest {};

hubsim::FaultRule rule(hubsim::Listener listener, int status, std::int64_t times) {
  hubsim::FaultRule r;
  r.listener = listener;
  r.status = status;
  r.times = times;
  return r;
}

TEST_F(HubFaults, SurvivesA429StormWithRetryAfter) {
  seed(
      R"({"repos":[{"hub":"hf","type":"model","id":"acme/storm","files":[{"path":"a","content":"a"}]}]})");
  auto storm = rule(hubsim::Listener::hf, 429, 2);
  storm.retry_after_s = 1;
  ASSERT_TRUE(sim().faults().add_rule(storm).has_value());
  auto files = hf()->list_files({manifest::Hub::hf, RepoType::model, "acme/storm"}, "main");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  EXPECT_EQ(files->size(), 1U);
  EXPECT_EQ(sim().log().entries().size(), 3U);  // two refusals, then the answer
}

TEST_F(HubFaults, SurvivesA5xxBurstOnBothHubs) {
  seed(
      R"({"repos":[{"hub":"ms","type":"model","id":"acme/burst","files":[{"path":"a","content":"a"}]},
                    {"hub":"hf","type":"dataset","id":"acme/burst","files":[{"path":"b","content":"b"}]}]})");
  ASSERT_TRUE(sim().faults().add_rule(rule(hubsim::Listener::ms, 503, 3)).has_value());
  ASSERT_TRUE(sim().faults().add_rule(rule(hubsim::Listener::hf, 502, 3)).has_value());
  auto ms_info = ms()->repo_info({manifest::Hub::ms, RepoType::model, "acme/burst"}, "master");
  ASSERT_TRUE(ms_info.has_value()) << ms_info.error().message;
  EXPECT_TRUE(ms_info->has_value());
  auto hf_files = hf()->list_files({manifest::Hub::hf, RepoType::dataset, "acme/burst"}, "main");
  ASSERT_TRUE(hf_files.has_value()) << hf_files.error().message;
  EXPECT_EQ(hf_files->size(), 1U);
}

TEST_F(HubFaults, ACommitRefusedFor429IsSentAgain) {
  const RepoKey key{manifest::Hub::ms, RepoType::model, "user/ms-commit-429"};
  ASSERT_TRUE(ms()->create_repo(key, {}).has_value());
  auto limited = rule(hubsim::Listener::ms, 429, 1);
  limited.method = "POST";
  limited.path_regex = ".*/commit/.*";
  limited.retry_after_s = 1;
  ASSERT_TRUE(sim().faults().add_rule(limited).has_value());
  CommitSpec spec{"master", "m", {{"a.txt", 1, "", Storage::inline_, "a"}}, {}, std::nullopt};
  auto committed = ms()->commit(key, spec);
  ASSERT_TRUE(committed.has_value()) << committed.error().message;
  EXPECT_EQ(committed->commit_oids.size(), 1U);
}

// Submits every part to the engine at once (as the transfer engine does) and collects ETags.
std::vector<std::string> upload_parts_concurrently(http::Engine& engine, const BlobUpload& upload,
                                                   const std::string& bytes) {
  std::vector<std::string> etags(upload.parts.size());
  for (std::size_t i = 0; i < upload.parts.size(); ++i) {
    const UploadPart& part = upload.parts[i];
    http::Request request =
        with_body(part, string_producer(bytes.substr(part.offset, part.length)));
    request.timeouts.total = std::chrono::milliseconds(1500);
    auto id = engine.submit(std::move(request), [&etags, i](http::Response response) {
      auto etag = part_etag(response);
      etags[i] = etag ? *etag : "";
    });
    EXPECT_TRUE(id.has_value());
  }
  EXPECT_TRUE(engine.run().has_value());
  return etags;
}

TEST_F(HubFaults, MultipartPartsRunInParallelAndAFailedPartIsRetriedAlone) {
  const RepoKey key{manifest::Hub::hf, RepoType::model, "user/multipart-faults"};
  auto client = hf();
  ASSERT_TRUE(client->create_repo(key, {}).has_value());
  std::string bytes(150'000, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(i % 253);
  }
  const BlobSpec blob{hashing::sha256_hex(bytes), bytes.size()};
  auto uploads = client->plan_uploads(key, "main", std::vector<BlobSpec>{blob});
  ASSERT_TRUE(uploads.has_value()) << uploads.error().message;
  ASSERT_EQ(uploads->size(), 1U);
  const BlobUpload& upload = uploads->front();
  ASSERT_EQ(upload.parts.size(), 5U);  // 32 KiB parts
  ASSERT_TRUE(upload.completion_url.has_value());

  // Part 2 hangs past its time limit once (the attempt is cut by the client), part 4 gets a
  // 503 once: each must be retried on its own, the others sent once.
  const std::string part2 = http::parse_url(upload.parts[1].request.url)->path;
  const std::string part4 = http::parse_url(upload.parts[3].request.url)->path;
  hubsim::FaultRule slow;
  slow.listener = hubsim::Listener::cdn;
  slow.method = "PUT";
  slow.path_prefix = part2;
  slow.latency_ms = 3000;
  slow.times = 1;
  auto failed = rule(hubsim::Listener::cdn, 503, 1);
  failed.method = "PUT";
  failed.path_prefix = part4;
  ASSERT_TRUE(sim().faults().add_rule(slow).has_value());
  ASSERT_TRUE(sim().faults().add_rule(failed).has_value());

  std::vector<std::string> etags = upload_parts_concurrently(engine(), upload, bytes);
  for (const std::string& etag : etags) {
    EXPECT_FALSE(etag.empty());
  }
  std::map<std::string, int> puts;
  for (const auto& entry : sim().log().entries()) {
    if (entry.method == "PUT") {
      ++puts[entry.path];
    }
  }
  EXPECT_EQ(puts[part2], 2);
  EXPECT_EQ(puts[part4], 2);
  EXPECT_EQ(puts[http::parse_url(upload.parts[0].request.url)->path], 1);

  auto completed = performer().perform(completion_request(upload, etags));
  ASSERT_TRUE(completed.has_value());
  EXPECT_FALSE(upload_failure(*completed).has_value()) << completed->body;
  CommitSpec spec{
      "main", "big", {{"big.bin", bytes.size(), blob.sha256, Storage::lfs, ""}}, {}, std::nullopt};
  ASSERT_TRUE(client->commit(key, spec).has_value());
  EXPECT_EQ(client->fetch_small_file(key, "main", "big.bin").value_or(""), bytes);
}

}  // namespace
}  // namespace hf2ms::hub
