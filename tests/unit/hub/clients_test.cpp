// HfClient and MsClient logic against scripted answers: pagination, the ModelScope 3000
// re-walk, commit splitting and retry, error mapping. The wire shapes come from the protocol
// notes; the simulator integration tests (tests/integration/hub_*) cover the real exchange.
#include "hub/backoff.hpp"
#include "hub/hf_client.hpp"
#include "hub/hf_requests.hpp"
#include "hub/ms_client.hpp"
#include "scripted_performer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace hf2ms::hub {
namespace {

using testing::answer;
using testing::ScriptedPerformer;

const RepoKey k_hf_model{manifest::Hub::hf, manifest::RepoType::model, "acme/m"};
const RepoKey k_ms_model{manifest::Hub::ms, manifest::RepoType::model, "acme/m"};
const RepoKey k_ms_dataset{manifest::Hub::ms, manifest::RepoType::dataset, "acme/d"};

std::string tree_entry(const std::string& path) {
  return R"({"type":"file","oid":"0000000000000000000000000000000000000001","size":1,"path":")" +
         path + "\"}";
}

TEST(HfClient, FollowsEveryLinkPageOfTheTree) {
  ScriptedPerformer hub([](const http::Request& r) {
    http::Response page = answer(200, "[" + tree_entry("c") + "]");
    if (r.url.find("cursor=2") != std::string::npos) {
      page.body = "[" + tree_entry("a") + "]";
      page.headers.add("Link", "<https://hf.test/api/models/acme/m/tree/x?cursor=3>; rel=\"next\"");
    } else if (r.url.find("cursor=3") != std::string::npos) {
      page.body = "[" + tree_entry("b/d") + "]";
    } else {
      page.headers.add("Link", "<https://hf.test/api/models/acme/m/tree/x?cursor=2>; rel=\"next\"");
    }
    return page;
  });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  ASSERT_TRUE(client.has_value());
  auto files = (*client)->list_files(k_hf_model, "x");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  ASSERT_EQ(files->size(), 3U);
  EXPECT_EQ((*files)[0].path, "a");
  EXPECT_EQ((*files)[1].path, "b/d");
  EXPECT_EQ(hub.urls().size(), 3U);
}

TEST(HfClient, RepeatingCursorIsAnErrorNotALoop) {
  ScriptedPerformer hub([](const http::Request&) {
    http::Response page = answer(200, "[]");
    page.headers.add("Link", "<https://hf.test/again>; rel=\"next\"");
    return page;
  });
  auto client = HfClient::create("https://hf.test", std::nullopt, hub);
  auto files = (*client)->list_files(k_hf_model, "x");
  ASSERT_FALSE(files.has_value());
  EXPECT_EQ(hub.urls().size(), 2U);
}

