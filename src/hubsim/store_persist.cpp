// state.json of hubsim::Store: repos, commits, refs and the generated-blob registry. Blob
// bytes are files under blobs/ and are not listed here.
#include "hubsim/store_impl.hpp"

#include <nlohmann/json.hpp>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;

json file_to_json(const FileEntry& e) {
  return json{{"sha256", e.sha256}, {"size", e.size}, {"git_oid", e.git_oid}, {"lfs", e.lfs}};
}

json commit_to_json(const Commit& c) {
  json files = json::object();
  for (const auto& [path, e] : c.files) {
    files[path] = file_to_json(e);
  }
  return json{{"oid", c.oid},         {"parent", c.parent}, {"title", c.title},
              {"message", c.message}, {"author", c.author}, {"time_ms", c.time_ms},
              {"files", files}};
}

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
              {"tags", m.tags}};
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
  return m;
}

CommitPtr commit_from_json(const json& j) {
  auto c = std::make_shared<Commit>();
  c->oid = j.at("oid").get<std::string>();
  c->parent = j.at("parent").get<std::string>();
  c->title = j.at("title").get<std::string>();
  c->message = j.at("message").get<std::string>();
  c->author = j.at("author").get<std::string>();
  c->time_ms = j.at("time_ms").get<std::int64_t>();
  for (const auto& [path, f] : j.at("files").items()) {
    c->files[path] = FileEntry{f.at("sha256").get<std::string>(), f.at("size").get<std::uint64_t>(),
                               f.at("git_oid").get<std::string>(), f.at("lfs").get<bool>()};
  }
  return c;
}

// The one adapter around nlohmann's throwing accessors for state.json.
void load_state(const json& root, Store::Impl& impl) {
  for (const auto& r : root.at("repos")) {
    StoredRepo repo{meta_from_json(r.at("meta")), {}};
    for (const auto& c : r.at("commits")) {
      CommitPtr commit = commit_from_json(c);
      repo.commits[commit->oid] = commit;
    }
    impl.repos[repo_map_key(repo.meta.key)] = std::move(repo);
  }
  for (const auto& g : root.at("generated")) {
    const auto seed = g.at("seed").get<std::uint64_t>();
    const auto size = g.at("size").get<std::uint64_t>();
    const auto sha = g.at("sha256").get<std::string>();
    impl.generated[{seed, size}] = sha;
    impl.blobs.try_emplace(sha, BlobInfo{sha, size, seed});
  }
}

}  // namespace

std::string state_to_json(const Store::Impl& impl) {
  json repos = json::array();
  for (const auto& [map_key, repo] : impl.repos) {
    json commits = json::array();
    for (const auto& [oid, c] : repo.commits) {
      commits.push_back(commit_to_json(*c));
    }
    repos.push_back(json{{"meta", meta_to_json(repo.meta)}, {"commits", commits}});
  }
  json generated = json::array();
  for (const auto& [seed_size, sha] : impl.generated) {
    generated.push_back(
        json{{"seed", seed_size.first}, {"size", seed_size.second}, {"sha256", sha}});
  }
  const json root{{"format", 1}, {"repos", repos}, {"generated", generated}};
  // replace: repo paths are arbitrary bytes; never throw on invalid UTF-8.
  return root.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<void> state_from_json(std::string_view text, Store::Impl& impl) {
  const json root = json::parse(text, nullptr, false);
  if (root.is_discarded()) {
    return unexpected(make_error(ErrorKind::io, "state.json is not valid JSON"));
  }
  try {
    load_state(root, impl);
  } catch (const json::exception& e) {
    return unexpected(make_error(ErrorKind::io, std::string("state.json: ") + e.what()));
  }
  return {};
}

}  // namespace hf2ms::hubsim
