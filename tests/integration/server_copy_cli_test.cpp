// HF→HF mirrors of Xet-backed repos copy their LFS files server-side (lfs-files/duplicate) and
// commit them by reference: the real binary against the strict simulator, which keeps LFS
// storage per repo, so a commit by reference without the duplicate would be refused (the
// hubsim tests show that refusal). When the Hub refuses the duplicate, the files are streamed.
#include "apply_cli_support.hpp"

#include <string>

namespace hf2ms::testing {
namespace {

constexpr const char* k_apply = "apply --executor local --auto-approve --parallelism 4";
constexpr const char* k_source = "acme/xet-src";
constexpr const char* k_target = "acme/xet-dst";

class ServerCopyCli : public ApplyCliTest {
 protected:
  void SetUp() override {
    ApplyCliTest::SetUp();
    seed(R"({"repos":[{"id":"acme/xet-src","xet":true,"files":[
        {"path":"model.safetensors","size":3000000,"lfs":true},
        {"path":"shards/part-{j}.bin","count":3,"size":200000,"lfs":true},
        {"path":"config.json","content":"{\"layers\": 2}\n"}]}]})");
    manifest_ = write("hf2ms.toml", std::string("version = 1\n[[mirror]]\nsource = \"hf:") +
                                        k_source + "\"\ntarget = \"hf:" + k_target + "\"\n");
  }

  // Requests of the run so far that `match`.
  template <class Match>
  std::size_t count(Match match) {
    std::size_t n = 0;
    for (const hubsim::LoggedRequest& r : sim().log().entries()) {
      n += match(r) ? 1U : 0U;
    }
    return n;
  }
  std::size_t cdn_requests() {
    return count(
        [](const hubsim::LoggedRequest& r) { return r.listener == hubsim::Listener::cdn; });
  }
  std::size_t duplicates() {
    return count([](const hubsim::LoggedRequest& r) {
      return r.method == "POST" &&
             r.path == std::string("/api/models/") + k_source + "/lfs-files/duplicate";
    });
  }

  // The target's head holds exactly the source's files.
  void expect_target_equals_source() {
    auto& store = sim().store();
    const auto src = store.resolve({hubsim::Hub::hf, hubsim::RepoType::model, k_source}, "main");
    const auto dst = store.resolve({hubsim::Hub::hf, hubsim::RepoType::model, k_target}, "main");
    ASSERT_TRUE(src && dst);
    for (const auto& [path, entry] : (*src)->files) {
      ASSERT_EQ((*dst)->files.count(path), 1U) << path;
      EXPECT_EQ((*dst)->files.at(path).sha256, entry.sha256) << path;
      EXPECT_EQ((*dst)->files.at(path).lfs, entry.lfs) << path;
    }
  }

  std::string manifest_;
};

TEST_F(ServerCopyCli, XetFilesAreCopiedServerSideAndCommittedByReference) {
  const ApplyRun planned = hf2ms("plan -f " + manifest_);
  ASSERT_EQ(planned.exit_code, 0) << planned.out << planned.err;
  std::size_t notes = 0;
  for (auto at = planned.out.find("copy (server-side)"); at != std::string::npos;
       at = planned.out.find("copy (server-side)", at + 1)) {
    ++notes;
  }
  EXPECT_EQ(notes, 4U) << planned.out;  // the four LFS files, not config.json

  sim().log().clear();
  const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + manifest_);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(duplicates(), 1U);
  // No LFS byte went through hf2ms: nothing downloaded from or uploaded to the CDN.
  EXPECT_EQ(cdn_requests(), 0U);
  expect_target_equals_source();
  EXPECT_EQ(hf2ms("plan --detailed-exitcode -f " + manifest_).exit_code, 0) << "converged";
}

TEST_F(ServerCopyCli, ARefusedDuplicateFallsBackToStreaming) {
  hubsim::FaultRule refuse;
  refuse.method = "POST";
  refuse.path_prefix = std::string("/api/models/") + k_source + "/lfs-files/duplicate";
  refuse.status = 403;
  ASSERT_TRUE(sim().faults().add_rule(refuse).has_value());
  const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + manifest_);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_GE(duplicates(), 1U);
  // The four LFS files were downloaded and uploaded instead.
  EXPECT_GE(count([](const hubsim::LoggedRequest& r) {
              return r.listener == hubsim::Listener::cdn && r.method == "PUT";
            }),
            4U);
  expect_target_equals_source();
  sim().faults().clear();
  EXPECT_EQ(hf2ms("plan --detailed-exitcode -f " + manifest_).exit_code, 0) << "converged";
}

TEST_F(ServerCopyCli, NonXetSourcesAreStreamedAsBefore) {
  seed(R"({"repos":[{"id":"acme/plain-src","files":[
        {"path":"w.bin","size":100000,"lfs":true}]}]})");
  const std::string manifest = write("plain.toml",
                                     "version = 1\n[[mirror]]\nsource = \"hf:acme/plain-src\"\n"
                                     "target = \"hf:acme/plain-dst\"\n");
  const ApplyRun planned = hf2ms("plan -f " + manifest);
  EXPECT_EQ(planned.out.find("server-side"), std::string::npos) << planned.out;
  sim().log().clear();
  const ApplyRun applied = hf2ms(std::string(k_apply) + " -f " + manifest);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(count([](const hubsim::LoggedRequest& r) {
              return r.path.find("lfs-files/duplicate") != std::string::npos;
            }),
            0U);
  // The target holds nothing of the source's until uploaded to it: the object was PUT.
  EXPECT_GE(count([](const hubsim::LoggedRequest& r) {
              return r.listener == hubsim::Listener::cdn && r.method == "PUT";
            }),
            1U);
  EXPECT_EQ(hf2ms("plan --detailed-exitcode -f " + manifest).exit_code, 0);
}

}  // namespace
}  // namespace hf2ms::testing
