// plan::from_json: the strict reader. The only nlohmann call that can throw (parse) sits in
// parse_text(); everything after it checks types before reading, so nothing else throws.
#include "manifest/endpoint.hpp"
#include "manifest/repo_id.hpp"
#include "manifest/repo_path.hpp"
#include "plan/plan_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace hf2ms::plan {

namespace {

using nlohmann::json;

struct Ctx {
  Diagnostics& diags;
  std::string file;
};

void fail(Ctx& ctx, const std::string& path, const std::string& what) {
  ctx.diags.error("invalid plan: " + path + ": " + what,
                  "the file was not written by `hf2ms plan -o`, or was edited; re-create it",
                  SourceLocation{ctx.file, 0, 0});
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// 1-based line and column of byte offset `byte` (nlohmann counts bytes read, 1-based).
SourceLocation locate(std::string_view text, std::size_t byte, const std::string& file) {
  std::uint32_t line = 1;
  std::uint32_t col = 1;
  std::size_t end = byte == 0 ? 0 : std::min(byte - 1, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return SourceLocation{file, line, col};
}

// The adapter: the one place nlohmann may throw while reading a plan.
std::optional<json> parse_text(std::string_view text, Ctx& ctx) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    auto colon = what.find(": ", what.find("parse error"));
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    ctx.diags.error("malformed plan file: " + reason,
                    "the file is not valid JSON; was it truncated? Re-create it with "
                    "`hf2ms plan -o`",
                    locate(text, e.byte, ctx.file));
  } catch (const json::exception& e) {
    ctx.diags.error(std::string("malformed plan file: ") + e.what(), "",
                    SourceLocation{ctx.file, 0, 0});
  }
  return std::nullopt;
}

void check_keys(Ctx& ctx, const json& obj, const std::string& path,
                std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail(ctx, join(path, key), "unknown key");
    }
  }
}

const json* field(Ctx& ctx, const json& obj, std::string_view key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    fail(ctx, join(path, key), "missing");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> get_string(Ctx& ctx, const json& obj, std::string_view key,
                                      const std::string& path) {
  const json* v = field(ctx, obj, key, path);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_string()) {
    fail(ctx, join(path, key), "expected a string");
    return std::nullopt;
  }
  return v->get_ref<const std::string&>();
}

// An optional string: absent is fine; present must be a string.
std::optional<std::string> opt_string(Ctx& ctx, const json& obj, std::string_view key,
                                      const std::string& path) {
  if (!obj.contains(key)) {
    return std::nullopt;
  }
  return get_string(ctx, obj, key, path);
}

std::optional<std::uint64_t> get_uint(Ctx& ctx, const json& obj, std::string_view key,
                                      const std::string& path) {
  const json* v = field(ctx, obj, key, path);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_number_unsigned()) {
    fail(ctx, join(path, key), "expected a non-negative integer");
    return std::nullopt;
  }
  return v->get<std::uint64_t>();
}

