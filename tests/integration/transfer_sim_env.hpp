// TransferSimTest: fixture for the transfer engine and commit step integration tests. Once per
// suite it starts two in-process hf2ms-hubsim instances (HF multipart above 3 MiB in 1 MiB
// parts, so multipart runs on a few MiB of generated content): the source one holds the seeded
// repos, the target one starts empty. Two are needed because a simulator's blob store is
// shared by all its repos, so a target on the same instance would already hold every source
// blob. A test picks its direction with use(source hub, target hub) (the same hub: both on the
// source instance) and gets hub clients built the way `hf2ms transfer` builds them
// (AccessHubClients, tokens through an environment lookup). Helpers turn a source repo into a
// Task and a CommitJob, and read a repo back as path → (size, sha256).
#pragma once

#include "applier/commit_step.hpp"
#include "hashing/hashing.hpp"
#include "http/curl_global.hpp"
#include "http/engine.hpp"
#include "hub/performer.hpp"
#include "hubsim/seed.hpp"
#include "hubsim/simulator.hpp"
#include "transfer/engine.hpp"
#include "util/log.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

namespace hf2ms::transfer::testing {

inline constexpr const char* k_hf_env = "HF2MS_IT_HF_TOKEN";
inline constexpr const char* k_ms_env = "HF2MS_IT_MS_TOKEN";

struct FileInfo {
  std::uint64_t size = 0;
  std::string sha256;
  bool operator==(const FileInfo&) const = default;
};
using Listing = std::map<std::string, FileInfo>;

// A fault rule that matches the blob upload PUTs to a `hub` target and nothing else: HF's go to
// the CDN listener (presigned URLs), ModelScope's to its API listener (the hrefs of the blob
// batch, /api/v1/repos/{t}s/{o}/{n}/blobs/...). The caller sets what the rule does.
inline hubsim::FaultRule upload_put_rule(manifest::Hub hub) {
  hubsim::FaultRule rule;
  rule.method = "PUT";
  if (hub == manifest::Hub::hf) {
    rule.listener = hubsim::Listener::cdn;
  } else {
    rule.listener = hubsim::Listener::ms;
    rule.path_regex = "/api/v1/repos/[^/]+/[^/]+/[^/]+/blobs/.*";
  }
  return rule;
}

class TransferSimTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { start_simulators({}); }

