// create_repo_converging: a repo create sent again after an answer that left it unknown or
// refused it, and a "repo exists" answer resolved by looking at the repo (issue #13 item 7).
#include "hub/create_retry.hpp"

#include "hub/hf_client.hpp"
#include "scripted_performer.hpp"

#include <gtest/gtest.h>

#include <deque>

namespace hf2ms::hub {
namespace {

const RepoKey k_key{manifest::Hub::ms, manifest::RepoType::model, "acme/m"};

class RecordingSleeper final : public http::Sleeper {
 public:
  void sleep_for(std::chrono::milliseconds d) override { sleeps.push_back(d); }
  std::vector<std::chrono::milliseconds> sleeps;
};

// A reader that knows one repo (or none) and counts its reads.
class OneRepoReader final : public HubReader {
 public:
  std::optional<RepoInfo> info;
  std::vector<FileEntry> files;
  int reads = 0;

  Result<Identity> whoami() override { return Identity{}; }
  Result<std::optional<RepoInfo>> repo_info(const RepoKey& /*key*/,
                                            std::string_view /*revision*/) override {
    ++reads;
    return info;
  }
  Result<std::vector<std::string>> list_repos(manifest::RepoType /*type*/,
                                              std::string_view /*ns*/) override {
    return std::vector<std::string>{};
  }
  Result<std::vector<FileEntry>> list_files(const RepoKey& /*key*/,
                                            std::string_view /*commit*/) override {
    ++reads;
    return files;
  }
  http::Request download_request(const RepoKey& /*key*/, std::string_view /*commit*/,
                                 std::string_view /*path*/,
                                 std::optional<ByteRange> /*range*/) const override {
    return {};
  }
  Result<std::string> fetch_small_file(const RepoKey& /*key*/, std::string_view /*commit*/,
                                       std::string_view /*path*/) override {
    return std::string();
  }
};

// Scripted create answers, in order; the create succeeds once they run out.
struct CreateScript {
  std::deque<Error> answers;
  int sends = 0;
  Result<void> operator()() {
    ++sends;
    if (answers.empty()) {
      return {};
    }
    Error e = answers.front();
    answers.pop_front();
    return unexpected(std::move(e));
  }
};

Error unavailable() { return make_error(ErrorKind::transient, "Service Unavailable", 503); }
Error exists() {
  return make_error(ErrorKind::conflict, "You already created this model repo", 409);
}

struct CreateRun {
  Result<void> result;
  int sends = 0;
  int reads = 0;
  std::vector<std::chrono::milliseconds> sleeps;
};

CreateRun run_create(std::deque<Error> answers, OneRepoReader& reader, CreateOptions options = {}) {
  CreateScript script{std::move(answers)};
  RecordingSleeper sleeper;
  CreateRetryOptions retry;
  retry.sleeper = &sleeper;
  auto result = create_repo_converging(
      reader, k_key, "master", options, [&script] { return script(); }, retry);
  return CreateRun{std::move(result), script.sends, reader.reads, sleeper.sleeps};
}

RepoInfo public_repo() { return RepoInfo{"acme/m", false, Gated::no, "c0", "master", {}, {}}; }

TEST(CreateRetry, ACreateAnswered503IsSentAgainAfterABackoff) {
  OneRepoReader reader;
  const CreateRun r = run_create({unavailable(), unavailable()}, reader);
  ASSERT_TRUE(r.result.has_value()) << r.result.error().message;
  EXPECT_EQ(r.sends, 3);
  EXPECT_EQ(r.sleeps, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(1000),
                                                              std::chrono::milliseconds(2000)}));
  EXPECT_EQ(r.reads, 0);
}

TEST(CreateRetry, ExistsAfterALostAnswerIsOursWhenTheRepoIsFresh) {
  OneRepoReader reader;
  reader.info = public_repo();
  reader.files = {FileEntry{".gitattributes", 1519, std::nullopt, std::nullopt, false}};
  const CreateRun r = run_create({unavailable(), exists()}, reader);
  ASSERT_TRUE(r.result.has_value()) << r.result.error().message;
  EXPECT_EQ(r.sends, 2);
  EXPECT_EQ(r.reads, 2);  // info, then the listing
}

