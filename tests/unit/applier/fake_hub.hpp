// FakeHub, FakeHubClients and FakeExecutor: in-memory stand-ins for the applier's tests
// (STYLE.md §10: fakes over mocks). FakeHub keeps repos as path → sha256 with a head that
// changes on every commit and records every write; FakeExecutor answers tasks from a script
// (per-mirror failures) and checks the scheduler never starts more than it allows.
#pragma once

#include "applier/commit_step.hpp"
#include "applier/executor.hpp"
#include "hub/hub.hpp"
#include "transfer/hub_clients.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hf2ms::applier::testing {

struct FakeRepo {
  std::string head;
  bool is_private = false;
  std::map<std::string, std::string> files;  // path → sha256
};

class FakeHub final : public hub::HubReader, public hub::HubWriter {
 public:
  std::map<std::string, FakeRepo> repos;  // by id
  std::vector<std::string> writes;        // "create acme/x", "commit acme/x", "visibility ..."
  int commit_counter = 0;

  Result<hub::Identity> whoami() override { return hub::Identity{"user", {}, "write"}; }
  Result<std::optional<hub::RepoInfo>> repo_info(const hub::RepoKey& key,
                                                 std::string_view /*revision*/) override {
    auto it = repos.find(key.id);
    if (it == repos.end()) {
      return std::optional<hub::RepoInfo>{};
    }
    hub::RepoInfo info;
    info.id = key.id;
    info.head_commit = it->second.head;
    info.is_private = it->second.is_private;
    return std::optional<hub::RepoInfo>{info};
  }
  Result<std::vector<std::string>> list_repos(manifest::RepoType /*type*/,
                                              std::string_view /*ns*/) override {
    return std::vector<std::string>{};
  }
  Result<std::vector<hub::FileEntry>> list_files(const hub::RepoKey& /*key*/,
                                                 std::string_view /*commit*/) override {
    return std::vector<hub::FileEntry>{};
  }
  http::Request download_request(const hub::RepoKey& /*key*/, std::string_view /*commit*/,
                                 std::string_view /*path*/,
                                 std::optional<hub::ByteRange> /*range*/) const override {
    return {};
  }
  Result<std::string> fetch_small_file(const hub::RepoKey& /*key*/, std::string_view /*commit*/,
                                       std::string_view /*path*/) override {
    return unexpected(make_error(ErrorKind::not_found, "no small files in FakeHub"));
  }

  Result<void> create_repo(const hub::RepoKey& key, const hub::CreateOptions& options) override {
    if (repos.count(key.id) != 0) {
      return unexpected(make_error(ErrorKind::conflict, "exists"));
    }
    writes.push_back("create " + key.id);
    repos[key.id] = FakeRepo{next_head(), options.visibility == hub::RepoVisibility::private_, {}};
    return {};
  }
  Result<void> set_visibility(const hub::RepoKey& key, hub::RepoVisibility v) override {
    writes.push_back("visibility " + key.id);
    repos[key.id].is_private = v == hub::RepoVisibility::private_;
    return {};
  }
  Result<std::vector<hub::StorageDecision>> decide_storage(
      const hub::RepoKey& /*key*/, std::string_view /*branch*/,
      std::span<const hub::StagedFile> files) override {
    std::vector<hub::StorageDecision> out;
    for (const auto& f : files) {
      out.push_back({f.path, hub::Storage::lfs, false, std::nullopt});
    }
    return out;
  }
  Result<std::vector<hub::BlobUpload>> plan_uploads(const hub::RepoKey& /*key*/,
                                                    std::string_view /*branch*/,
                                                    std::span<const hub::BlobSpec> /*b*/) override {
    return std::vector<hub::BlobUpload>{};
  }
  Result<hub::CommitResult> commit(const hub::RepoKey& key, const hub::CommitSpec& spec) override {
    writes.push_back("commit " + key.id);
    FakeRepo& r = repos[key.id];
    if (spec.parent_commit && *spec.parent_commit != r.head) {
      return unexpected(make_error(ErrorKind::conflict, "parent commit is stale"));
    }
    for (const auto& a : spec.adds) {
      r.files[a.path] = a.sha256;
    }
    for (const auto& d : spec.deletes) {
      r.files.erase(d);
    }
    r.head = next_head();
    return hub::CommitResult{{r.head}, {}, {}};
  }