// A listing page whose Link points at another origin would let that origin write our view of
// the repo (and take the next request); the walk stops there with an error.
TEST(HfClient, NextPageOnAnotherOriginIsRefused) {
  ScriptedPerformer hub([](const http::Request&) {
    http::Response page = answer(200, "[" + tree_entry("a") + "]");
    page.headers.add(
        "Link", "<https://evil.example/api/models/acme/m/tree/x?cursor=2&sig=S>; rel=\"next\"");
    return page;
  });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  auto files = (*client)->list_files(k_hf_model, "x");
  ASSERT_FALSE(files.has_value());
  EXPECT_EQ(files.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(files.error().message.find("evil.example"), std::string::npos);
  EXPECT_EQ(files.error().message.find("sig=S"), std::string::npos) << files.error().message;
  EXPECT_EQ(hub.urls().size(), 1U);
}

std::string lfs_object(const std::string& oid, std::uint64_t size) {
  return R"({"oid":")" + oid + R"(","size":)" + std::to_string(size) +
         R"(,"actions":{"upload":{"href":"https://s3.test/)" + oid + R"("}}})";
}

// The LFS batch answer must be about the objects asked for: an extra object, a changed size
// or an object named twice are refused before any upload request is built.
TEST(HfClient, LfsBatchAnswerMustMatchTheRequest) {
  const std::string a(64, 'a');
  const std::string b(64, 'b');
  const std::string evil(64, 'e');
  const std::vector<BlobSpec> asked{{a, 10}, {b, 20}};
  struct Case {
    std::string objects;
    bool ok;
  };
  const std::vector<Case> cases{
      {lfs_object(a, 10) + "," + lfs_object(b, 20), true},
      {lfs_object(a, 10), true},  // b is stored already
      {lfs_object(a, 10) + "," + lfs_object(evil, 5), false},
      {lfs_object(a, 11), false},
      {lfs_object(a, 10) + "," + lfs_object(a, 10), false},
  };
  for (const Case& c : cases) {
    ScriptedPerformer hub([&](const http::Request&) {
      return answer(200, R"({"transfer":"basic","objects":[)" + c.objects + "]}");
    });
    auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
    auto uploads = (*client)->plan_uploads(k_hf_model, "main", asked);
    EXPECT_EQ(uploads.has_value(), c.ok) << c.objects;
  }
}

TEST(HfClient, MissingRepoIsNulloptAndGatedIsAnError) {
  ScriptedPerformer hub([](const http::Request& r) {
    http::Response response = answer(401, R"({"error":"Repository not found"})");
    response.headers.add("X-Error-Code",
                         r.url.find("gated") != std::string::npos ? "GatedRepo" : "RepoNotFound");
    return response;
  });
  auto client = HfClient::create("https://hf.test", std::nullopt, hub);
  auto missing = (*client)->repo_info(k_hf_model, "main");
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  auto gated =
      (*client)->repo_info({manifest::Hub::hf, manifest::RepoType::model, "acme/gated"}, "main");
  ASSERT_FALSE(gated.has_value());
  EXPECT_EQ(gated.error().kind, ErrorKind::gated);
}

TEST(HfClient, EmptyCommitSendsNothing) {
  ScriptedPerformer hub([](const http::Request&) { return answer(500, ""); });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  auto result = (*client)->commit(k_hf_model, CommitSpec{"main", "m", {}, {}, std::nullopt});
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->commit_oids.empty());
  EXPECT_TRUE(hub.urls().empty());
}

std::string ms_files(const std::vector<std::pair<std::string, bool>>& entries) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& [path, is_dir] : entries) {
    files.push_back({{"Path", path},
                     {"Type", is_dir ? "tree" : "blob"},
                     {"Size", 1},
                     {"Sha256", std::string(64, 'f')},
                     {"IsLFS", false}});
  }
  return nlohmann::json{{"Code", 200}, {"Success", true}, {"Data", {{"Files", files}}}}.dump();
}

// A model with 6 files in two folders; the hub cuts recursive listings at 4 entries.
http::Response truncating_hub(const http::Request& r) {
  const bool recursive = r.url.find("Recursive=True") != std::string::npos;
  if (recursive) {
    return answer(200, ms_files({{"a", false}, {"d1", true}, {"d1/x", false}, {"d1/y", false}}));
  }
  if (r.url.find("Root=d1") != std::string::npos) {
    return answer(200, ms_files({{"d1/x", false}, {"d1/y", false}, {"d1/d2", true}}));
  }
  if (r.url.find("Root=d1%2Fd2") != std::string::npos) {
    return answer(200, ms_files({{"d1/d2/z", false}}));
  }
  return answer(200, ms_files({{"a", false}, {"b", false}, {"d1", true}}));
}