TEST(CreateRetry, ExistsAfterALostAnswerIsAConflictWhenTheRepoIsNotAsACreateLeavesIt) {
  struct Case {
    std::string name;
    bool is_private;
    std::vector<FileEntry> files;
    std::string why;
  };
  const std::vector<Case> cases = {
      {"holds files",
       false,
       {{"weights.bin", 5, std::nullopt, std::nullopt, true}},
       "it holds files, e.g. weights.bin"},
      {"other visibility", true, {}, "it is private, not public"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    OneRepoReader reader;
    reader.info = public_repo();
    reader.info->is_private = c.is_private;
    reader.files = c.files;
    const CreateRun r = run_create({unavailable(), exists()}, reader);
    ASSERT_FALSE(r.result.has_value());
    EXPECT_EQ(r.result.error().kind, ErrorKind::conflict);
    EXPECT_NE(r.result.error().message.find("not the repo hf2ms created (" + c.why + ")"),
              std::string::npos)
        << r.result.error().message;
  }
}

TEST(CreateRetry, ExistsOnTheFirstAttemptIsAConflictWithoutLooking) {
  OneRepoReader reader;
  reader.info = public_repo();
  const CreateRun r = run_create({exists()}, reader);
  ASSERT_FALSE(r.result.has_value());
  EXPECT_EQ(r.result.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.sends, 1);
  EXPECT_EQ(r.reads, 0);
}

TEST(CreateRetry, ARefusedCreateWaitsAsAskedAndLeavesNoDoubt) {
  // A 429 refused the create: a following "exists" is somebody else's repo, even a fresh one.
  OneRepoReader reader;
  reader.info = public_repo();
  Error limited = make_error(ErrorKind::rate_limited, "Too Many Requests", 429);
  limited.retry_after_seconds = 3;
  const CreateRun r = run_create({limited, exists()}, reader);
  ASSERT_FALSE(r.result.has_value());
  EXPECT_EQ(r.result.error().kind, ErrorKind::conflict);
  EXPECT_EQ(r.sleeps, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(3000)}));
  EXPECT_EQ(r.reads, 0);
}

TEST(CreateRetry, HfCreateInProgressIsARefusalNotAnExistingRepo) {
  OneRepoReader reader;
  const CreateRun r = run_create(
      {make_error(ErrorKind::conflict,
                  "Cannot create repo: another conflicting operation is in progress", 409)},
      reader);
  ASSERT_TRUE(r.result.has_value()) << r.result.error().message;
  EXPECT_EQ(r.sends, 2);
}

TEST(CreateRetry, GivesUpAfterTheAttemptsSayingTheRepoMayExist) {
  OneRepoReader reader;
  std::deque<Error> answers(6, unavailable());
  const CreateRun r = run_create(answers, reader);
  ASSERT_FALSE(r.result.has_value());
  EXPECT_EQ(r.result.error().kind, ErrorKind::transient);
  EXPECT_EQ(r.sends, 6);
  EXPECT_NE(r.result.error().message.find("sent 6 times and may have landed"), std::string::npos)
      << r.result.error().message;
}

TEST(CreateRetry, OtherErrorsAreNotRetried) {
  OneRepoReader reader;
  const CreateRun r = run_create({make_error(ErrorKind::unauthorized, "no rights", 403)}, reader);
  ASSERT_FALSE(r.result.has_value());
  EXPECT_EQ(r.result.error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(r.sends, 1);
}

TEST(HfClient, CreateIsSentAgainAfterA503) {
  int posts = 0;
  testing::ScriptedPerformer hub([&posts](const http::Request& /*r*/) {
    return testing::answer(++posts == 1 ? 503 : 200, R"({"url":"https://hf.test/acme/m"})");
  });
  RecordingSleeper sleeper;
  HfClientOptions options;
  options.sleeper = &sleeper;
  auto client = HfClient::create("https://hf.test", Secret("hf_t"), hub, options);
  ASSERT_TRUE(client.has_value());
  auto created =
      (*client)->create_repo({manifest::Hub::hf, manifest::RepoType::model, "acme/m"}, {});
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_EQ(posts, 2);
  EXPECT_EQ(sleeper.sleeps.size(), 1U);
}

}  // namespace
}  // namespace hf2ms::hub
