#include "hubsim/seed.hpp"

#include "hashing/hashing.hpp"
#include "util/file.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;
namespace fs = std::filesystem;

// A file or file family of a seeded repo, after templating.
struct SeedFile {
  std::string path;
  std::optional<std::string> content;  // literal content; else generated
  std::uint64_t size = 0;
  std::optional<bool> lfs;  // nullopt: LFS when larger than 10 MiB
  std::string sha256;       // declared hash: an LFS entry only, never hashed, no bytes
};

// A tag or branch seeded with its own tree (docs/hubsim.md "Seeding refs").
struct SeedRef {
  std::string name;
  std::vector<SeedFile> files;
};

struct SeedRepo {
  RepoMeta meta;
  std::vector<SeedFile> files;
  std::vector<SeedRef> tags;      // oldest first
  std::vector<SeedRef> branches;  // besides the default branch
  std::string dir;                // seed from this directory instead
  std::uint64_t seed = 0;
};

std::string expand(std::string s, std::string_view var, std::uint64_t value) {
  for (auto pos = s.find(var); pos != std::string::npos; pos = s.find(var, pos)) {
    s.replace(pos, var.size(), std::to_string(value));
  }
  return s;
}

std::vector<SeedFile> read_files(const json& list, std::uint64_t i) {
  std::vector<SeedFile> files;
  for (const auto& f : list) {
    const auto fcount = f.value("count", std::uint64_t{1});
    for (std::uint64_t j = 0; j < fcount; ++j) {
      SeedFile sf;
      sf.path = expand(expand(f.at("path").get<std::string>(), "{j}", j), "{i}", i);
      if (f.contains("content")) {
        sf.content = f.at("content").get<std::string>();
      }
      sf.size = f.value("size", std::uint64_t{0});
      if (f.contains("lfs")) {
        sf.lfs = f.at("lfs").get<bool>();
      }
      sf.sha256 = f.value("sha256", std::string());
      files.push_back(std::move(sf));
    }
  }
  return files;
}

// The one adapter around nlohmann's throwing accessors for seed specs. Expands "count" and
// the {i} (repo) / {j} (file) placeholders.
std::vector<SeedRepo> read_spec(const json& root) {
  std::vector<SeedRepo> out;
  for (const auto& r : root.at("repos")) {
    const auto count = r.value("count", std::uint64_t{1});
    for (std::uint64_t i = 0; i < count; ++i) {
      SeedRepo repo;
      repo.meta.key.hub = hub_from_string(r.value("hub", std::string("hf"))).value_or(Hub::hf);
      repo.meta.key.type =
          repo_type_from_string(r.value("type", std::string("model"))).value_or(RepoType::model);
      repo.meta.key.id = expand(r.at("id").get<std::string>(), "{i}", i);
      repo.meta.is_private = r.value("private", false);
      repo.meta.gated = r.value("gated", std::string());
      // HF states a test can seed: storage locked (403 on /resolve/) and Xet-backed (xetHash in
      // listings, lfs-files/duplicate); docs/hubsim.md.
      for (const char* flag : {"storage_locked", "xet"}) {
        if (r.value(flag, false)) {
          repo.meta.properties[std::string("hf_") + flag] = "true";
        }
      }
      repo.meta.default_branch =
          r.value("default_branch", std::string(repo.meta.key.hub == Hub::ms ? "master" : "main"));
      repo.seed = r.value("seed", std::uint64_t{0});
      repo.dir = r.value("dir", std::string());
      repo.files = read_files(r.value("files", json::array()), i);
      for (const char* kind : {"tags", "branches"}) {
        for (const auto& t : r.value(kind, json::array())) {
          SeedRef ref{t.at("name").get<std::string>(),
                      read_files(t.value("files", json::array()), i)};
          (std::string(kind) == "tags" ? repo.tags : repo.branches).push_back(std::move(ref));
        }
      }
      out.push_back(std::move(repo));
    }
  }
  return out;
}

Result<FileEntry> entry_for(Store& store, const SeedRepo& repo, const SeedFile& f) {
  if (!f.sha256.empty()) {
    // A file too large to hash at seeding (e.g. above the 50 GB /resolve/ cap): listed with
    // its declared hash, refused or 404 wherever its bytes would be needed.
    if (!hashing::is_lower_hex(f.sha256, 64)) {
      return unexpected(
          make_error(ErrorKind::invalid_input, "seed spec: bad sha256 for " + f.path));
    }
    return FileEntry{f.sha256, f.size, hashing::git_blob_sha1_hex(lfs_pointer(f.sha256, f.size)),
                     true};
  }
  auto blob = f.content ? store.put_blob(*f.content)
                        : store.add_generated_blob(
                              content_seed(repo.meta.key.id, f.path, repo.seed), f.size);
  if (!blob) {
    return unexpected(blob.error());
  }
  const bool lfs = f.lfs.value_or(blob->size > k_regular_file_limit);
  return store.make_entry(*blob, lfs ? Storage::lfs : Storage::regular);
}