  [[nodiscard]] std::size_t count_writes(const std::string& prefix) const {
    std::size_t n = 0;
    for (const auto& w : writes) {
      n += w.rfind(prefix, 0) == 0 ? 1U : 0U;
    }
    return n;
  }

 private:
  std::string next_head() {
    std::string h = std::to_string(++commit_counter);
    return std::string(40U - h.size(), '0') + h;
  }
};

class FakeHubClients final : public transfer::HubClients {
 public:
  FakeHub hf;
  FakeHub ms;
  Result<hub::HubReader*> reader(manifest::Hub h) override { return &pick(h); }
  Result<hub::HubWriter*> writer(manifest::Hub h) override { return &pick(h); }
  FakeHub& pick(manifest::Hub h) { return h == manifest::Hub::hf ? hf : ms; }
};

// Runs nothing: every file of a task is "uploaded" with the plan's hash, except files of the
// mirrors in `failing` (failed, retryable when `transient`).
class FakeExecutor final : public Executor {
 public:
  explicit FakeExecutor(FakeHubClients& clients, std::size_t cap = 2)
      : clients_(clients), cap_(cap) {}

  std::set<std::size_t> failing;
  bool transient = false;
  int transient_runs_left = 0;  // with `transient`: how many runs fail before success
  std::function<void(std::size_t started)> on_start;  // after the n-th start (1-based)
  std::size_t starts = 0;
  std::size_t max_running = 0;
  bool cancelled = false;
  std::vector<transfer::CommitJob> commits;

  bool can_start_more() const override { return running_.size() < cap_; }
  void start(const transfer::Task& task) override {
    EXPECT_TRUE(can_start_more()) << "start() called while can_start_more() is false";
    running_.push_back(task);
    max_running = std::max(max_running, running_.size());
    ++starts;
    if (on_start) {
      on_start(starts);
    }
  }
  std::optional<transfer::TaskResult> wait_for_completion(
      transfer::TransferObserver& progress) override {
    if (running_.empty()) {
      return std::nullopt;
    }
    transfer::Task task = running_.front();
    running_.pop_front();
    transfer::TaskResult r{task.index, true, {}, false, {}, 0, 0.0};
    const bool fail_now = transient ? transient_runs_left-- > 0 : true;
    for (const auto& g : task.groups) {
      for (const auto& f : g.files) {
        transfer::FileResult fr{g.mirror,
                                f.path,
                                f.size,
                                f.sha256,
                                f.source_git_oid,  // "computed" from the bytes
                                std::nullopt,
                                hub::Storage::lfs,
                                transfer::FileStatus::uploaded,
                                {}};
        if ((failing.count(g.mirror) != 0 && fail_now) || cancelled) {
          fr.status = transfer::FileStatus::failed;
          fr.sha256.reset();
          fr.git_oid.reset();
          fr.error = cancelled ? "cancelled" : "injected failure";
          r.ok = false;
          r.error = f.path + ": " + fr.error;
          r.retryable = transient || cancelled;
        } else {
          progress.on_file_started(g.mirror, f.path, f.size);
          progress.on_bytes(g.mirror, f.path, f.size);
          r.bytes += f.size;
        }
        progress.on_file_finished(fr);
        r.files.push_back(fr);
      }
    }
    return r;
  }
  void cancel() override { cancelled = true; }
  transfer::CommitReport commit(const transfer::CommitJob& job,
                                std::span<const transfer::TaskResult> results) override {
    commits.push_back(job);
    return run_commit_job(job, results, clients_);
  }

 private:
  FakeHubClients& clients_;
  std::size_t cap_;
  std::deque<transfer::Task> running_;
};

}  // namespace hf2ms::applier::testing
