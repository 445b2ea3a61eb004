// Where the tokens went: a full read/write/download round on both hubs, then the
// simulator's request log must show each token only at its own hub's API address (never at
// the other hub, never on the CDN listener, uploads included), and the `-v` log output must
// carry no token.
#include "hashing/hashing.hpp"
#include "hub_sim_env.hpp"
#include "util/log.hpp"

#include <gtest/gtest.h>

namespace hf2ms::hub {
namespace {

using manifest::RepoType;
using testing::HubSimTest;
using testing::k_hf_token;
using testing::k_ms_token;

class HubSecurity : public HubSimTest {
 protected:
  // Reads, uploads (HF multipart + basic, ModelScope blob PUT), commits and downloads through
  // the CDN redirects on both hubs.
  void round_trip(const std::string& suffix) {
    seed(R"({"repos":[{"hub":"hf","type":"model","id":"acme/sec-src)" + suffix +
         R"(","files":[{"path":"w.bin","size":90000,"lfs":true},{"path":"a.txt","content":"a"}]},
         {"hub":"ms","type":"model","id":"acme/sec-src)" +
         suffix + R"(","files":[{"path":"w.bin","size":90000,"lfs":true}]}]})");
    auto h = hf();
    auto m = ms();
    const RepoKey hf_src{manifest::Hub::hf, RepoType::model, "acme/sec-src" + suffix};
    const RepoKey ms_src{manifest::Hub::ms, RepoType::model, "acme/sec-src" + suffix};
    ASSERT_TRUE(h->whoami().has_value());
    ASSERT_TRUE(m->whoami().has_value());
    ASSERT_TRUE(h->list_files(hf_src, "main").has_value());
    ASSERT_TRUE(m->list_files(ms_src, "master").has_value());
    ASSERT_TRUE(h->fetch_small_file(hf_src, "main", "w.bin").has_value());
    ASSERT_TRUE(m->fetch_small_file(ms_src, "master", "w.bin").has_value());
    for (auto* writer : {static_cast<HubWriter*>(h.get()), static_cast<HubWriter*>(m.get())}) {
      const bool is_hf = writer == h.get();
      // Content new to the shared store on each hub and each run, so every upload is needed.
      std::string payload = (is_hf ? "hf" : "ms") + suffix;
      payload.resize(100'000, 'p');
      const BlobSpec blob{hashing::sha256_hex(payload), payload.size()};
      const auto source = [&](std::uint64_t o, std::uint64_t n) {
        return string_producer(payload.substr(o, n));
      };
      const RepoKey dst{is_hf ? manifest::Hub::hf : manifest::Hub::ms, RepoType::model,
                        "user/sec-dst" + suffix};
      ASSERT_TRUE(writer->create_repo(dst, {}).has_value());
      auto uploads =
          writer->plan_uploads(dst, is_hf ? "main" : "master", std::vector<BlobSpec>{blob});
      ASSERT_TRUE(uploads.has_value()) << uploads.error().message;
      ASSERT_EQ(uploads->size(), 1U);
      for (const BlobUpload& u : *uploads) {
        auto done = run_upload(performer(), u, source);
        ASSERT_TRUE(done.has_value()) << done.error().message;
      }
      CommitSpec spec{is_hf ? "main" : "master", "m", {}, {}, std::nullopt};
      spec.adds.push_back({"p.bin", payload.size(), blob.sha256, Storage::lfs, ""});
      auto committed = writer->commit(dst, spec);
      ASSERT_TRUE(committed.has_value()) << committed.error().message;
    }
  }

  static bool carries(const hubsim::LoggedRequest& entry, std::string_view token) {
    for (const auto& [name, value] : entry.headers) {
      if (value.find(token) != std::string::npos) {
        return true;
      }
    }
    return entry.query.find(token) != std::string::npos;
  }

  static bool is_ms_blob_put(const hubsim::LoggedRequest& entry) {
    return entry.method == "PUT" && entry.path.starts_with("/api/v1/repos/") &&
           entry.path.find("/blobs/") != std::string::npos;
  }
};

TEST_F(HubSecurity, EachTokenReachesOnlyItsOwnHubsApiAddress) {
  round_trip("-log");
  std::size_t hf_api = 0;
  std::size_t ms_api = 0;
  std::size_t cdn_requests = 0;
  std::size_t ms_blob_puts = 0;
  for (const auto& entry : sim().log().entries()) {
    const std::string where =
        std::string(hubsim::to_string(entry.listener)) + " " + entry.method + " " + entry.path;
    if (entry.listener == hubsim::Listener::cdn) {
      ++cdn_requests;
      EXPECT_FALSE(carries(entry, k_hf_token) || carries(entry, k_ms_token))
          << "a token reached the CDN listener: " << where;
      EXPECT_FALSE(is_ms_blob_put(entry)) << "ModelScope upload sent to the CDN: " << where;
    }
    if (carries(entry, k_hf_token)) {
      EXPECT_EQ(entry.listener, hubsim::Listener::hf) << "HF token sent to " << where;
      ++hf_api;
    }
    if (carries(entry, k_ms_token)) {
      EXPECT_EQ(entry.listener, hubsim::Listener::ms) << "ModelScope token sent to " << where;
      ++ms_api;
      ms_blob_puts += is_ms_blob_put(entry) ? 1U : 0U;
    }
  }
  EXPECT_GT(hf_api, 5U);
  EXPECT_GT(ms_api, 5U);
  EXPECT_GE(ms_blob_puts, 1U) << "the ModelScope blob PUT must reach the API address with auth";
  EXPECT_GT(cdn_requests, 5U) << "the round must have crossed to the CDN address";
}

TEST_F(HubSecurity, VerboseLogsCarryNoToken) {
  const log::Level before = log::level();
  log::set_level(log::Level::debug);
  ::testing::internal::CaptureStderr();
  round_trip("-verbose");
  const std::string output = ::testing::internal::GetCapturedStderr();
  log::set_level(before);
  EXPECT_NE(output.find("GET "), std::string::npos) << "debug logging produced no request lines";
  EXPECT_EQ(output.find(k_hf_token), std::string::npos);
  EXPECT_EQ(output.find(k_ms_token), std::string::npos);
  EXPECT_EQ(output.find("m_session_id=ms"), std::string::npos);
}

}  // namespace
}  // namespace hf2ms::hub