  // Starts both simulators; `tweak_source` changes the source one's options (a suite that
  // needs a behaviour switch, such as a CDN that ignores Range, defines its own
  // SetUpTestSuite calling this).
  static void start_simulators(const std::function<void(hubsim::SimulatorOptions&)>& tweak_source) {
    log::init_from_env();  // HF2MS_LOG=info shows resumed downloads and re-read parts
    if (!curl_) {
      auto curl = http::CurlGlobal::create();
      ASSERT_TRUE(curl.has_value());
      curl_.emplace(std::move(*curl));
    }
    static std::atomic<int> counter{0};
    data_dir_ = (std::filesystem::temp_directory_path() /
                 ("hf2ms-transfer-it-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter.fetch_add(1))))
                    .string();
    hubsim::SimulatorOptions options;
    options.data_dir = data_dir_;
    options.threads = 16;
    options.sim.multipart_threshold = 3U << 20;
    options.sim.multipart_chunk = 1U << 20;
    hubsim::SimulatorOptions source_options = options;
    if (tweak_source) {
      tweak_source(source_options);
    }
    src_ = std::make_unique<hubsim::Simulator>();
    auto started = src_->start(source_options);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    options.data_dir = data_dir_ + "-target";
    dst_ = std::make_unique<hubsim::Simulator>();
    started = dst_->start(options);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    http::EngineOptions engine_options;
    engine_options.retry.base_delay = std::chrono::milliseconds(5);
    engine_options.retry.max_delay = std::chrono::milliseconds(50);
    auto engine = http::Engine::create(engine_options);
    ASSERT_TRUE(engine.has_value()) << engine.error().message;
    engine_ = std::move(*engine);
    performer_ = std::make_unique<hub::EnginePerformer>(*engine_);
  }

  static void TearDownTestSuite() {
    performer_.reset();
    engine_.reset();
    src_.reset();
    dst_.reset();
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
    std::filesystem::remove_all(data_dir_ + "-target", ec);
  }

  void SetUp() override {
    src_->faults().clear();
    dst_->faults().clear();
  }

  // Sources on the source simulator, targets on the target one (both on the source one when
  // the hubs are the same).
  void use(manifest::Hub from, manifest::Hub to) {
    hubs_.clear();
    for (manifest::Hub h : {manifest::Hub::hf, manifest::Hub::ms}) {
      const auto& a = (h == to && from != to ? dst_ : src_)->addresses();
      hubs_.push_back(h == manifest::Hub::hf ? HubAccess{h, a.hf_url, k_hf_env}
                                             : HubAccess{h, a.ms_url, k_ms_env});
    }
    clients_ = std::make_unique<AccessHubClients>(hubs_, *performer_, env());
  }
  [[nodiscard]] const std::vector<HubAccess>& hubs() const { return hubs_; }
  static EnvLookup env() {
    return [](std::string_view name) -> std::optional<std::string> {
      if (name == k_hf_env) {
        return "hf_user_write_token";
      }
      if (name == k_ms_env) {
        return "ms_user_write_token";
      }
      return std::nullopt;
    };
  }
  static hubsim::Simulator& source_sim() { return *src_; }
  static hubsim::Simulator& target_sim() { return *dst_; }
  static const std::string& data_dir() { return data_dir_; }
  HubClients& clients() { return *clients_; }

  static void seed(const std::string& spec) {
    auto seeded = hubsim::apply_seed_spec(src_->store(), spec, data_dir_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().message;
  }

  // Fast retries so fault tests take milliseconds.
  static TransferOptions fast_options() {
    TransferOptions o;
    o.buffer_bytes = 2U << 20;
    o.block_bytes = 64U << 10;
    o.engine.retry.base_delay = std::chrono::milliseconds(5);
    o.engine.retry.max_delay = std::chrono::milliseconds(50);
    return o;
  }

  void create_target(const TargetRepo& t) {
    auto writer = clients().writer(t.hub);
    ASSERT_TRUE(writer.has_value());
    hub::CreateOptions options;
    if (t.hub == manifest::Hub::ms) {
      options.license = "apache-2.0";
    }
    auto made = (*writer)->create_repo({t.hub, t.type, t.id}, options);
    ASSERT_TRUE(made.has_value()) << describe(made.error());
  }

  // Every file of `key` at its default branch head, with the pinned commit. ModelScope is read
  // by branch name (it refuses commit ids as Revision, real-hub-limits.md ModelScope §1).
  std::pair<std::string, std::vector<hub::FileEntry>> list(const hub::RepoKey& key) {
    auto reader = clients().reader(key.hub);
    EXPECT_TRUE(reader.has_value());
    const std::string branch = key.hub == manifest::Hub::hf ? "main" : "master";
    auto info = (*reader)->repo_info(key, branch);
    EXPECT_TRUE(info.has_value() && info->has_value());
    if (!info || !*info) {
      return {};
    }
    auto files = (*reader)->list_files(key, read_revision(key, (*info)->head_commit));
    EXPECT_TRUE(files.has_value()) << (files ? "" : describe(files.error()));
    return {(*info)->head_commit, files ? *files : std::vector<hub::FileEntry>{}};
  }

  // The revision to read `key` at: its pinned `commit` on HF, the default branch on ModelScope.
  static std::string read_revision(const hub::RepoKey& key, const std::string& commit) {
    return key.hub == manifest::Hub::ms ? "master" : commit;
  }

  // path → (size, sha256), fetching small files whose listing has no sha256. The
  // .gitattributes a hub adds for LFS paths is left out.
  Listing content_of(const hub::RepoKey& key) {
    auto [commit, files] = list(key);
    Listing out;
    for (const hub::FileEntry& f : files) {
      if (f.path == ".gitattributes") {
        continue;
      }
      std::string sha = f.sha256.value_or("");
      if (sha.empty()) {
        auto bytes =
            (*clients().reader(key.hub))->fetch_small_file(key, read_revision(key, commit), f.path);
        EXPECT_TRUE(bytes.has_value()) << f.path;
        sha = bytes ? hashing::sha256_hex(*bytes) : "";
      }
      out[f.path] = {f.size, sha};
    }
    return out;
  }

  // A task copying every file of `source` (its head) to `target`, as the planner would ask.
  // `hash_small`: give HF regular files a SHA-256 as a plan comparing them would; without
  // it they carry only their git oid, as in the plan of a new target (issue #15 item 2).
  MirrorGroup group_for(const hub::RepoKey& source, const TargetRepo& target,
                        bool hash_small = true) {
    auto [commit, files] = list(source);
    // ModelScope sources are read by branch name (transfer::read_revision).
    const std::string branch = source.hub == manifest::Hub::ms ? "master" : "main";
    MirrorGroup g{0, {source.hub, source.type, source.id, commit, branch}, target, {}};
    for (const hub::FileEntry& f : files) {
      std::optional<std::string> sha = f.sha256;
      if (!sha && hash_small) {
        auto bytes = (*clients().reader(source.hub))
                         ->fetch_small_file(source, read_revision(source, commit), f.path);
        sha = bytes ? std::optional<std::string>(hashing::sha256_hex(*bytes)) : std::nullopt;
      }
      g.files.push_back({f.path, f.size, sha, f.git_oid, f.lfs});
    }
    return g;
  }

  Task task_of(std::vector<MirrorGroup> groups) const {
    Task t;
    t.hubs = hubs_;
    t.groups = std::move(groups);
    return t;
  }

  // The commit job for `g` creating every file (LFS ones by transport lfs).
  CommitJob job_of(const MirrorGroup& g, std::optional<std::string> parent) const {
    CommitMirror m{g.mirror, g.source, g.target, std::move(parent), {}, {}};
    for (const TaskFile& f : g.files) {
      plan::Step s;
      s.path = f.path;
      s.action = plan::Action::create;
      s.size = f.size;
      s.sha256 = f.sha256;
      s.source_git_oid = f.source_git_oid;
      s.source_lfs = f.source_lfs;
      s.transport = f.source_lfs ? plan::Transport::lfs : plan::Transport::stream;
      m.steps.push_back(s);
    }
    return CommitJob{k_task_format_version, hubs_, {m}};
  }

  static const FileResult* find(const TaskResult& r, const std::string& path) {
    for (const FileResult& f : r.files) {
      if (f.path == path) {
        return &f;
      }
    }
    return nullptr;
  }

 private:
  static inline std::optional<http::CurlGlobal> curl_;
  static inline std::string data_dir_;
  static inline std::unique_ptr<hubsim::Simulator> src_;
  static inline std::unique_ptr<hubsim::Simulator> dst_;
  static inline std::unique_ptr<http::Engine> engine_;
  static inline std::unique_ptr<hub::EnginePerformer> performer_;
  std::vector<HubAccess> hubs_;
  std::unique_ptr<AccessHubClients> clients_;
};

// Records observer calls.
class RecordingObserver final : public TransferObserver {
 public:
  void on_file_started(std::size_t, const std::string& path, std::uint64_t) override {
    started.push_back(path);
  }
  void on_bytes(std::size_t, const std::string&, std::uint64_t bytes) override { total += bytes; }
  void on_file_finished(const FileResult& result) override { finished.push_back(result); }
  std::vector<std::string> started;
  std::uint64_t total = 0;
  std::vector<FileResult> finished;
};

}  // namespace hf2ms::transfer::testing