TEST(MsClient, RewalksFolderByFolderWhenTheListingHitsTheTruncationLimit) {
  ScriptedPerformer hub([](const http::Request& r) {
    if (r.url.find("Root=d1%2Fd2") != std::string::npos) {
      return answer(200, ms_files({{"d1/d2/z", false}}));
    }
    return truncating_hub(r);
  });
  MsClientOptions options;
  options.files_truncation_limit = 4;
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub, options);
  auto files = (*client)->list_files(k_ms_model, "master");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  std::vector<std::string> paths;
  for (const FileEntry& f : *files) {
    paths.push_back(f.path);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"a", "b", "d1/d2/z", "d1/x", "d1/y"}));
}

TEST(MsClient, AFolderOverTheLimitIsAnErrorNotASilentGap) {
  ScriptedPerformer hub([](const http::Request&) {
    return answer(200, ms_files({{"a", false}, {"b", false}, {"c", false}}));
  });
  MsClientOptions options;
  options.files_truncation_limit = 3;
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub, options);
  auto files = (*client)->list_files(k_ms_model, "master");
  ASSERT_FALSE(files.has_value());
  EXPECT_NE(files.error().message.find("3 or more entries"), std::string::npos);
}

TEST(MsClient, PagesDatasetTreesUntilAShortPage) {
  ScriptedPerformer hub([](const http::Request& r) {
    if (r.url.find("PageNumber=1&") != std::string::npos) {
      return answer(200, ms_files({{"a", false}, {"b", false}}));
    }
    if (r.url.find("PageNumber=2&") != std::string::npos) {
      return answer(200, ms_files({{"c", false}, {"d", false}}));
    }
    return answer(200, ms_files({{"e", false}}));
  });
  MsClientOptions options;
  options.dataset_page_size = 2;
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub, options);
  auto files = (*client)->list_files(k_ms_dataset, "master");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  EXPECT_EQ(files->size(), 5U);
  EXPECT_EQ(hub.urls().size(), 3U);
}

std::string ms_commit_listing(const std::string& id, const std::string& title) {
  return R"({"Code":200,"Success":true,"Data":{"Commit":[{"Id":")" + id + R"(","Title":")" + title +
         R"("}]}})";
}

TEST(MsClient, PinsTheHeadCommitFromTheCommitListingNotACommitIdField) {
  ScriptedPerformer hub([](const http::Request& r) {
    if (r.url.find("/commits?Ref=master&") != std::string::npos) {
      return answer(200, ms_commit_listing("1111111111111111111111111111111111111111", "init"));
    }
    if (r.url.find("/commits?Ref=v9&") != std::string::npos) {
      return answer(404, R"({"Code":404,"Message":"revision not found: v9","Success":false})");
    }
    return answer(
        200, R"({"Code":200,"Success":true,"Data":{"Path":"acme","Name":"m","Visibility":1}})");
  });
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub);
  auto info = (*client)->repo_info(k_ms_model, "master");
  ASSERT_TRUE(info.has_value() && info->has_value());
  EXPECT_EQ((*info)->head_commit, "1111111111111111111111111111111111111111");
  EXPECT_TRUE((*info)->is_private);
  for (const std::string& url : hub.urls()) {
    EXPECT_EQ(url.find("/revisions"), std::string::npos) << url;
  }
  auto unknown = (*client)->repo_info(k_ms_model, "v9");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
}

class RecordingSleeper final : public http::Sleeper {
 public:
  void sleep_for(std::chrono::milliseconds d) override { sleeps.push_back(d); }
  std::vector<std::chrono::milliseconds> sleeps;
};

// A ModelScope hub for commit tests: the branch head moves with every commit it accepts;
// `answers` scripts the commit POSTs in order (status, body), then every commit succeeds.
struct MsCommitHub {
  std::string head = "h0";
  std::string head_title = "init";
  std::vector<std::pair<int, std::string>> answers;
  std::vector<bool> lands;  // per scripted answer: whether the commit landed anyway
  std::size_t posts = 0;
  std::vector<std::size_t> actions;
  std::string retry_after = "3";  // sent with every scripted 429

