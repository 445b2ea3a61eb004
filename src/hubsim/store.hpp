// The hub simulator's content-addressed store, shared by the Hugging Face and ModelScope
// sides of hf2ms-hubsim. Two halves:
//  * blobs, keyed by SHA-256: uploaded or seeded bytes live on disk under <data>/blobs/;
//    generated blobs are only a (seed, size) pair whose SHA-256 is computed once and
//    remembered, and whose bytes are produced on demand (generated_content.hpp);
//  * repos, keyed by (hub, type, "ns/name"), each with metadata, git-like commits (a full
//    path → FileEntry tree per commit, sharing unchanged chunks with its parent), branches,
//    tags, and the LFS objects the repo holds: LFS storage is per repo on the real hubs, so
//    an object another repo holds is not this one's until uploaded or duplicated to it.
// Every mutation is persisted under <data> (state.json atomically, plus one write-once file
// per commit holding its changes; store_persist.cpp), so the store survives a restart. All
// methods are thread-safe (one mutex); they return copies or shared pointers to immutable
// commits, never references into the store.
#pragma once

#include "hubsim/file_tree.hpp"
#include "manifest/manifest.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf2ms::hubsim {

// The hubs and repo types are hf2ms's own (manifest/manifest.hpp, with their to_string), so
// the simulator and the client can never disagree on what "ms" or "dataset" means.
using Hub = manifest::Hub;
using RepoType = manifest::RepoType;
using manifest::to_string;

[[nodiscard]] std::optional<Hub> hub_from_string(std::string_view s);
[[nodiscard]] std::optional<RepoType> repo_type_from_string(std::string_view s);  // singular

// Identifies a repo. `id` is "namespace/name". HF ids compare case-insensitively (the Hub
// answers for any casing and returns the canonical one); ModelScope ids compare exactly.
struct RepoKey {
  Hub hub = Hub::hf;
  RepoType type = RepoType::model;
  std::string id;
};

// The owner part of a repo id: "acme" of "acme/x".
[[nodiscard]] inline std::string namespace_of(std::string_view id) {
  return std::string(id.substr(0, id.find('/')));
}

// A file above this size is stored as LFS when nothing else says how (the Hub's 10 MiB limit
// for regular files; real-hub-limits.md HF §5).
inline constexpr std::uint64_t k_regular_file_limit = std::uint64_t{10} << 20;

// A blob the store can serve. `generator_seed` is set for generated content, whose bytes
// are a function of (seed, offset) and never stored.
struct BlobInfo {
  std::string sha256;  // 64 lower-case hex
  std::uint64_t size = 0;
  std::optional<std::uint64_t> generator_seed;
};

// How a file is kept in git: inline (regular blob) or as a Git LFS pointer.
enum class Storage { regular, lfs };

// An immutable commit. `files` is the whole tree at this commit, sharing the chunks it did
// not change with its parent's (file_tree.hpp).
struct Commit {
  std::string oid;     // 40 lower hex, unique in the store
  std::string parent;  // empty for a root commit
  std::string title;
  std::string message;
  std::string author;        // user name
  std::int64_t time_ms = 0;  // unix milliseconds
  FileTree files;
};
using CommitPtr = std::shared_ptr<const Commit>;  // shared: readers keep it while others commit

struct TreeIndex;  // store_index.hpp

// Metadata of a repo. `properties` holds hub-specific extras (e.g. ModelScope's license,
// chinese name, Space sdk) as strings so the store stays hub-agnostic.
struct RepoMeta {
  RepoKey key;            // `key.id` in canonical casing
  std::string object_id;  // 24 lower hex, the Hub's `_id`
  bool is_private = false;
  std::string gated;  // "" (not gated), "auto" or "manual"
  std::string default_branch = "main";
  std::int64_t created_ms = 0;
  std::int64_t last_modified_ms = 0;
  std::map<std::string, std::string> properties;
  std::map<std::string, std::string> branches;  // name → commit oid
  std::map<std::string, std::string> tags;      // name → commit oid
  // name → when the tag was made (ModelScope lists tags newest first by it); a tag without
  // an entry (seeded, or from an older state.json) counts as made with its commit.
  std::map<std::string, std::int64_t> tag_created_ms;
};

