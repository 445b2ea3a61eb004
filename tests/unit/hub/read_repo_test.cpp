// HubReader::read_repo of both clients against scripted answers: how many requests a repo
// read costs and when each client falls back to the longer way (docs/hubs.md "Requests per
// repo read"). The simulator integration tests cover the same exchanges on the wire.
#include "hub/hf_client.hpp"
#include "hub/hf_json.hpp"
#include "hub/hf_requests.hpp"
#include "hub/ms_client.hpp"
#include "scripted_performer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hf2ms::hub {
namespace {

using nlohmann::json;
using testing::answer;
using testing::ScriptedPerformer;

const RepoKey k_hf_model{manifest::Hub::hf, manifest::RepoType::model, "acme/m"};
const RepoKey k_ms_model{manifest::Hub::ms, manifest::RepoType::model, "acme/m"};
const std::string k_sha(40, 'c');

json sibling(const std::string& path, bool lfs) {
  json s{{"rfilename", path}, {"size", 10}, {"blobId", std::string(40, 'b')}};
  if (lfs) {
    s["size"] = 4096;
    s["lfs"] = {{"sha256", std::string(64, 'e')}, {"size", 4096}, {"pointerSize", 132}};
  }
  return s;
}

std::string revision_info(const json& siblings) {
  return json{{"_id", "x"},        {"id", "acme/m"}, {"private", true},
              {"gated", "manual"}, {"sha", k_sha},   {"siblings", siblings}}
      .dump();
}

std::string tree_page() {
  return R"([{"type":"file","oid":")" + std::string(40, 'd') +
         R"(","size":3,"path":"only.txt"},{"type":"directory","oid":"x","size":0,"path":"d"}])";
}

TEST(HfReadRepo, OneRequestWhenTheSiblingsListEveryFile) {
  ScriptedPerformer hub([](const http::Request&) {
    return answer(
        200,
        revision_info(json::array({sibling("w.safetensors", true), sibling("README.md", false)})));
  });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  auto read = (*client)->read_repo(k_hf_model, "main", Privacy::needed);
  ASSERT_TRUE(read.has_value() && read->has_value()) << read.error().message;
  ASSERT_EQ(hub.urls(),
            std::vector<std::string>{"https://hf.test/api/models/acme/m/revision/main?blobs=true"});
  const RepoListing& r = **read;
  EXPECT_EQ(r.info.head_commit, k_sha);
  EXPECT_TRUE(r.info.is_private);
  EXPECT_EQ(r.info.gated, Gated::manual_approval);
  ASSERT_EQ(r.files.size(), 2U);
  EXPECT_EQ(r.files[0].path, "README.md");  // sorted
  EXPECT_FALSE(r.files[0].lfs);
  EXPECT_EQ(r.files[0].git_oid, std::string(40, 'b'));
  EXPECT_FALSE(r.files[0].sha256);
  EXPECT_TRUE(r.files[1].lfs);
  EXPECT_EQ(r.files[1].sha256, std::string(64, 'e'));  // siblings call it sha256 (§4.3)
  EXPECT_EQ(r.files[1].size, 4096U);
}

TEST(HfReadRepo, ListsTheTreeAtThePinnedCommitWhenTheSiblingsMayBeCut) {
  for (const std::size_t count : {std::size_t{0}, k_hf_siblings_trusted}) {
    ScriptedPerformer hub([count](const http::Request& r) {
      if (r.url.find("/tree/") != std::string::npos) {
        return answer(200, tree_page());
      }
      json siblings = json::array();
      for (std::size_t i = 0; i < count; ++i) {
        siblings.push_back(sibling("f" + std::to_string(i), false));
      }
      return answer(200, revision_info(siblings));
    });
    auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
    auto read = (*client)->read_repo(k_hf_model, "main", Privacy::needed);
    ASSERT_TRUE(read.has_value() && read->has_value()) << read.error().message;
    ASSERT_EQ(hub.urls().size(), 2U) << count;
    EXPECT_EQ(hub.urls()[1],
              "https://hf.test/api/models/acme/m/tree/" + k_sha + "?recursive=true&expand=false");
    ASSERT_EQ((*read)->files.size(), 1U);
    EXPECT_EQ((*read)->files[0].path, "only.txt");
  }
}

TEST(HfReadRepo, ASiblingWithoutItsBlobIdSendsTheReadToTheTree) {
  ScriptedPerformer hub([](const http::Request& r) {
    if (r.url.find("/tree/") != std::string::npos) {
      return answer(200, tree_page());
    }
    return answer(200, revision_info(json::array({{{"rfilename", "a"}}})));
  });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  auto read = (*client)->read_repo(k_hf_model, "main", Privacy::needed);
  ASSERT_TRUE(read.has_value() && read->has_value());
  EXPECT_EQ(hub.urls().size(), 2U);
  EXPECT_EQ((*read)->files[0].path, "only.txt");
}

TEST(HfReadRepo, AnAnswerTooLargeToReadIsReplacedByTheHeadAndTheTree) {
  ScriptedPerformer hub([](const http::Request& r) {
    if (r.url.find("blobs=true") != std::string::npos) {
      EXPECT_EQ(r.max_body, k_hf_repo_files_max_body);
      http::Response cut = answer(200, "");
      cut.transport = http::Transport::aborted;  // what the HTTP layer returns past max_body
      return cut;
    }
    if (r.url.find("/tree/") != std::string::npos) {
      return answer(200, tree_page());
    }
    return answer(200, json{{"_id", "x"}, {"id", "acme/m"}, {"sha", k_sha}}.dump());
  });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  auto read = (*client)->read_repo(k_hf_model, "main", Privacy::needed);
  ASSERT_TRUE(read.has_value() && read->has_value()) << read.error().message;
  ASSERT_EQ(hub.urls().size(), 3U);
  EXPECT_EQ(
      hub.urls()[1],
      "https://hf.test/api/models/acme/m/revision/main?expand=sha&expand=private&expand=gated");
  EXPECT_EQ((*read)->info.head_commit, k_sha);
  EXPECT_EQ((*read)->files.size(), 1U);
}