  http::Response operator()(const http::Request& r) {
    if (r.url.find("/commits?Ref=") != std::string::npos) {
      return answer(200, ms_commit_listing(head, head_title));
    }
    const auto body = nlohmann::json::parse(std::get<std::string>(r.body));
    const std::size_t n = posts++;
    actions.push_back(body["actions"].size());
    if (n < answers.size()) {
      if (n < lands.size() && lands[n]) {
        head = "landed" + std::to_string(n);
        head_title = body["commit_message"];
      }
      http::Response scripted = answer(answers[n].first, answers[n].second);
      if (answers[n].first == 429) {
        scripted.headers.add("Retry-After", retry_after);
      }
      return scripted;
    }
    head = "c" + std::to_string(n);
    head_title = body["commit_message"];
    return answer(200, R"({"Code":200,"Success":true,"Data":{"oid":")" + head + "\"}}");
  }
};

CommitSpec inline_spec(std::size_t files, std::optional<std::string> parent) {
  CommitSpec spec{"master", "m", {}, {}, std::move(parent)};
  for (std::size_t i = 0; i < files; ++i) {
    spec.adds.push_back({"f" + std::to_string(i), 1, "", Storage::inline_, "x"});
  }
  return spec;
}

TEST(MsClient, CommitRefusedFor429IsSentAgainAfterTheWait) {
  MsCommitHub state;
  state.answers = {
      {429, R"({"Code":429,"Message":"E1021 Commit frequency limit exceeded","Success":false})"}};
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  RecordingSleeper sleeper;
  MsClientOptions options;
  options.sleeper = &sleeper;
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub, options);
  auto result = (*client)->commit(k_ms_model, inline_spec(1, "h0"));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->commit_oids, std::vector<std::string>{"c1"});
  ASSERT_EQ(sleeper.sleeps.size(), 1U);
  EXPECT_EQ(sleeper.sleeps[0], std::chrono::milliseconds(3000));
}

TEST(MsClient, CommitsInBatchesOf256ActionsCheckingTheHeadBeforeEach) {
  MsCommitHub state;
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub);
  auto result = (*client)->commit(k_ms_model, inline_spec(600, "h0"));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->commit_oids, (std::vector<std::string>{"c0", "c1", "c2"}));
  EXPECT_EQ(state.actions, (std::vector<std::size_t>{256, 256, 88}));
  std::size_t reads = 0;
  for (const std::string& url : hub.urls()) {
    reads += url.find("/commits?Ref=master&PageNumber=1&PageSize=1") != std::string::npos ? 1U : 0U;
  }
  EXPECT_EQ(reads, 3U);
  EXPECT_EQ(state.head_title, "m (batch 3)");
}

TEST(MsClient, RefusesToCommitWhenTheBranchIsNotWhereThePlanSawIt) {
  MsCommitHub state;
  state.head = "someone-elses";
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub);
  auto result = (*client)->commit(k_ms_model, inline_spec(3, "h0"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::conflict);
  EXPECT_NE(result.error().message.find("someone-elses"), std::string::npos);
  EXPECT_EQ(state.posts, 0U);
}

