#include "manifest/filter.hpp"
#include "manifest/read.hpp"
#include "manifest/repo_id.hpp"
#include "manifest/repo_path.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace hf2ms::manifest {
namespace {

constexpr std::array<std::string_view, 11> k_default_keys{
    "type",     "visibility",    "prune", "max_delete", "max_delete_percent", "include", "exclude",
    "revision", "target_branch", "refs",  "retag"};
constexpr std::array<std::string_view, 14> k_mirror_keys{
    "source",     "target",  "type",       "target_type",
    "visibility", "prune",   "max_delete", "max_delete_percent",
    "include",    "exclude", "revision",   "target_branch",
    "refs",       "retag"};
constexpr std::array<std::string_view, 3> k_types{"model", "dataset", "space"};
constexpr std::array<std::string_view, 3> k_visibilities{"preserve", "public", "private"};
constexpr std::array k_type_values{RepoType::model, RepoType::dataset, RepoType::space};
constexpr std::array k_visibility_values{Visibility::preserve, Visibility::public_,
                                         Visibility::private_};

std::optional<std::vector<std::string>> read_patterns(TomlReader& reader, const toml::table& t,
                                                      std::string_view key) {
  auto items = reader.strings(t, key, "[\"*.safetensors\", \"*.json\"]");
  if (!items) {
    return std::nullopt;
  }
  std::vector<std::string> patterns;
  for (const auto& item : *items) {
    if (auto problem = check_pattern(item.value)) {
      reader.invalid(item, std::string(key) + " pattern", *problem);
    } else {
      patterns.push_back(item.value);
    }
  }
  return patterns;
}

// A branch, tag or commit (check_ref, the shared ref validator).
std::optional<std::string> read_ref(TomlReader& reader, const toml::table& t,
                                    std::string_view key) {
  auto ref = reader.string(t, key, "\"main\"");
  if (!ref) {
    return std::nullopt;
  }
  if (auto problem = check_ref(ref->value)) {
    reader.invalid(*ref, key, *problem);
    return std::nullopt;
  }
  return ref->value;
}

// A glob over branch and tag names: a filter pattern (check_pattern) whose literal parts are
// a valid ref name (check_ref), naming the ref itself, not its "refs/heads/..." path.
std::optional<Problem> check_ref_pattern(std::string_view pattern) {
  if (auto problem = check_pattern(pattern)) {
    return problem;
  }
  if (pattern.rfind("refs/", 0) == 0) {
    return Problem{"names a full ref path",
                   "write the branch or tag name itself: \"v1.0\", \"v*\""};
  }
  std::string literal(pattern);
  for (char& c : literal) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '!' || c == '^' || c == '\\') {
      c = 'x';
    }
  }
  return check_ref(literal);
}

void read_refs(TomlReader& reader, const toml::table& t, Mirror& m) {
  auto items = reader.strings(t, "refs", "[\"main\", \"v*\"]");
  if (!items) {
    return;
  }
  m.refs.clear();
  for (const auto& item : *items) {
    if (auto problem = check_ref_pattern(item.value)) {
      reader.invalid(item, "refs pattern", *problem);
    } else {
      m.refs.push_back(item.value);
    }
  }
}

// `refs` mirrors each ref to its own name, so it excludes the single-ref keys; `retag` only
// means something with `refs`. Checked on the finished mirror ([defaults] applied).
void check_refs_keys(TomlReader& reader, const toml::table& t, const Mirror& m) {
  const SourceLocation at = reader.at(t);
  if (!m.refs.empty() && (m.revision || m.target_branch)) {
    reader.diagnostics().error(
        std::string("refs cannot be combined with ") + (m.revision ? "revision" : "target_branch"),
        "refs mirrors the default branch and each matching branch and tag to the same name; "
        "remove revision / target_branch, or remove refs",
        at);
  }
  if (m.retag && m.refs.empty()) {
    reader.diagnostics().error("retag = true without refs",
                               "retag lets apply move target tags that refs mirrors; add "
                               "refs = [\"v*\"] or remove retag",
                               at);
  }
}

