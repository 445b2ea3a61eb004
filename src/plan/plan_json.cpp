#include "plan/plan_json.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace hf2ms::plan {

namespace {

using nlohmann::json;

json repo_json(const manifest::RepoRef& ref, manifest::RepoType type) {
  return json{{"hub", manifest::to_string(ref.hub)},
              {"repo_id", ref.repo_id()},
              {"type", manifest::to_string(type)}};
}

json step_json(const Step& s) {
  json j{{"path", s.path},
         {"action", to_string(s.action)},
         {"size", s.size},
         {"source_lfs", s.source_lfs},
         {"transport", to_string(s.transport)},
         {"reason", s.reason}};
  if (s.sha256) {
    j["sha256"] = *s.sha256;
  }
  if (s.source_git_oid) {
    j["source_git_oid"] = *s.source_git_oid;
  }
  if (s.transform) {
    j["transform"] = *s.transform;
  }
  if (s.content) {
    j["content"] = *s.content;
  }
  return j;
}

// The plan is written one step at a time, so a 100,000-file mirror never exists as one
// nlohmann document (which costs several hundred bytes per node): each mirror is dumped with a
// placeholder where its steps go, the steps are dumped one by one into that hole, and the root
// is assembled the same way. The text is exactly what dumping the whole document would give.
constexpr std::string_view k_hole = "@hf2ms-array@";

std::string dump(const json& j) {
  // `replace` makes dump() total (it cannot throw on invalid UTF-8); see the header.
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

// `text` (dumped at indentation 0) re-indented by `spaces`, first line included.
void append_indented(std::string& out, std::string_view text, std::size_t spaces) {
  const std::string pad(spaces, ' ');
  out += pad;
  for (char c : text) {
    out += c;
    if (c == '\n') {
      out += pad;
    }
  }
}

// Appends one element to a JSON array text being built for a key at indentation 2.
void append_element(std::string& array, std::string_view element_text) {
  array += array.empty() ? "[\n" : ",\n";
  append_indented(array, element_text, 4);
}

std::string close_array(std::string array) { return array.empty() ? "[]" : array + "\n  ]"; }

// `doc` with the `"key": "@hf2ms-array@"` member's value replaced by `array_text`.
std::string fill_hole(std::string doc, std::string_view key, const std::string& array_text) {
  const std::string marker = "\"" + std::string(key) + "\": \"" + std::string(k_hole) + "\"";
  const auto at = doc.find(marker);
  doc.replace(at + key.size() + 4, k_hole.size() + 2, array_text);
  return doc;
}

std::string mirror_text(const MirrorPlan& m) {
  json source = repo_json(m.source, m.source_type);
  source["revision"] = m.source_revision;
  source["commit"] = m.source_commit;
  json target = repo_json(m.target, m.target_type);
  target["branch"] = m.target_branch;
  if (m.target_head) {
    target["head"] = *m.target_head;
  }
  if (m.create_visibility) {
    target["create_visibility"] = manifest::to_string(*m.create_visibility);
  }
  std::string steps;
  for (const auto& s : m.steps) {
    append_element(steps, dump(step_json(s)));
  }
  const json shell{
      {"mirror_index", m.mirror_index}, {"action", to_string(m.action)}, {"reason", m.reason},
      {"source", std::move(source)},    {"target", std::move(target)},   {"steps", k_hole}};
  return fill_hole(dump(shell), "steps", close_array(std::move(steps)));
}

json totals_json(const Totals& t) {
  return json{
      {"mirrors_to_create", t.mirrors_to_create}, {"mirrors_to_update", t.mirrors_to_update},
      {"mirrors_unchanged", t.mirrors_unchanged}, {"mirrors_skipped", t.mirrors_skipped},
      {"mirrors_failed", t.mirrors_failed},       {"files_to_copy", t.files_to_copy},
      {"bytes_to_copy", t.bytes_to_copy},         {"files_to_delete", t.files_to_delete},
      {"files_unchanged", t.files_unchanged}};
}

}  // namespace

std::string to_json(const Plan& plan) {
  std::string mirrors;
  for (const auto& m : plan.mirrors) {
    append_element(mirrors, mirror_text(m));
  }
  const json shell{{"format_version", plan.format_version},
                   {"hf2ms_version", plan.hf2ms_version},
                   {"manifest_digest", plan.manifest_digest},
                   {"mirrors", k_hole},
                   {"totals", totals_json(plan.totals)}};
  return fill_hole(dump(shell), "mirrors", close_array(std::move(mirrors))) + "\n";
}

}  // namespace hf2ms::plan