TEST(MsClient, TryAgainAnswersAreResentWithinTheRetryBudget) {
  MsCommitHub state;
  const std::string refs =
      R"({"Code":400,"Message":"Could not update refs, please try again","Success":false})";
  state.answers = {{400, refs}, {400, refs}, {400, refs}, {400, refs}};
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  RecordingSleeper sleeper;
  MsClientOptions options;
  options.sleeper = &sleeper;
  options.commit_retry_budget = std::chrono::milliseconds(10'000);
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub, options);
  auto result = (*client)->commit(k_ms_model, inline_spec(1, "h0"));
  ASSERT_FALSE(result.has_value());  // 2 s + 4 s waited; another 8 s would pass 10 s
  EXPECT_NE(result.error().message.find("retry budget is 10 s"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(sleeper.sleeps, (std::vector<std::chrono::milliseconds>{
                                std::chrono::milliseconds(2000), std::chrono::milliseconds(4000)}));
  EXPECT_EQ(state.posts, 3U);

  MsCommitHub changed;
  changed.answers = {
      {409, R"({"Code":409,"Message":"branch changed, please retry","Success":false})"}};
  ScriptedPerformer hub2([&changed](const http::Request& r) { return changed(r); });
  auto client2 = MsClient::create("https://ms.test", Secret("ms"), hub2, options);
  auto result2 = (*client2)->commit(k_ms_model, inline_spec(1, "h0"));
  ASSERT_TRUE(result2.has_value()) << result2.error().message;
  EXPECT_EQ(changed.posts, 2U);
}

TEST(MsClient, ACommitThatTimedOutButLandedIsNotSentAgain) {
  MsCommitHub state;
  state.answers = {{504, "gateway time-out"}};
  state.lands = {true};
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  RecordingSleeper sleeper;
  MsClientOptions options;
  options.sleeper = &sleeper;
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub, options);
  auto result = (*client)->commit(k_ms_model, inline_spec(300, "h0"));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->commit_oids, (std::vector<std::string>{"landed0", "c1"}));
  EXPECT_EQ(state.posts, 2U);  // the first batch was not sent twice
}

// A Hub for commit tests: the head moves with every commit it accepts; `answers` scripts the
// commit POSTs in order (status, RateLimit header or ""), then every commit succeeds.
struct HfCommitHub {
  std::string head = "p0";
  std::string head_title = "initial commit";
  std::vector<std::pair<int, std::string>> answers;
  std::vector<bool> lands;
  std::vector<std::optional<std::string>> parents;
  std::vector<std::size_t> lines;

  http::Response operator()(const http::Request& r) {
    if (r.url.find("/commits/main?limit=1") != std::string::npos) {
      return answer(200, R"([{"id":")" + head + R"(","title":")" + head_title + R"("}])");
    }
    const std::string& body = std::get<std::string>(r.body);
    const auto header = nlohmann::json::parse(body.substr(0, body.find('\n')))["value"];
    const std::size_t n = parents.size();
    parents.push_back(header.contains("parentCommit")
                          ? std::optional<std::string>(header["parentCommit"])
                          : std::nullopt);
    lines.push_back(static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')) - 1);
    if (n < answers.size()) {
      if (n < lands.size() && lands[n]) {
        head = "landed" + std::to_string(n);
        head_title = header["summary"];
      }
      http::Response scripted = answer(answers[n].first, "{}");
      if (!answers[n].second.empty()) {
        scripted.headers.add("RateLimit", answers[n].second);
      }
      return scripted;
    }
    head = "c" + std::to_string(n);
    head_title = header["summary"];
    return answer(200, R"({"success":true,"commitOid":")" + head + "\"}");
  }
};

CommitSpec lfs_spec(std::size_t files) {
  CommitSpec spec{"main", "Mirror", {}, {}, std::string("p0")};
  for (std::size_t i = 0; i < files; ++i) {
    spec.adds.push_back(
        {"w" + std::to_string(1000 + i), 5, std::string(64, 'a'), Storage::lfs, {}});
  }
  return spec;
}

TEST(HfClient, SplitsALargeChangeIntoCommitsChainedByParentCommit) {
  HfCommitHub state;
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  auto result = (*client)->commit(k_hf_model, lfs_spec(1000));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->commit_oids, (std::vector<std::string>{"c0", "c1", "c2"}));
  EXPECT_EQ(state.lines, (std::vector<std::size_t>{256, 384, 360}));  // fast commits grow
  EXPECT_EQ(state.parents, (std::vector<std::optional<std::string>>{"p0", "c0", "c1"}));
  EXPECT_EQ(state.head_title, "Mirror (batch 3)");
}