// One change in a commit request.
struct FileOp {
  enum class Kind { put, remove, remove_folder };
  Kind kind = Kind::put;
  std::string path;  // for remove_folder: a folder, with or without trailing '/'
  FileEntry entry;   // for put
};

// What the HF/MS commit endpoints ask the store to do, applied atomically.
struct CommitRequest {
  std::string branch;                          // must exist
  std::optional<std::string> expected_parent;  // hex prefix (5..40) the head must match
  std::string title;
  std::string message;
  std::string author;
  std::vector<FileOp> ops;
};

class Store {
 public:
  // Opens (or creates) the store in `data_dir`, loading <data_dir>/state.json if present.
  [[nodiscard]] static Result<std::unique_ptr<Store>> open(const std::string& data_dir);
  // Passkey so only open() constructs a Store (through make_unique).
  class Key {
    friend class Store;
    Key() = default;
  };
  Store(Key, std::string data_dir);
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  [[nodiscard]] const std::string& data_dir() const { return data_dir_; }
  // A folder for partial uploads; files there may be moved into the blob store.
  [[nodiscard]] std::string staging_dir() const;

  // --- blobs -----------------------------------------------------------------------------
  // Stores `content`, returns its info. Idempotent.
  [[nodiscard]] Result<BlobInfo> put_blob(std::string_view content);
  // Moves the finished file `path` (e.g. in staging_dir()) into the store under `sha256`,
  // which the caller has computed while receiving it.
  [[nodiscard]] Result<BlobInfo> adopt_blob_file(const std::string& path, const std::string& sha256,
                                                 std::uint64_t size);
  // Registers generated content (seed, size); its SHA-256 is computed on first use only.
  [[nodiscard]] Result<BlobInfo> add_generated_blob(std::uint64_t seed, std::uint64_t size);
  [[nodiscard]] std::optional<BlobInfo> find_blob(std::string_view sha256) const;
  // Path of a stored blob's file (empty for generated blobs).
  [[nodiscard]] std::string blob_path(std::string_view sha256) const;
  // Reads `length` bytes at `offset` of `blob` into `out` (stored or generated).
  [[nodiscard]] Result<void> read_blob(const BlobInfo& blob, std::uint64_t offset,
                                       std::uint64_t length, std::string& out) const;
  // The FileEntry for `blob` kept as `storage`; for a regular file this reads the content
  // once to compute the git blob oid.
  [[nodiscard]] Result<FileEntry> make_entry(const BlobInfo& blob, Storage storage) const;

  // --- repos -----------------------------------------------------------------------------
  // Creates a repo with a root commit on `meta.default_branch` holding `initial_files`
  // (empty map allowed). conflict when it exists. Fills object_id/times when empty.
  // The repo holds every LFS object of `initial_files`.
  [[nodiscard]] Result<RepoMeta> create_repo(RepoMeta meta, FileTree initial_files,
                                             const std::string& author, const std::string& title);
  [[nodiscard]] Result<void> delete_repo(const RepoKey& key);
  [[nodiscard]] std::optional<RepoMeta> find_repo(const RepoKey& key) const;
  // Applies `edit` to the repo's metadata under the lock (visibility, gating, properties).
  [[nodiscard]] Result<RepoMeta> update_repo(const RepoKey& key,
                                             const std::function<void(RepoMeta&)>& edit);
  // Repos of `hub`/`type` whose namespace equals `author` (case-insensitive for HF); all of
  // them when `author` is empty. Sorted by id.
  [[nodiscard]] std::vector<RepoMeta> list_repos(Hub hub, RepoType type,
                                                 std::string_view author) const;

