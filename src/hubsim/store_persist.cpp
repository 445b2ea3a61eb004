// Persistence of hubsim::Store (format 2), sized for million-file repos: no save rewrites
// what an earlier one wrote.
//  * state.json: repos, refs and commit headers only (no file lists), written atomically;
//  * commits/<oid>.txt: one per commit, written once: the commit's changes against its
//    parent, one line per file ("+ <sha256> <size> <git oid> <0|1 lfs> <path>" or
//    "- <path>"; '%', CR and LF in paths %-escaped), so a commit costs O(its changes) on disk;
//  * generated.log: the generated-blob registry, append-only ("<seed> <size> <sha256>");
//  * lfs.log: LFS objects repos came to hold by upload or lfs-files/duplicate, append-only
//    ("<repo object_id> <sha256>"; a deleted repo's lines name an object_id no repo has).
//    Objects a repo's commits name are held too, derived from the commit files on loading,
//    so a store written before lfs.log existed loads with those (and nothing it had only
//    uploaded: a client uploads such an object again).
// Blob bytes are files under blobs/ and are listed nowhere. Format 1 (everything inline in
// state.json) is still read.
#include "hubsim/store_impl.hpp"
#include "util/file.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <filesystem>
#include <fstream>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::string_view k_commit_header = "hf2ms-hubsim commit 1";

json meta_to_json(const RepoMeta& m) {
  return json{{"hub", to_string(m.key.hub)},
              {"type", to_string(m.key.type)},
              {"id", m.key.id},
              {"object_id", m.object_id},
              {"private", m.is_private},
              {"gated", m.gated},
              {"default_branch", m.default_branch},
              {"created_ms", m.created_ms},
              {"last_modified_ms", m.last_modified_ms},
              {"properties", m.properties},
              {"branches", m.branches},
              {"tags", m.tags},
              {"tag_created_ms", m.tag_created_ms}};
}

RepoMeta meta_from_json(const json& j) {
  RepoMeta m;
  m.key.hub = hub_from_string(j.at("hub").get<std::string>()).value_or(Hub::hf);
  m.key.type = repo_type_from_string(j.at("type").get<std::string>()).value_or(RepoType::model);
  m.key.id = j.at("id").get<std::string>();
  m.object_id = j.at("object_id").get<std::string>();
  m.is_private = j.at("private").get<bool>();
  m.gated = j.at("gated").get<std::string>();
  m.default_branch = j.at("default_branch").get<std::string>();
  m.created_ms = j.at("created_ms").get<std::int64_t>();
  m.last_modified_ms = j.at("last_modified_ms").get<std::int64_t>();
  m.properties = j.at("properties").get<std::map<std::string, std::string>>();
  m.branches = j.at("branches").get<std::map<std::string, std::string>>();
  m.tags = j.at("tags").get<std::map<std::string, std::string>>();
  m.tag_created_ms = j.value("tag_created_ms", std::map<std::string, std::int64_t>{});
  return m;
}

json header_to_json(const Commit& c) {
  return json{{"oid", c.oid},         {"parent", c.parent}, {"title", c.title},
              {"message", c.message}, {"author", c.author}, {"time_ms", c.time_ms}};
}

std::shared_ptr<Commit> header_from_json(const json& j) {
  auto c = std::make_shared<Commit>();
  c->oid = j.at("oid").get<std::string>();
  c->parent = j.at("parent").get<std::string>();
  c->title = j.at("title").get<std::string>();
  c->message = j.at("message").get<std::string>();
  c->author = j.at("author").get<std::string>();
  c->time_ms = j.at("time_ms").get<std::int64_t>();
  return c;
}

// --- commits/<oid>.txt -----------------------------------------------------------------