std::optional<bool> get_bool(Ctx& ctx, const json& obj, std::string_view key,
                             const std::string& path) {
  const json* v = field(ctx, obj, key, path);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_boolean()) {
    fail(ctx, join(path, key), "expected true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

template <class E, std::size_t N>
std::optional<E> get_enum(Ctx& ctx, const json& obj, std::string_view key, const std::string& path,
                          const std::array<std::pair<std::string_view, E>, N>& names) {
  auto s = get_string(ctx, obj, key, path);
  if (!s) {
    return std::nullopt;
  }
  std::string expected;
  for (const auto& [name, value] : names) {
    if (name == *s) {
      return value;
    }
    expected += (expected.empty() ? "" : ", ") + std::string(name);
  }
  fail(ctx, join(path, key), "expected one of " + expected + ", got \"" + *s + "\"");
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, manifest::Hub>, 2> k_hubs{
    {{"hf", manifest::Hub::hf}, {"ms", manifest::Hub::ms}}};
constexpr std::array<std::pair<std::string_view, manifest::RepoType>, 3> k_types{
    {{"model", manifest::RepoType::model},
     {"dataset", manifest::RepoType::dataset},
     {"space", manifest::RepoType::space}}};
constexpr std::array<std::pair<std::string_view, manifest::Visibility>, 2> k_visibilities{
    {{"public", manifest::Visibility::public_}, {"private", manifest::Visibility::private_}}};
constexpr std::array<std::pair<std::string_view, Action>, 4> k_actions{{{"create", Action::create},
                                                                        {"update", Action::update},
                                                                        {"remove", Action::remove},
                                                                        {"keep", Action::keep}}};
constexpr std::array<std::pair<std::string_view, Transport>, 3> k_transports{
    {{"stream", Transport::stream}, {"lfs", Transport::lfs}, {"embedded", Transport::embedded}}};
constexpr std::array<std::pair<std::string_view, RefKind>, 2> k_ref_kinds{
    {{"branch", RefKind::branch}, {"tag", RefKind::tag}}};
constexpr std::array<std::pair<std::string_view, RefOp>, 5> k_ref_ops{
    {{"keep", RefOp::keep},
     {"create", RefOp::create},
     {"replace", RefOp::replace},
     {"update", RefOp::update},
     {"restore", RefOp::restore}}};
constexpr std::array<std::pair<std::string_view, MirrorAction>, 5> k_mirror_actions{
    {{"create", MirrorAction::create},
     {"update", MirrorAction::update},
     {"keep", MirrorAction::keep},
     {"skip", MirrorAction::skip},
     {"error", MirrorAction::error}}};

bool is_hex(std::string_view s, std::size_t length) {
  if (s.size() != length) {
    return false;
  }
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<std::string> get_hex(Ctx& ctx, const json& obj, std::string_view key,
                                   const std::string& path, std::size_t length) {
  auto s = opt_string(ctx, obj, key, path);
  if (s && !is_hex(*s, length)) {
    fail(ctx, join(path, key), "expected " + std::to_string(length) + " lower-case hex digits");
    return std::nullopt;
  }
  return s;
}

// The {"hub", "repo_id", "type"} part of a source or target.
void read_repo(Ctx& ctx, const json& j, const std::string& path, manifest::RepoRef& ref,
               manifest::RepoType& type) {
  if (auto hub = get_enum(ctx, j, "hub", path, k_hubs)) {
    ref.hub = *hub;
  }
  if (auto id = get_string(ctx, j, "repo_id", path)) {
    auto slash = id->find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == id->size() ||
        id->find('/', slash + 1) != std::string::npos) {
      fail(ctx, join(path, "repo_id"), "expected \"namespace/name\", got \"" + *id + "\"");
    } else {
      ref.ns = id->substr(0, slash);
      ref.name = id->substr(slash + 1);
      if (auto problem = manifest::check_repo_id(ref.hub, ref.ns, ref.name)) {
        fail(ctx, join(path, "repo_id"), problem->what);
      }
    }
  }
  if (auto t = get_enum(ctx, j, "type", path, k_types)) {
    type = *t;
  }
}

const json* object_at(Ctx& ctx, const json& obj, std::string_view key, const std::string& path) {
  const json* v = field(ctx, obj, key, path);
  if (v != nullptr && !v->is_object()) {
    fail(ctx, join(path, key), "expected an object");
    return nullptr;
  }
  return v;
}

const json* array_at(Ctx& ctx, const json& obj, std::string_view key, const std::string& path) {
  const json* v = field(ctx, obj, key, path);
  if (v != nullptr && !v->is_array()) {
    fail(ctx, join(path, key), "expected an array");
    return nullptr;
  }
  return v;
}

// A git ref from the plan (branch, revision, commit), through the shared validator.
void check_ref_at(Ctx& ctx, const std::string& value, const std::string& path) {
  if (auto problem = manifest::check_ref(value)) {
    fail(ctx, path, problem->what);
  }
}

void check_step(Ctx& ctx, const Step& s, const std::string& path) {
  if (!manifest::is_safe_repo_path(s.path)) {
    fail(ctx, join(path, "path"), "not a plain relative repo path");
  }
  bool copies = s.action == Action::create || s.action == Action::update;
  if (copies && !s.sha256 && !s.source_git_oid) {
    fail(ctx, path, "a create or update step needs \"sha256\" or \"source_git_oid\"");
  }
  if ((s.transport == Transport::embedded) != s.content.has_value()) {
    fail(ctx, path, "\"content\" is required with transport \"embedded\" and only then");
  }
  if (s.source_xet_hash && (!copies || s.transport != Transport::lfs || !s.sha256)) {
    fail(ctx, path,
         "\"source_xet_hash\" belongs only to a create or update step with transport \"lfs\" "
         "and a \"sha256\"");
  }
}

Step read_step(Ctx& ctx, const json& j, const std::string& path) {
  Step s;
  check_keys(ctx, j, path,
             {"path", "action", "size", "sha256", "source_git_oid", "source_lfs", "transport",
              "reason", "transform", "content", "source_xet_hash"});
  s.path = get_string(ctx, j, "path", path).value_or("");
  s.action = get_enum(ctx, j, "action", path, k_actions).value_or(Action::keep);
  s.size = get_uint(ctx, j, "size", path).value_or(0);
  s.sha256 = get_hex(ctx, j, "sha256", path, 64);
  s.source_git_oid = get_hex(ctx, j, "source_git_oid", path, 40);
  s.source_lfs = get_bool(ctx, j, "source_lfs", path).value_or(false);
  s.transport = get_enum(ctx, j, "transport", path, k_transports).value_or(Transport::stream);
  s.reason = get_string(ctx, j, "reason", path).value_or("");
  s.transform = opt_string(ctx, j, "transform", path);
  s.content = opt_string(ctx, j, "content", path);
  s.source_xet_hash = get_hex(ctx, j, "source_xet_hash", path, 64);
  check_step(ctx, s, path);
  return s;
}

void read_source(Ctx& ctx, const json& j, const std::string& path, MirrorPlan& m) {
  check_keys(ctx, j, path, {"hub", "repo_id", "type", "revision", "commit"});
  read_repo(ctx, j, path, m.source, m.source_type);
  m.source_revision = get_string(ctx, j, "revision", path).value_or("");
  m.source_commit = get_string(ctx, j, "commit", path).value_or("");
  if (!m.source_revision.empty()) {
    check_ref_at(ctx, m.source_revision, join(path, "revision"));
  }
  if (!m.source_commit.empty()) {
    check_ref_at(ctx, m.source_commit, join(path, "commit"));
  }
}

void read_target(Ctx& ctx, const json& j, const std::string& path, MirrorPlan& m) {
  check_keys(ctx, j, path, {"hub", "repo_id", "type", "branch", "head", "create_visibility"});
  read_repo(ctx, j, path, m.target, m.target_type);
  m.target_branch = get_string(ctx, j, "branch", path).value_or("");
  check_ref_at(ctx, m.target_branch, join(path, "branch"));
  m.target_head = opt_string(ctx, j, "head", path);
  if (m.target_head) {
    check_ref_at(ctx, *m.target_head, join(path, "head"));
  }
  if (j.contains("create_visibility")) {
    m.create_visibility = get_enum(ctx, j, "create_visibility", path, k_visibilities);
  }
}

void read_steps(Ctx& ctx, const json& steps, const std::string& path, MirrorPlan& m) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::string at = path + "[" + std::to_string(i) + "]";
    if (!steps[i].is_object()) {
      fail(ctx, at, "expected an object");
      continue;
    }
    m.steps.push_back(read_step(ctx, steps[i], at));
    if (i > 0 && !(m.steps[i - 1].path < m.steps[i].path)) {
      fail(ctx, at + ".path", "steps must be sorted by path with no duplicates");
    }
  }
}

// A ref plan's ref: its name goes into hub URLs, so it passes the shared ref check; only a
// branch is created from a start point, and only a tag is replaced.
RefPlan read_ref(Ctx& ctx, const json& j, const std::string& path) {
  check_keys(ctx, j, path, {"kind", "name", "op", "start_point"});
  RefPlan r;
  r.kind = get_enum(ctx, j, "kind", path, k_ref_kinds).value_or(RefKind::tag);
  r.name = get_string(ctx, j, "name", path).value_or("");
  check_ref_at(ctx, r.name, join(path, "name"));
  r.op = get_enum(ctx, j, "op", path, k_ref_ops).value_or(RefOp::keep);
  r.start_point = opt_string(ctx, j, "start_point", path);
  if (r.start_point) {
    check_ref_at(ctx, *r.start_point, join(path, "start_point"));
  }
  const bool branch = r.kind == RefKind::branch;
  if ((r.start_point && !(branch && r.op == RefOp::create)) ||
      (branch && (r.op == RefOp::replace || r.op == RefOp::restore)) ||
      (!branch && r.op == RefOp::update)) {
    fail(ctx, join(path, "op"), "not an operation a " + std::string(to_string(r.kind)) + " takes");
  }
  return r;
}

MirrorPlan read_mirror(Ctx& ctx, const json& j, const std::string& path) {
  MirrorPlan m;
  check_keys(ctx, j, path,
             {"mirror_index", "action", "reason", "source", "target", "steps", "ref"});
  m.mirror_index = get_uint(ctx, j, "mirror_index", path).value_or(0);
  m.action = get_enum(ctx, j, "action", path, k_mirror_actions).value_or(MirrorAction::error);
  m.reason = get_string(ctx, j, "reason", path).value_or("");
  if (const json* s = object_at(ctx, j, "source", path)) {
    read_source(ctx, *s, join(path, "source"), m);
  }
  if (const json* t = object_at(ctx, j, "target", path)) {
    read_target(ctx, *t, join(path, "target"), m);
  }
  if (const json* steps = array_at(ctx, j, "steps", path)) {
    read_steps(ctx, *steps, join(path, "steps"), m);
  }
  if (j.contains("ref")) {
    if (const json* r = object_at(ctx, j, "ref", path)) {
      m.ref = read_ref(ctx, *r, join(path, "ref"));
    }
  }
  return m;
}

std::string get_endpoint(Ctx& ctx, const json& endpoints, std::string_view hub) {
  auto url = get_string(ctx, endpoints, hub, "endpoints");
  if (!url) {
    return "";
  }
  auto checked = manifest::check_endpoint(*url);
  if (!checked || checked->url != *url) {
    fail(ctx, join("endpoints", hub), "not a normalised hub endpoint");
    return "";
  }
  return *url;
}

Totals read_totals(Ctx& ctx, const json& j, const std::string& path) {
  check_keys(
      ctx, j, path,
      {"mirrors_to_create", "mirrors_to_update", "mirrors_unchanged", "mirrors_skipped",
       "mirrors_failed", "files_to_copy", "bytes_to_copy", "files_to_delete", "files_unchanged"});
  Totals t;
  t.mirrors_to_create = get_uint(ctx, j, "mirrors_to_create", path).value_or(0);
  t.mirrors_to_update = get_uint(ctx, j, "mirrors_to_update", path).value_or(0);
  t.mirrors_unchanged = get_uint(ctx, j, "mirrors_unchanged", path).value_or(0);
  t.mirrors_skipped = get_uint(ctx, j, "mirrors_skipped", path).value_or(0);
  t.mirrors_failed = get_uint(ctx, j, "mirrors_failed", path).value_or(0);
  t.files_to_copy = get_uint(ctx, j, "files_to_copy", path).value_or(0);
  t.bytes_to_copy = get_uint(ctx, j, "bytes_to_copy", path).value_or(0);
  t.files_to_delete = get_uint(ctx, j, "files_to_delete", path).value_or(0);
  t.files_unchanged = get_uint(ctx, j, "files_unchanged", path).value_or(0);
  return t;
}

// False (with a diagnostic) unless the document is an object of a format this build reads.
bool check_version(Ctx& ctx, const json& root) {
  if (!root.is_object()) {
    ctx.diags.error("not an hf2ms plan: the top level is not a JSON object", "",
                    SourceLocation{ctx.file, 0, 0});
    return false;
  }
  auto it = root.find("format_version");
  if (it == root.end() || !it->is_number_integer()) {
    ctx.diags.error("not an hf2ms plan: no integer \"format_version\"", "",
                    SourceLocation{ctx.file, 0, 0});
    return false;
  }
  if (it->get<std::int64_t>() != k_format_version) {
    ctx.diags.error("unsupported plan format_version " + it->dump(),
                    "this hf2ms reads format_version " + std::to_string(k_format_version) +
                        "; re-create the plan with this version's `hf2ms plan -o`",
                    SourceLocation{ctx.file, 0, 0});
    return false;
  }
  return true;
}

Plan read_plan(Ctx& ctx, const json& root) {
  Plan p;
  check_keys(
      ctx, root, "",
      {"format_version", "hf2ms_version", "manifest_digest", "endpoints", "mirrors", "totals"});
  p.hf2ms_version = get_string(ctx, root, "hf2ms_version", "").value_or("");
  p.manifest_digest = get_hex(ctx, root, "manifest_digest", "", 32).value_or("");
  if (!root.contains("manifest_digest")) {
    fail(ctx, "manifest_digest", "missing");
  }
  if (const json* endpoints = object_at(ctx, root, "endpoints", "")) {
    check_keys(ctx, *endpoints, "endpoints", {"hf", "ms"});
    p.endpoints.hf = get_endpoint(ctx, *endpoints, "hf");
    p.endpoints.ms = get_endpoint(ctx, *endpoints, "ms");
  }
  if (const json* mirrors = array_at(ctx, root, "mirrors", "")) {
    for (std::size_t i = 0; i < mirrors->size(); ++i) {
      std::string at = "mirrors[" + std::to_string(i) + "]";
      if (!(*mirrors)[i].is_object()) {
        fail(ctx, at, "expected an object");
        continue;
      }
      p.mirrors.push_back(read_mirror(ctx, (*mirrors)[i], at));
    }
  }
  if (const json* totals = object_at(ctx, root, "totals", "")) {
    p.totals = read_totals(ctx, *totals, "totals");
    if (!ctx.diags.has_errors() && p.totals != compute_totals(p.mirrors)) {
      fail(ctx, "totals", "do not match the mirrors' steps");
    }
  }
  return p;
}

}  // namespace

Expected<Plan, Diagnostics> from_json(std::string_view text, std::string_view display_name) {
  Diagnostics diags;
  Ctx ctx{diags, std::string(display_name)};
  auto root = parse_text(text, ctx);
  if (!root || !check_version(ctx, *root)) {
    return unexpected(std::move(diags));
  }
  Plan plan = read_plan(ctx, *root);
  if (diags.has_errors()) {
    return unexpected(std::move(diags));
  }
  return plan;
}

}  // namespace hf2ms::plan
