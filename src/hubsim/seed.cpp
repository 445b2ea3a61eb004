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

struct SeedRepo {
  RepoMeta meta;
  std::vector<SeedFile> files;
  std::string dir;  // seed from this directory instead
  std::uint64_t seed = 0;
};

constexpr std::uint64_t k_regular_limit = std::uint64_t{10} << 20;

std::string expand(std::string s, std::string_view var, std::uint64_t value) {
  for (auto pos = s.find(var); pos != std::string::npos; pos = s.find(var, pos)) {
    s.replace(pos, var.size(), std::to_string(value));
  }
  return s;
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
      for (const auto& f : r.value("files", json::array())) {
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
          repo.files.push_back(std::move(sf));
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
  const bool lfs = f.lfs.value_or(blob->size > k_regular_limit);
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
  FileMap files;
  for (const SeedFile& f : repo.files) {
    auto entry = entry_for(store, repo, f);
    if (!entry) {
      return unexpected(entry.error());
    }
    files[f.path] = *entry;
  }
  const std::string owner = repo.meta.key.id.substr(0, repo.meta.key.id.find('/'));
  auto created = store.create_repo(repo.meta, std::move(files), owner, "initial commit");
  if (!created) {
    return unexpected(created.error());
  }
  return {};
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