std::string escape_path(const std::string& path) {
  if (path.find_first_of("%\r\n") == std::string::npos) {
    return path;
  }
  std::string out;
  for (const char c : path) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string unescape_path(std::string_view text) {
  if (text.find('%') == std::string_view::npos) {
    return std::string(text);
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ec == std::errc()) {
      out.push_back(static_cast<char>(value));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

void write_put(std::ofstream& out, const std::string& path, const FileEntry& e) {
  out << "+ " << e.sha256 << ' ' << e.size << ' ' << e.git_oid << ' ' << (e.lfs ? '1' : '0') << ' '
      << escape_path(path) << '\n';
}

// Writes `commit`'s changes against `parent` (null: every file) to `path` atomically.
Result<void> write_commit_file(const std::string& path, const Commit& commit,
                               const Commit* parent) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << k_commit_header << '\n';
    if (parent == nullptr) {
      for (const auto& [p, e] : commit.files) {
        write_put(out, p, e);
      }
    } else {
      // O(the changes): the chunks both trees share are skipped (file_tree.hpp).
      commit.files.diff(
          parent->files,
          [&](const FileTree::value_type& kv) { write_put(out, kv.first, kv.second); },
          [&](const std::string& p) { out << "- " << escape_path(p) << '\n'; });
    }
    out.flush();
    if (!out) {
      return unexpected(make_error(ErrorKind::io, "cannot write " + tmp));
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    return unexpected(make_error(ErrorKind::io, "cannot write " + path + ": " + ec.message()));
  }
  return {};
}

std::optional<std::uint64_t> to_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? std::optional(value)
                                                               : std::nullopt;
}

// Applies the change lines of commit file `path` to `files`; `held` gains its LFS objects.
Result<void> read_commit_file(const std::string& path, FileTree& files, HeldObjects& held) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line != k_commit_header) {
    return unexpected(make_error(ErrorKind::io, "state: missing or unreadable " + path));
  }
  const auto bad = [&] {
    return unexpected(make_error(ErrorKind::io, "state: bad line in " + path));
  };
  while (std::getline(in, line)) {
    const std::string_view l(line);
    if (l.substr(0, 2) == "- ") {
      files.erase(unescape_path(l.substr(2)));
      continue;
    }
    // "+ " sha256(64) ' ' size ' ' oid ' ' lfs ' ' path
    if (l.substr(0, 2) != "+ " || l.size() < 2 + 64 + 1) {
      return bad();
    }
    const std::string_view sha = l.substr(2, 64);
    std::string_view rest = l.substr(2 + 64 + 1);
    const auto s1 = rest.find(' ');
    const auto size = s1 == std::string_view::npos ? std::nullopt : to_u64(rest.substr(0, s1));
    if (!size) {
      return bad();
    }
    rest = rest.substr(s1 + 1);
    const auto s2 = rest.find(' ');
    if (s2 == std::string_view::npos || rest.size() < s2 + 3 || rest[s2 + 2] != ' ') {
      return bad();
    }
    const bool lfs = rest[s2 + 1] == '1';
    files.put(unescape_path(rest.substr(s2 + 3)),
              FileEntry{std::string(sha), *size, std::string(rest.substr(0, s2)), lfs});
    if (const auto k = lfs ? object_key(sha) : std::nullopt) {
      held.insert(*k);
    }
  }
  return {};
}

// --- generated.log ---------------------------------------------------------------------

Result<void> append_lines(const std::string& path, const std::vector<std::string>& lines) {
  if (lines.empty()) {
    return {};
  }
  std::ofstream out(path, std::ios::binary | std::ios::app);
  for (const auto& line : lines) {
    out << line << '\n';
  }
  out.flush();
  if (!out) {
    return unexpected(make_error(ErrorKind::io, "cannot append to " + path));
  }
  return {};
}

void read_generated(const std::string& path, Store::Impl& impl) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    const auto a = line.find(' ');
    const auto b = a == std::string::npos ? a : line.find(' ', a + 1);
    if (b == std::string::npos || line.size() != b + 1 + 64) {
      continue;  // a torn last line of an interrupted append
    }
    const auto seed = to_u64(std::string_view(line).substr(0, a));
    const auto size = to_u64(std::string_view(line).substr(a + 1, b - a - 1));
    if (!seed || !size) {
      continue;
    }
    (void)register_generated(impl, *seed, *size, line.substr(b + 1));
  }
}

// --- lfs.log -------------------------------------------------------------------------------

// Adds the held objects of lfs.log to the repos whose object_id its lines name.
void read_holds(const std::string& path, Store::Impl& impl) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return;
  }
  std::map<std::string, StoredRepo*> by_object_id;
  for (auto& [map_key, repo] : impl.repos) {
    by_object_id[repo.meta.object_id] = &repo;
  }
  std::string line;
  while (std::getline(in, line)) {
    const auto space = line.find(' ');
    const auto k = space == std::string::npos ? std::nullopt : object_key(line.substr(space + 1));
    const auto repo = k ? by_object_id.find(line.substr(0, space)) : by_object_id.end();
    if (repo != by_object_id.end()) {  // else a torn line or a deleted repo's
      repo->second->held.insert(*k);
    }
  }
}

// --- loading -----------------------------------------------------------------------------

// Format 1: commits with their whole file maps inline, the generated registry inline.
void load_format_1(const json& root, Store::Impl& impl) {
  for (const auto& r : root.at("repos")) {
    StoredRepo repo{meta_from_json(r.at("meta")), {}, {}};
    for (const auto& c : r.at("commits")) {
      auto commit = header_from_json(c);
      FileMap files;
      for (const auto& [path, f] : c.at("files").items()) {
        files[path] =
            FileEntry{f.at("sha256").get<std::string>(), f.at("size").get<std::uint64_t>(),
                      f.at("git_oid").get<std::string>(), f.at("lfs").get<bool>()};
      }
      commit->files = FileTree(files);
      hold_lfs_entries(repo.held, commit->files);
      repo.commits[commit->oid] = commit;
    }
    impl.repos[repo_map_key(repo.meta.key)] = std::move(repo);
  }
  for (const auto& g : root.at("generated")) {
    const auto seed = g.at("seed").get<std::uint64_t>();
    const auto size = g.at("size").get<std::uint64_t>();
    (void)register_generated(impl, seed, size, g.at("sha256").get<std::string>());
  }
}