TEST(HfClient, InlineBytesPerCommitAreCapped) {
  HfCommitHub state;
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  HfClientOptions options;
  options.max_inline_bytes = 2500;
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub, options);
  CommitSpec spec{"main", "Mirror", {}, {}, std::nullopt};
  for (int i = 0; i < 5; ++i) {
    spec.adds.push_back(
        {"f" + std::to_string(i), 1000, "", Storage::inline_, std::string(1000, 'x')});
  }
  auto result = (*client)->commit(k_hf_model, spec);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(state.lines, (std::vector<std::size_t>{2, 2, 1}));
  EXPECT_EQ(state.parents[0], std::nullopt);
}

TEST(HfClient, ACommitThatTimedOutButLandedIsNotSentAgain) {
  HfCommitHub state;
  state.answers = {{504, ""}};
  state.lands = {true};
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  auto result = (*client)->commit(k_hf_model, lfs_spec(300));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->commit_oids, (std::vector<std::string>{"landed0", "c1"}));
  EXPECT_EQ(state.lines, (std::vector<std::size_t>{256, 44}));
  EXPECT_EQ(state.parents, (std::vector<std::optional<std::string>>{"p0", "landed0"}));
}

TEST(HfClient, ACommitThatFailedWithoutLandingIsResentSmaller) {
  HfCommitHub state;
  state.answers = {{503, ""}, {504, ""}};
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  auto result = (*client)->commit(k_hf_model, lfs_spec(300));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  // Halved after each unknown outcome, grown again after fast successes.
  EXPECT_EQ(state.lines, (std::vector<std::size_t>{256, 128, 64, 96, 140}));
  EXPECT_EQ(state.parents, (std::vector<std::optional<std::string>>{"p0", "p0", "p0", "c2", "c3"}));
}

TEST(HfClient, ACommitWithUnknownOutcomeOnAMovedBranchIsAConflict) {
  HfCommitHub state;
  state.answers = {{502, ""}};
  ScriptedPerformer hub([&state](const http::Request& r) {
    http::Response response = state(r);
    if (r.method == http::Method::post) {
      state.head = "theirs";  // someone else committed meanwhile
      state.head_title = "Update README.md";
    }
    return response;
  });
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub);
  auto result = (*client)->commit(k_hf_model, lfs_spec(10));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::conflict);
  EXPECT_NE(result.error().message.find("theirs"), std::string::npos) << result.error().message;
  EXPECT_EQ(state.parents.size(), 1U);
}

TEST(HfClient, ACommitRefusedWith429IsResentAfterTheAdvertisedReset) {
  HfCommitHub state;
  state.answers = {{429, R"("api";r=0;t=7)"}, {429, R"("api";r=0;t=9000)"}};
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  RecordingSleeper sleeper;
  HfClientOptions options;
  options.sleeper = &sleeper;
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub, options);
  auto result = (*client)->commit(k_hf_model, lfs_spec(1));
  ASSERT_FALSE(result.has_value());  // 9000 s is past the budget of 3900 s
  EXPECT_EQ(result.error().kind, ErrorKind::rate_limited);
  EXPECT_EQ(sleeper.sleeps,
            std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(7000)});
  EXPECT_EQ(state.parents.size(), 2U);

  HfCommitHub once;
  once.answers = {{429, R"("api";r=0;t=7)"}};
  ScriptedPerformer hub2([&once](const http::Request& r) { return once(r); });
  auto client2 = HfClient::create("https://hf.test", Secret("hf_t"), hub2, options);
  auto result2 = (*client2)->commit(k_hf_model, lfs_spec(1));
  ASSERT_TRUE(result2.has_value()) << result2.error().message;
  EXPECT_EQ(result2->commit_oids, std::vector<std::string>{"c1"});
}

