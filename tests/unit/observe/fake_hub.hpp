// FakeHub: an in-memory HubReader for observer tests (STYLE.md §10: fakes over mocks). Repos
// are added with their info, listing and file contents; every call is recorded as one line
// ("repo_info hf:model:acme/x@HEAD") so tests can check what was read and what was not.
// Thread-safe, since the observer calls it from several workers.
#pragma once

#include "hashing/hashing.hpp"
#include "hub/hub.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hf2ms::observe::testing {

struct FakeRepo {
  hub::RepoInfo info;
  std::vector<hub::FileEntry> files;
  std::map<std::string, std::string> contents;  // path → bytes, for fetch_small_file
  std::optional<Error> error;                   // returned by repo_info instead
};

// A small HF file: only its git blob oid is listed.
inline hub::FileEntry hf_small(const std::string& path, const std::string& content) {
  return {path, content.size(), std::nullopt, hashing::git_blob_sha1_hex(content), false};
}
// A ModelScope file: SHA-256 listed for everything.
inline hub::FileEntry ms_file(const std::string& path, const std::string& content) {
  return {path, content.size(), hashing::sha256_hex(content), std::nullopt, false};
}

class FakeHub final : public hub::HubReader {
 public:
  explicit FakeHub(manifest::Hub hub) : hub_(hub) {}

  // Runs after every list_files; set before observing.
  std::function<void()> after_list;

  // Adds `id` as a repo of `type` with `files` (contents kept for fetches).
  void add(manifest::RepoType type, const std::string& id,
           const std::vector<std::pair<hub::FileEntry, std::string>>& files,
           std::string commit = "c0ffee0000000000000000000000000000000001") {
    FakeRepo repo;
    repo.info = {id,
                 false,
                 hub::Gated::no,
                 std::move(commit),
                 hub_ == manifest::Hub::hf ? "main" : "master",
                 std::nullopt,
                 std::nullopt};
    for (const auto& [entry, content] : files) {
      repo.files.push_back(entry);
      repo.contents[entry.path] = content;
    }
    const std::lock_guard lock(mutex_);
    repos_[key(type, id)] = std::move(repo);
  }
  void fail_repo(manifest::RepoType type, const std::string& id, Error error) {
    FakeRepo repo;
    repo.error = std::move(error);
    const std::lock_guard lock(mutex_);
    repos_[key(type, id)] = std::move(repo);
  }
  void set_content(manifest::RepoType type, const std::string& id, const std::string& path,
                   const std::string& bytes) {
    const std::lock_guard lock(mutex_);
    repos_[key(type, id)].contents[path] = bytes;
  }

  // Every call so far, sorted (workers run in any order).
  [[nodiscard]] std::vector<std::string> calls() const {
    const std::lock_guard lock(mutex_);
    auto out = calls_;
    std::sort(out.begin(), out.end());
    return out;
  }
  [[nodiscard]] std::size_t count(const std::string& prefix) const {
    auto all = calls();
    return static_cast<std::size_t>(std::count_if(
        all.begin(), all.end(), [&](const std::string& c) { return c.rfind(prefix, 0) == 0; }));
  }

  Result<hub::Identity> whoami() override {
    const std::lock_guard lock(mutex_);
    calls_.emplace_back("whoami");
    if (whoami_error) {
      return unexpected(*whoami_error);
    }
    return hub::Identity{"user", {}, ""};
  }

  Result<std::optional<hub::RepoInfo>> repo_info(const hub::RepoKey& k,
                                                 std::string_view revision) override {
    const std::lock_guard lock(mutex_);
    calls_.push_back("repo_info " + to_string(k) + "@" + std::string(revision));
    auto it = repos_.find(key(k.type, k.id));
    if (it == repos_.end()) {
      return std::optional<hub::RepoInfo>();
    }
    if (it->second.error) {
      return unexpected(*it->second.error);
    }
    return std::optional<hub::RepoInfo>(it->second.info);
  }

  // Records what the observer asked (privacy_asked) and reads the default way.
  Result<std::optional<hub::RepoListing>> read_repo(const hub::RepoKey& k,
                                                    std::string_view revision,
                                                    hub::Privacy privacy) override {
    {
      const std::lock_guard lock(mutex_);
      privacy_.push_back(to_string(k) + "@" + std::string(revision) +
                         (privacy == hub::Privacy::needed ? " needed" : " not_needed"));
    }
    return HubReader::read_repo(k, revision, privacy);
  }
  // "ms:model:damo/x@master needed" per read_repo call, sorted.
  [[nodiscard]] std::vector<std::string> privacy_asked() const {
    const std::lock_guard lock(mutex_);
    auto out = privacy_;
    std::sort(out.begin(), out.end());
    return out;
  }

  Result<std::vector<std::string>> list_repos(manifest::RepoType type,
                                              std::string_view ns) override {
    const std::lock_guard lock(mutex_);
    calls_.push_back("list_repos " + manifest::to_string(type) + " " + std::string(ns));
    if (list_error) {
      return unexpected(*list_error);
    }
    std::vector<std::string> ids;
    const std::string prefix = manifest::to_string(type) + ":" + std::string(ns) + "/";
    for (const auto& [k, repo] : repos_) {
      if (k.rfind(prefix, 0) == 0) {
        ids.push_back(k.substr(manifest::to_string(type).size() + 1));
      }
    }
    return ids;
  }

  Result<std::vector<hub::FileEntry>> list_files(const hub::RepoKey& k,
                                                 std::string_view commit) override {
    std::vector<hub::FileEntry> files;
    {
      const std::lock_guard lock(mutex_);
      calls_.push_back("list_files " + to_string(k) + "@" + std::string(commit));
      files = repos_.at(key(k.type, k.id)).files;
    }
    if (after_list) {
      after_list();  // e.g. a commit landing while the observer lists
    }
    return files;
  }

  http::Request download_request(const hub::RepoKey&, std::string_view, std::string_view,
                                 std::optional<hub::ByteRange>) const override {
    return {};
  }

  Result<std::string> fetch_small_file(const hub::RepoKey& k, std::string_view commit,
                                       std::string_view path) override {
    const std::lock_guard lock(mutex_);
    calls_.push_back("fetch " + to_string(k) + "@" + std::string(commit) + " " + std::string(path));
    const auto& contents = repos_.at(key(k.type, k.id)).contents;
    auto it = contents.find(std::string(path));
    if (it == contents.end()) {
      return unexpected(make_error(ErrorKind::not_found, "no such file"));
    }
    return it->second;
  }

  std::optional<Error> list_error;
  std::optional<Error> whoami_error;  // returned by whoami instead of the user

 private:
  static std::string key(manifest::RepoType type, const std::string& id) {
    return manifest::to_string(type) + ":" + id;
  }

  manifest::Hub hub_;
  mutable std::mutex mutex_;
  std::map<std::string, FakeRepo> repos_;
  std::vector<std::string> calls_;
  std::vector<std::string> privacy_;
};

}  // namespace hf2ms::observe::testing