// Format 2: headers from state.json, file maps rebuilt parent first from commits/.
Result<void> load_format_2(const json& root, const std::string& data_dir, Store::Impl& impl) {
  for (const auto& r : root.at("repos")) {
    StoredRepo repo{meta_from_json(r.at("meta")), {}, {}};
    std::map<std::string, std::shared_ptr<Commit>> pending;
    for (const auto& c : r.at("commits")) {
      auto commit = header_from_json(c);
      pending[commit->oid] = commit;
    }
    while (!pending.empty()) {
      // Walk up to the oldest commit not loaded yet, then load it on top of its parent.
      auto it = pending.begin();
      while (pending.count(it->second->parent) != 0) {
        it = pending.find(it->second->parent);
      }
      std::shared_ptr<Commit> commit = it->second;
      if (const auto parent = repo.commits.find(commit->parent); parent != repo.commits.end()) {
        commit->files = parent->second->files;
      }
      auto read =
          read_commit_file((fs::path(data_dir) / "commits" / (commit->oid + ".txt")).string(),
                           commit->files, repo.held);
      if (!read) {
        return unexpected(read.error());
      }
      repo.commits[commit->oid] = commit;
      pending.erase(it);
    }
    impl.repos[repo_map_key(repo.meta.key)] = std::move(repo);
  }
  read_generated((fs::path(data_dir) / "generated.log").string(), impl);
  read_holds((fs::path(data_dir) / "lfs.log").string(), impl);
  return {};
}

}  // namespace

Result<void> load_state(const std::string& data_dir, Store::Impl& impl) {
  auto text = read_file((fs::path(data_dir) / "state.json").string());
  if (!text) {
    return text.error().kind == ErrorKind::not_found ? Result<void>{} : unexpected(text.error());
  }
  const json root = json::parse(*text, nullptr, false);
  if (root.is_discarded()) {
    return unexpected(make_error(ErrorKind::io, "state.json is not valid JSON"));
  }
  // The one adapter around nlohmann's throwing accessors for state.json.
  try {
    if (root.value("format", 1) == 1) {
      load_format_1(root, impl);
      return {};
    }
    return load_format_2(root, data_dir, impl);
  } catch (const json::exception& e) {
    return unexpected(make_error(ErrorKind::io, std::string("state.json: ") + e.what()));
  }
}

PendingSave take_pending_save(Store::Impl& impl) {
  PendingSave save;
  json repos = json::array();
  for (const auto& [map_key, repo] : impl.repos) {
    json commits = json::array();
    for (const auto& [oid, c] : repo.commits) {
      commits.push_back(header_to_json(*c));
    }
    repos.push_back(json{{"meta", meta_to_json(repo.meta)}, {"commits", commits}});
  }
  const json root{{"format", 2}, {"repos", repos}};
  // replace: repo ids and messages are arbitrary bytes; never throw on invalid UTF-8.
  save.state_json = root.dump(-1, ' ', false, json::error_handler_t::replace);
  for (auto& [commit, parent] : impl.unsaved_commits) {
    save.commits.emplace_back(std::move(commit), std::move(parent));
  }
  impl.unsaved_commits.clear();
  save.generated.reserve(impl.unsaved_generated.size());
  for (const auto& [seed, size] : impl.unsaved_generated) {
    const auto it = impl.generated.find({seed, size});
    if (it != impl.generated.end()) {
      save.generated.push_back(std::to_string(seed) + ' ' + std::to_string(size) + ' ' +
                               *it->second);
    }
  }
  save.generated_keys = std::move(impl.unsaved_generated);
  impl.unsaved_generated.clear();
  save.holds = std::move(impl.unsaved_holds);
  impl.unsaved_holds.clear();
  return save;
}

Result<void> write_pending_save(const std::string& data_dir, const PendingSave& save) {
  const fs::path dir(data_dir);
  std::error_code ec;
  fs::create_directories(dir / "commits", ec);
  for (const auto& [commit, parent] : save.commits) {
    auto written = write_commit_file((dir / "commits" / (commit->oid + ".txt")).string(), *commit,
                                     parent.get());
    if (!written) {
      return written;
    }
  }
  auto appended = append_lines((dir / "generated.log").string(), save.generated);
  if (!appended) {
    return appended;
  }
  std::vector<std::string> holds;
  holds.reserve(save.holds.size());
  for (const auto& [object_id, sha256] : save.holds) {
    holds.push_back(object_id + ' ' + sha256);
  }
  appended = append_lines((dir / "lfs.log").string(), holds);
  if (!appended) {
    return appended;
  }
  return write_file_atomic((dir / "state.json").string(), save.state_json);
}

}  // namespace hf2ms::hubsim