// The keys [defaults] and [[mirror]] share; each present key overrides `m`.
void read_common(TomlReader& reader, const toml::table& t, Mirror& m) {
  if (auto i = reader.choice(t, "type", k_types)) {
    m.type = k_type_values.at(*i);
  }
  if (auto i = reader.choice(t, "visibility", k_visibilities)) {
    m.visibility = k_visibility_values.at(*i);
  }
  if (auto prune = reader.boolean(t, "prune")) {
    m.prune = prune->value ? Prune::yes : Prune::no;
  }
  if (auto n = reader.integer(t, "max_delete", "50")) {
    if (n->value < 0 || n->value > std::numeric_limits<std::uint32_t>::max()) {
      reader.out_of_range(*n, "max_delete", "between 0 and 4294967295",
                          "0 refuses any deletion; it only matters with prune = true");
    } else {
      m.max_delete = static_cast<std::uint32_t>(n->value);
    }
  }
  if (auto n = reader.integer(t, "max_delete_percent", "50")) {
    if (n->value < 0 || n->value > 100) {
      reader.out_of_range(*n, "max_delete_percent", "between 0 and 100",
                          "100 allows deleting every selected target file; it only matters "
                          "with prune = true");
    } else {
      m.max_delete_percent = static_cast<std::uint32_t>(n->value);
    }
  }
  if (auto p = read_patterns(reader, t, "include")) {
    m.include = std::move(*p);
  }
  if (auto p = read_patterns(reader, t, "exclude")) {
    m.exclude = std::move(*p);
  }
  if (auto r = read_ref(reader, t, "revision")) {
    m.revision = std::move(*r);
  }
  if (auto r = read_ref(reader, t, "target_branch")) {
    m.target_branch = std::move(*r);
  }
  read_refs(reader, t, m);
  if (auto retag = reader.boolean(t, "retag")) {
    m.retag = retag->value;
  }
}

std::optional<RepoRef> read_ref_key(TomlReader& reader, const toml::table& t, std::string_view key,
                                    SourceLocation& at) {
  if (!t.contains(key)) {
    reader.diagnostics().error("[[mirror]] is missing '" + std::string(key) + "'",
                               "add " + std::string(key) + " = \"hf:namespace/name\"",
                               reader.at(t));
    return std::nullopt;
  }
  auto text = reader.string(t, key, "\"hf:namespace/name\"");
  if (!text) {
    return std::nullopt;
  }
  at = text->at;
  auto ref = parse_repo_ref(text->value);
  if (!ref) {
    reader.invalid(*text, key, ref.error());
    return std::nullopt;
  }
  return *ref;
}

MirrorDraft read_mirror(TomlReader& reader, const toml::table& t, const Mirror& defaults) {
  reader.check_keys(t, k_mirror_keys, "[[mirror]]");
  MirrorDraft draft;
  draft.mirror = defaults;
  draft.mirror.location = reader.at(t);
  auto source = read_ref_key(reader, t, "source", draft.source_at);
  auto target = read_ref_key(reader, t, "target", draft.target_at);
  read_common(reader, t, draft.mirror);
  draft.mirror.target_type = draft.mirror.type;
  if (auto i = reader.choice(t, "target_type", k_types)) {
    draft.mirror.target_type = k_type_values.at(*i);
  }
  check_refs_keys(reader, t, draft.mirror);
  if (source && target) {
    draft.mirror.source = *source;
    draft.mirror.target = *target;
    draft.complete = true;
  }
  return draft;
}

}  // namespace

Mirror read_defaults(TomlReader& reader, const toml::table& root) {
  Mirror prototype;
  prototype.exclude = {".gitattributes"};
  if (const toml::table* defaults = reader.table(root, "defaults")) {
    reader.check_keys(*defaults, k_default_keys, "[defaults]");
    read_common(reader, *defaults, prototype);
  }
  return prototype;
}

std::vector<MirrorDraft> read_mirrors(TomlReader& reader, const toml::table& root,
                                      const Mirror& defaults) {
  std::vector<MirrorDraft> drafts;
  const toml::node* node = root.get("mirror");
  if (node == nullptr || (node->is_array() && node->as_array()->empty())) {
    reader.diagnostics().warning("the manifest declares no [[mirror]]",
                                 "add a [[mirror]] table with source and target",
                                 SourceLocation{reader.at(root).file, 1, 1});
    return drafts;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    reader.diagnostics().error("'mirror' must be an array of tables",
                               "write each mirror as a [[mirror]] section (double brackets)",
                               reader.at(*node));
    return drafts;
  }
  for (const toml::node& item : *array) {
    drafts.push_back(read_mirror(reader, *item.as_table(), defaults));
  }
  return drafts;
}

}  // namespace hf2ms::manifest