  // Resolves a branch, tag, "HEAD" (default branch), "refs/heads/x", "refs/tags/x" or a
  // commit id / unique hex prefix (≥ 7) to a commit. nullopt when unknown.
  [[nodiscard]] std::optional<CommitPtr> resolve(const RepoKey& key, std::string_view rev) const;
  [[nodiscard]] std::optional<CommitPtr> get_commit(const RepoKey& key, std::string_view oid) const;
  // Commits reachable from `rev`, newest first.
  [[nodiscard]] Result<std::vector<CommitPtr>> history(const RepoKey& key,
                                                       std::string_view rev) const;

  // The listing index of `commit` (a commit of `key`): files and folders sorted by path, for
  // tree pages that cost O(page) (store_index.hpp). Built on first use, outside the lock, and
  // kept in a small cache of recent commits; ModelScope repos get last-change history too.
  [[nodiscard]] std::shared_ptr<const TreeIndex> tree_index(const RepoKey& key,
                                                            const CommitPtr& commit) const;

  // --- LFS objects held per repo ----------------------------------------------------------
  // Whether the repo holds LFS object `sha256` (uploaded to it, duplicated to it, or named by
  // an LFS file of one of its commits). False for an unknown repo.
  [[nodiscard]] bool repo_holds(const RepoKey& key, std::string_view sha256) const;
  // Records that the repo holds `sha256` (an upload to it finished, or a server-side copy).
  // not_found for an unknown repo, invalid_input for a malformed hash.
  [[nodiscard]] Result<void> hold_object(const RepoKey& key, std::string_view sha256);

  // Applies `request` atomically; the repo then holds every LFS object the request puts
  // (routes check that it held them before: this API trusts its caller). Errors: not_found (repo or
  // branch; or a removed path that does not exist, message starts with "EntryNotFound"), conflict
  // (head differs from expected_parent), invalid_input (bad path).
  [[nodiscard]] Result<CommitPtr> commit(const RepoKey& key, const CommitRequest& request);

  // Branch/tag management. conflict when it exists, not_found when `rev`/name is unknown,
  // invalid_input (400) when the name fails git's ref-name rules (is_valid_ref_name).
  [[nodiscard]] Result<void> create_branch(const RepoKey& key, const std::string& name,
                                           std::string_view start_rev);
  [[nodiscard]] Result<void> delete_branch(const RepoKey& key, const std::string& name);
  [[nodiscard]] Result<void> create_tag(const RepoKey& key, const std::string& name,
                                        std::string_view rev);
  [[nodiscard]] Result<void> delete_tag(const RepoKey& key, const std::string& name);

  // While a DeferSaves guard lives, mutations skip writing state.json; the guard's
  // destructor saves once (bulk seeding of thousands of repos).
  class DeferSaves {
   public:
    explicit DeferSaves(Store& store);
    ~DeferSaves();
    DeferSaves(const DeferSaves&) = delete;
    DeferSaves& operator=(const DeferSaves&) = delete;

   private:
    Store& store_;
  };
  // Writes state.json now.
  [[nodiscard]] Result<void> save();

  // Implementation state (store_impl.hpp); public only so the store's own files can reach it.
  struct Impl;

 private:
  std::string data_dir_;
  std::unique_ptr<Impl> impl_;
};

// The canonical Git LFS pointer text for (sha256, size) (protocols/huggingface-hub.md §5.1).
[[nodiscard]] std::string lfs_pointer(std::string_view sha256, std::uint64_t size);

// True when `path` is a clean repo path: non-empty, relative, '/'-separated, no empty, "." or
// ".." segment, no ".git" segment, no backslash or control character.
[[nodiscard]] bool is_valid_repo_file_path(std::string_view path);

// True when `name` is a branch or tag name git accepts under refs/heads/ or refs/tags/
// (git check-ref-format): not empty, not "@"; no control character, space, ~ ^ : ? * [ or
// backslash; no "..", "//" or "@{"; no leading or trailing '/', no trailing '.'; no segment
// starting with '.' or ending in ".lock". The hubs' own extra rules are UNCONFIRMED.
[[nodiscard]] bool is_valid_ref_name(std::string_view name);

}  // namespace hf2ms::hubsim