TEST(HfReadRepo, MissingRepoIsNulloptAfterOneRequestAndAnUnsafePathIsRefused) {
  ScriptedPerformer missing([](const http::Request&) {
    http::Response r = answer(404, R"({"error":"Repository not found"})");
    r.headers.add("X-Error-Code", "RepoNotFound");
    return r;
  });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), missing);
  auto read = (*client)->read_repo(k_hf_model, "main", Privacy::needed);
  ASSERT_TRUE(read.has_value());
  EXPECT_FALSE(read->has_value());
  EXPECT_EQ(missing.urls().size(), 1U);

  ScriptedPerformer hostile([](const http::Request&) {
    return answer(200, revision_info(json::array({sibling("../escape", false)})));
  });
  auto bad = HfClient::create("https://hf.test", Secret("hf_t"), hostile);
  auto refused = (*bad)->read_repo(k_hf_model, "main", Privacy::needed);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, ErrorKind::invalid_input);
}

// A ModelScope hub with one model "acme/m" (private) whose master head is `k_sha`.
http::Response ms_hub(const http::Request& r, bool exists) {
  const auto not_found = [] {
    return answer(404, R"({"Code":10010101002,"Message":"model not found","Success":false})");
  };
  if (!exists) {
    return not_found();
  }
  if (r.url.find("/commits?Ref=master&") != std::string::npos) {
    return answer(200, R"({"Code":200,"Success":true,"Data":{"Commit":[{"Id":")" + k_sha +
                           R"(","Title":"t"}]}})");
  }
  if (r.url.find("/commits?") != std::string::npos) {
    return answer(404, R"({"Code":404,"Message":"revision not found","Success":false})");
  }
  if (r.url.find("/repo/files?") != std::string::npos) {
    return answer(200, R"({"Code":200,"Success":true,"Data":{"Files":[{"Path":"a.txt",)"
                       R"("Type":"blob","Size":1,"Sha256":")" +
                           std::string(64, 'a') + R"(","IsLFS":false}]}})");
  }
  return answer(200,
                R"({"Code":200,"Success":true,"Data":{"Path":"acme","Name":"m","Visibility":1}})");
}

std::vector<std::string> routes(const ScriptedPerformer& hub) {
  std::vector<std::string> out;
  for (const std::string& url : hub.urls()) {
    const auto path = url.substr(0, url.find('?'));
    out.push_back(path.substr(path.rfind('/') + 1));
  }
  return out;
}

TEST(MsReadRepo, TwoRequestsHeadThenListingAndTheInfoOnlyWhenPrivacyIsNeeded) {
  ScriptedPerformer hub([](const http::Request& r) { return ms_hub(r, true); });
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub);
  auto read = (*client)->read_repo(k_ms_model, "master", Privacy::not_needed);
  ASSERT_TRUE(read.has_value() && read->has_value()) << read.error().message;
  EXPECT_EQ(routes(hub), (std::vector<std::string>{"commits", "files"}));
  EXPECT_EQ((*read)->info.head_commit, k_sha);
  EXPECT_EQ((*read)->info.default_branch, "master");
  ASSERT_EQ((*read)->files.size(), 1U);
  EXPECT_EQ((*read)->files[0].sha256, std::string(64, 'a'));

  ScriptedPerformer again([](const http::Request& r) { return ms_hub(r, true); });
  auto second = MsClient::create("https://ms.test", Secret("ms"), again);
  auto with_privacy = (*second)->read_repo(k_ms_model, "master", Privacy::needed);
  ASSERT_TRUE(with_privacy.has_value() && with_privacy->has_value());
  EXPECT_EQ(routes(again), (std::vector<std::string>{"m", "commits", "files"}));
  EXPECT_TRUE((*with_privacy)->info.is_private);
  EXPECT_EQ((*with_privacy)->info.head_commit, k_sha);
}

TEST(MsReadRepo, A404IsAMissingRepoOnlyWhenTheRepoInfoSaysSo) {
  ScriptedPerformer missing([](const http::Request& r) { return ms_hub(r, false); });
  auto client = MsClient::create("https://ms.test", Secret("ms"), missing);
  auto read = (*client)->read_repo(k_ms_model, "master", Privacy::not_needed);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_FALSE(read->has_value());
  EXPECT_EQ(routes(missing), (std::vector<std::string>{"commits", "m"}));

  ScriptedPerformer branchless([](const http::Request& r) { return ms_hub(r, true); });
  auto other = MsClient::create("https://ms.test", Secret("ms"), branchless);
  auto no_branch = (*other)->read_repo(k_ms_model, "release", Privacy::not_needed);
  ASSERT_FALSE(no_branch.has_value());
  EXPECT_EQ(no_branch.error().kind, ErrorKind::not_found);
  EXPECT_EQ(routes(branchless), (std::vector<std::string>{"commits", "m"}));
}

}  // namespace
}  // namespace hf2ms::hub