Result<void> add_dir_files(const std::string& dir, std::vector<SeedFile>& files) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) {
      continue;
    }
    const std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    if (rel.rfind(".git/", 0) == 0) {
      continue;
    }
    auto text = read_file(it->path().string());
    if (!text) {
      return unexpected(text.error());
    }
    files.push_back(SeedFile{rel, std::move(*text), 0, std::nullopt, ""});
  }
  if (ec) {
    return unexpected(
        make_error(ErrorKind::io, "cannot read seed dir " + dir + ": " + ec.message()));
  }
  return {};
}

Result<FileMap> file_map(Store& store, const SeedRepo& repo, const std::vector<SeedFile>& list) {
  FileMap files;
  for (const SeedFile& f : list) {
    auto entry = entry_for(store, repo, f);
    if (!entry) {
      return unexpected(entry.error());
    }
    files[f.path] = *entry;
  }
  return files;
}

// Turns `branch` (holding `from`) into `to` in one commit.
Result<void> commit_tree(Store& store, const RepoKey& key, const std::string& branch,
                         const FileMap& from, const FileMap& to, const std::string& owner,
                         const std::string& title) {
  CommitRequest request{branch, std::nullopt, title, "", owner, {}};
  for (const auto& [path, entry] : from) {
    if (to.count(path) == 0) {
      request.ops.push_back({FileOp::Kind::remove, path, {}});
    }
  }
  for (const auto& [path, entry] : to) {
    request.ops.push_back({FileOp::Kind::put, path, entry});
  }
  auto committed = store.commit(key, request);
  return committed ? Result<void>() : unexpected(committed.error());
}

// Tags first, oldest first: each one's tree committed to the default branch and tagged; then
// the repo's own files as the head; then each branch from the head with its own tree.
Result<void> seed_with_refs(Store& store, const SeedRepo& repo, const FileMap& head,
                            const std::string& owner) {
  const RepoKey& key = repo.meta.key;
  const std::string& main = repo.meta.default_branch;
  auto created = store.create_repo(repo.meta, {}, owner, "initial commit");
  if (!created) {
    return unexpected(created.error());
  }
  FileMap at;
  auto step = [&](const FileMap& to, const std::string& title) -> Result<void> {
    auto done = commit_tree(store, key, main, at, to, owner, title);
    at = to;
    return done;
  };
  for (const SeedRef& tag : repo.tags) {
    auto tree = file_map(store, repo, tag.files);
    if (!tree) {
      return unexpected(tree.error());
    }
    if (auto done = step(*tree, "release " + tag.name); !done) {
      return done;
    }
    if (auto tagged = store.create_tag(key, tag.name, main); !tagged) {
      return tagged;
    }
  }
  if (auto done = step(head, "current files"); !done) {
    return done;
  }
  for (const SeedRef& branch : repo.branches) {
    auto tree = file_map(store, repo, branch.files);
    if (!tree) {
      return unexpected(tree.error());
    }
    if (auto made = store.create_branch(key, branch.name, main); !made) {
      return made;
    }
    if (auto done =
            commit_tree(store, key, branch.name, head, *tree, owner, "branch " + branch.name);
        !done) {
      return done;
    }
  }
  return {};
}

Result<void> seed_repo(Store& store, SeedRepo repo, const std::string& base_dir) {
  if (store.find_repo(repo.meta.key)) {
    return {};
  }
  if (!repo.dir.empty()) {
    const fs::path dir =
        fs::path(repo.dir).is_absolute() ? fs::path(repo.dir) : fs::path(base_dir) / repo.dir;
    auto added = add_dir_files(dir.string(), repo.files);
    if (!added) {
      return unexpected(added.error());
    }
  }
  auto files = file_map(store, repo, repo.files);
  if (!files) {
    return unexpected(files.error());
  }
  const std::string owner = repo.meta.key.id.substr(0, repo.meta.key.id.find('/'));
  if (repo.tags.empty() && repo.branches.empty()) {
    auto created = store.create_repo(repo.meta, std::move(*files), owner, "initial commit");
    return created ? Result<void>() : unexpected(created.error());
  }
  return seed_with_refs(store, repo, *files, owner);
}

}  // namespace

std::uint64_t content_seed(std::string_view repo_id, std::string_view path,
                           std::uint64_t spec_seed) {
  return hashing::xxh3_64(std::string(repo_id) + '\0' + std::string(path), spec_seed);
}

Result<void> apply_seed_spec(Store& store, std::string_view json_text,
                             const std::string& base_dir) {
  const json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded()) {
    return unexpected(make_error(ErrorKind::invalid_input, "seed spec is not valid JSON"));
  }
  std::vector<SeedRepo> repos;
  try {
    repos = read_spec(root);
  } catch (const json::exception& e) {
    return unexpected(make_error(ErrorKind::invalid_input, std::string("seed spec: ") + e.what()));
  }
  const Store::DeferSaves defer(store);
  for (auto& repo : repos) {
    auto seeded = seed_repo(store, std::move(repo), base_dir);
    if (!seeded) {
      return unexpected(seeded.error());
    }
  }
  return {};
}

Result<void> apply_seed_file(Store& store, const std::string& path) {
  auto text = read_file(path);
  if (!text) {
    return unexpected(text.error());
  }
  return apply_seed_spec(store, *text, fs::path(path).parent_path().string());
}

}  // namespace hf2ms::hubsim