// The hub's Retry-After is obeyed only up to the cap: "wait 10^9 s" would park the apply.
TEST(MsClient, CommitBackOffIsClampedWhateverTheHubAsks) {
  MsCommitHub state;
  const std::string busy =
      R"({"Code":429,"Message":"Commit frequency limit exceeded","Success":false})";
  state.answers = {{429, busy}, {429, busy}};
  state.retry_after = "999999999";
  ScriptedPerformer hub([&state](const http::Request& r) { return state(r); });
  RecordingSleeper sleeper;
  MsClientOptions options;
  options.sleeper = &sleeper;
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub, options);
  auto result = (*client)->commit(k_ms_model, inline_spec(1, "h0"));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  ASSERT_EQ(sleeper.sleeps.size(), 2U);
  for (const auto wait : sleeper.sleeps) {
    EXPECT_EQ(wait, k_max_hub_backoff);
  }
}

TEST(HubBackoff, ClampsHubWaitsAndIgnoresNonsense) {
  EXPECT_EQ(commit_backoff(1, 3.0), std::chrono::milliseconds(3000));
  EXPECT_EQ(commit_backoff(1, 1e12), k_max_hub_backoff);
  EXPECT_EQ(commit_backoff(2, -5.0), std::chrono::milliseconds(4000));
  EXPECT_EQ(commit_backoff(3, std::nan("")), std::chrono::milliseconds(8000));
  EXPECT_EQ(commit_backoff(40, std::nullopt), k_max_hub_backoff);
}

TEST(MsClient, BlobBatchAnswerNamingAnObjectTwiceIsRefused) {
  const std::string a(64, 'a');
  ScriptedPerformer hub([&](const http::Request&) {
    const std::string object =
        R"({"oid":")" + a + R"(","size":1,"actions":{"upload":{"href":"https://lfs.ms.test/x"}}})";
    return answer(
        200, R"({"Code":200,"Success":true,"Data":{"objects":[)" + object + "," + object + "]}}");
  });
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub);
  const std::vector<BlobSpec> asked{{a, 1}};
  auto uploads = (*client)->plan_uploads(k_ms_model, "master", asked);
  ASSERT_FALSE(uploads.has_value());
  EXPECT_NE(uploads.error().message.find("twice"), std::string::npos) << uploads.error().message;
}

TEST(MsClient, SpacesAreRefusedWithAReason) {
  ScriptedPerformer hub([](const http::Request&) { return answer(200, "{}"); });
  auto client = MsClient::create("https://ms.test", Secret("ms"), hub);
  auto created = (*client)->create_repo({manifest::Hub::ms, manifest::RepoType::space, "a/s"}, {});
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::invalid_input);
  EXPECT_TRUE(hub.urls().empty());
}

TEST(Upload, RunUploadSendsEveryPartThenCompletesWithTheirEtags) {
  ScriptedPerformer storage([](const http::Request& r) {
    http::Response ok = answer(200, "");
    ok.headers.add("ETag", "\"" + r.url.substr(r.url.size() - 2) + "\"");
    return ok;
  });
  auto actions = parse_hf_lfs_batch(R"({"objects":[{"oid":"o","size":5,"actions":{"upload":{
    "href":"https://hub/complete","header":{"chunk_size":"3","00001":"https://s3/p1","00002":"https://s3/p2"}}}}]})");
  ASSERT_TRUE(actions.has_value());
  auto site = make_hf_site("https://hub", Secret("hf_t"));
  BlobUpload upload = hf_blob_upload(*site, (*actions)[0]);
  const std::string bytes = "hello";
  auto done = run_upload(storage, upload, [&](std::uint64_t offset, std::uint64_t length) {
    return string_producer(bytes.substr(offset, length));
  });
  ASSERT_TRUE(done.has_value()) << done.error().message;
  ASSERT_EQ(storage.requests().size(), 3U);
  EXPECT_EQ(std::get<http::BodyProducer>(storage.requests()[1].body).content_length, 2U);
  auto body = nlohmann::json::parse(std::get<std::string>(storage.requests()[2].body));
  EXPECT_EQ(body["parts"][1]["etag"], "\"p2\"");
}

}  // namespace
}  // namespace hf2ms::hub
