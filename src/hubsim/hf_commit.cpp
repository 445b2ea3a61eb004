// preupload (§8.1) and the NDJSON commit (§8.3), with the Hub's checks before a commit
// lands: README.md front matter (hf_card.hpp) and the commit limits (hf_limits.hpp).
#include "hubsim/hf_card.hpp"
#include "hubsim/hf_limits.hpp"
#include "hubsim/hf_routes.hpp"

#include <httplib.h>

namespace hf2ms::hubsim {
namespace {
using nlohmann::json;

std::optional<std::string> base64_decode(std::string_view in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      v = 62;
    } else if (c == '/' || c == '_') {
      v = 63;
    } else if (c == '=' || c == '\n' || c == '\r') {
      continue;
    } else {
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// The content of `name` (".gitattributes", ".gitignore") at the root of `commit`, or "".
std::string committed_root_file(SimContext& ctx, const Commit& commit, const std::string& name) {
  const auto it = commit.files.find(name);
  std::string text;
  if (it != commit.files.end()) {
    if (auto blob = ctx.store.find_blob(it->second.sha256)) {
      (void)ctx.store.read_blob(*blob, 0, blob->size, text);
    }
  }
  return text;
}

// UNCONFIRMED (§8.1): the Hub's lfs/regular rule. Ours: a filter=lfs pattern of the
// .gitattributes sent or committed, or more than 10 MiB.
bool wants_lfs(const std::string& attrs, const std::string& path, std::uint64_t size) {
  return size > k_regular_file_limit || matches_lfs_attributes(attrs, path);
}

bool is_ignored(const std::string& gitignore, const std::string& path) {
  std::size_t start = 0;
  while (start < gitignore.size()) {
    const auto end = std::min(gitignore.find('\n', start), gitignore.size());
    const std::string line = gitignore.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line[0] != '#' && matches_lfs_attributes(line + " filter=lfs", path)) {
      return true;
    }
  }
  return false;
}

// An lfsFile line naming an object this repo does not hold. The text is the Hub's refusal of
// a commit whose LFS pointer names a missing object (huggingface_hub issue 3829 quotes it from
// the commit endpoint; git pushes print the same "Offending file" list). UNCONFIRMED: the
// status (400 here; Python reports it as a bad request) and whether the commit API lists
// the path like the git push does.
void send_missing_lfs_object(httplib::Response& res, const std::string& path) {
  send_error(res, 400, "",
             "Your push was rejected because an LFS pointer pointed to a file that does not "
             "exist. Offending file:\n- " +
                 path);
}

// One NDJSON line → a store operation; writes the error answer and returns nullopt on failure.
std::optional<FileOp> op_from_line(const json& line, HfRepoRequest& r) {
  const std::string key = jget(line, "key").is_string() ? jget(line, "key").get<std::string>() : "";
  const json& v = jget(line, "value");
  const std::string path =
      v.is_object() && jget(v, "path").is_string() ? jget(v, "path").get<std::string>() : "";
  if (key == "deletedFile" || key == "deletedFolder") {
    return FileOp{
        key == "deletedFile" ? FileOp::Kind::remove : FileOp::Kind::remove_folder, path, {}};
  }
  if (!is_valid_repo_file_path(path)) {
    send_error(r.res, 422, "", "Invalid path: " + path);
    return std::nullopt;
  }
  if (key == "file") {
    const std::string content =
        jget(v, "content").is_string() ? jget(v, "content").get<std::string>() : "";
    const bool utf8 =
        jget(v, "encoding").is_string() && jget(v, "encoding").get<std::string>() == "utf-8";
    auto bytes = utf8 ? std::optional<std::string>(content) : base64_decode(content);
    if (!bytes) {
      send_error(r.res, 400, "", "Invalid base64 content for " + path);
      return std::nullopt;
    }
    if (bytes->size() > k_regular_file_limit) {
      send_error(r.res, 400, "",
                 "Your push was rejected because it contains files larger than 10 MiB. Please use "
                 "https://git-lfs.github.com/ to store large files.");
      return std::nullopt;
    }
    auto blob = r.ctx.store.put_blob(*bytes);
    auto entry = blob ? r.ctx.store.make_entry(*blob, Storage::regular)
                      : Result<FileEntry>(unexpected(blob.error()));
    if (!entry) {
      send_error(r.res, 500, "", entry.error().message);
      return std::nullopt;
    }
    return FileOp{FileOp::Kind::put, path, *entry};
  }
  if (key == "lfsFile") {
    const std::string oid = jget(v, "oid").is_string() ? jget(v, "oid").get<std::string>() : "";
    // The object must be in this repo's LFS storage (§8.3): uploaded to it or copied to it
    // by lfs-files/duplicate; another repo holding it is not enough.
    const auto blob =
        r.ctx.store.repo_holds(r.key, oid) ? r.ctx.store.find_blob(oid) : std::nullopt;
    // Python leaves `size` out for server-side copies (§8.3).
    if (!blob || (v.contains("size") && jget(v, "size").is_number() &&
                  jget(v, "size").get<std::uint64_t>() != blob->size)) {
      send_missing_lfs_object(r.res, path);
      return std::nullopt;
    }
    auto entry = r.ctx.store.make_entry(*blob, Storage::lfs);
    return FileOp{FileOp::Kind::put, path, *entry};
  }
  send_error(
      r.res, 400, "",
      "Unknown line key '" + key + "'. Add a line with the key `lfsFile`, `file` or `deletedFile`");
  return std::nullopt;
}

struct ParsedCommit {
  CommitRequest request;
  bool ok = false;
};

ParsedCommit parse_commit_body(HfRepoRequest& r) {
  ParsedCommit p;
  std::size_t start = 0;
  bool header_seen = false;
  const std::string& body = r.req.body;
  while (start < body.size()) {
    const auto end = std::min(body.find('\n', start), body.size());
    const std::string_view text = std::string_view(body).substr(start, end - start);
    start = end + 1;
    if (text.find_first_not_of(" \r\t") == std::string_view::npos) {
      continue;  // blank lines and the optional trailing newline
    }
    const auto line = parse_json(text);
    if (!line || !line->is_object()) {
      send_error(r.res, 400, "", "Invalid NDJSON line");
      return p;
    }
    if (!header_seen) {
      const json& v = jget((*line), "value");
      if (jget((*line), "key") != "header" || !v.is_object() || !jget(v, "summary").is_string() ||
          jget(v, "summary").get<std::string>().empty()) {
        send_error(r.res, 400, "", "The first line must be the header, with a non-empty summary");
        return p;
      }
      p.request.title = jget(v, "summary").get<std::string>();
      p.request.message =
          jget(v, "description").is_string() ? jget(v, "description").get<std::string>() : "";
      if (jget(v, "parentCommit").is_string()) {
        p.request.expected_parent = jget(v, "parentCommit").get<std::string>();
      }
      header_seen = true;
      continue;
    }
    auto op = op_from_line(*line, r);
    if (!op) {
      return p;
    }
    p.request.ops.push_back(std::move(*op));
  }
  if (!header_seen || p.request.ops.empty()) {
    send_error(r.res, 400, "", "Add a line with the key `lfsFile`, `file` or `deletedFile`");
    return p;
  }
  p.ok = true;
  return p;
}

// create_pr=1: a new refs/pr/N branch from the base revision (§8.3).
std::optional<std::string> open_pull_request(HfRepoRequest& r, std::string& pr_url) {
  const auto repo = r.ctx.store.find_repo(r.key);
  int n = 1;
  while (repo && repo->branches.count("refs/pr/" + std::to_string(n)) != 0) {
    ++n;
  }
  const std::string name = "refs/pr/" + std::to_string(n);
  if (!repo || repo->branches.count(r.rev) == 0 || !r.ctx.store.create_branch(r.key, name, r.rev)) {
    send_error(r.res, 404, "RevisionNotFound", "Invalid rev id: " + r.rev);
    return std::nullopt;
  }
  pr_url =
      r.ctx.hf_url + "/" + web_prefix(r.key.type) + r.key.id + "/discussions/" + std::to_string(n);
  return name;
}

// Refuses (400) a commit that adds a README.md whose front matter the Hub would refuse.
bool readme_accepted(HfRepoRequest& r, const CommitRequest& request) {
  for (const FileOp& op : request.ops) {
    if (op.kind != FileOp::Kind::put || op.path != "README.md") {
      continue;
    }
    const auto blob = r.ctx.store.find_blob(op.entry.sha256);
    std::string text;
    if (!blob || !r.ctx.store.read_blob(*blob, 0, blob->size, text)) {
      send_error(r.res, 500, "", "README.md content missing from the store");
      return false;
    }
    const CardProblems problems = validate_card(text);
    if (!problems.ok()) {
      // UNCONFIRMED: the commit answer's exact text; it repeats what validate-yaml reports, in
      // the form the Python client prints ("Invalid metadata in README.md.\n- ...").
      send_error(r.res, 400, "", card_error_text(problems));
      return false;
    }
  }
  return true;
}

std::uint64_t inline_bytes_of(const CommitRequest& request) {
  std::uint64_t n = 0;
  for (const FileOp& op : request.ops) {
    if (op.kind == FileOp::Kind::put && !op.entry.lfs) {
      n += op.entry.size;
    }
  }
  return n;
}

}  // namespace

void handle_preupload(HfRepoRequest& r) {
  if (!hf_repo_for(r.caller, r.key, Need::read, r.res, r.ctx)) {
    return;
  }
  const auto commit = hf_commit_for(r.key, r.rev, r.res, r.ctx);
  if (!commit) {
    return;
  }
  const auto body = parse_json(r.req.body).value_or(json::object());
  const std::string attrs =
      body.contains("gitAttributes") && jget(body, "gitAttributes").is_string()
          ? jget(body, "gitAttributes").get<std::string>()
          : committed_root_file(r.ctx, **commit, ".gitattributes");
  // UNCONFIRMED (§8.1): that the Hub also applies the .gitignore committed at the revision
  // when the request sends none (as it does for .gitattributes).
  const std::string ignore = body.contains("gitIgnore") && jget(body, "gitIgnore").is_string()
                                 ? jget(body, "gitIgnore").get<std::string>()
                                 : committed_root_file(r.ctx, **commit, ".gitignore");
  json files = json::array();
  for (const auto& f : body.value("files", json::array())) {
    const std::string path = f.value("path", std::string());
    const std::uint64_t size = f.value("size", std::uint64_t{0});
    const bool lfs = wants_lfs(attrs, path, size);
    json out{{"path", path},
             {"uploadMode", lfs ? "lfs" : "regular"},
             {"shouldIgnore", is_ignored(ignore, path)}};
    if (const auto it = (*commit)->files.find(path); it != (*commit)->files.end()) {
      // UNCONFIRMED (§8.1): sha256 for LFS files, git oid for regular ones.
      out["oid"] = it->second.lfs ? it->second.sha256 : it->second.git_oid;
    }
    files.push_back(out);
  }
  send_json(r.res, json{{"files", files}, {"commitOid", (*commit)->oid}});
}

void handle_commit(HfRepoRequest& r) {
  if (!hf_repo_for(r.caller, r.key, Need::write, r.res, r.ctx)) {
    return;
  }
  ParsedCommit p = parse_commit_body(r);
  if (!p.ok || !readme_accepted(r, p.request) || !admit_commit(r, inline_bytes_of(p.request))) {
    return;
  }
  const CommitTiming timing = time_commit(r, p.request.ops.size());
  if (timing.timed_out && !r.ctx.options.hf_limits.commit_lands_after_timeout) {
    return send_gateway_timeout(r.res);
  }
  std::string pr_url;
  p.request.branch =
      r.rev == "HEAD" || r.rev.empty() ? r.ctx.store.find_repo(r.key)->default_branch : r.rev;
  if (is_truthy(query_value(r.query, "create_pr").value_or(""))) {
    p.request.branch = r.rev;
    auto pr = open_pull_request(r, pr_url);
    if (!pr) {
      return;
    }
    p.request.branch = *pr;
  }
  p.request.author = r.caller.who ? r.caller.who->user.name : "";
  auto done = r.ctx.store.commit(r.key, p.request);
  if (!done) {
    const int status = done.error().http_status.value_or(500);
    const std::string& msg = done.error().message;
    const std::string code = msg.rfind("EntryNotFound", 0) == 0      ? "EntryNotFound"
                             : msg.rfind("RevisionNotFound", 0) == 0 ? "RevisionNotFound"
                                                                     : "";
    return send_error(r.res, status, code, code.empty() ? msg : msg.substr(msg.find(": ") + 2));
  }
  if (timing.timed_out) {
    // Past the server's time budget: the gateway gives up with 504, but the commit landed
    // (real-hub-limits.md HF §2); the client must re-read the branch head.
    return send_gateway_timeout(r.res);
  }
  json out{{"success", true},
           {"commitOid", (*done)->oid},
           {"commitUrl",
            r.ctx.hf_url + "/" + web_prefix(r.key.type) + r.key.id + "/commit/" + (*done)->oid},
           {"hookOutput", ""}};
  if (!pr_url.empty()) {
    out["pullRequestUrl"] = pr_url;
  }
  send_json(r.res, out);
}

}  // namespace hf2ms::hubsim
