#include "plan/plan_json.hpp"

#include <nlohmann/json.hpp>

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

json mirror_json(const MirrorPlan& m) {
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
  json steps = json::array();
  for (const auto& s : m.steps) {
    steps.push_back(step_json(s));
  }
  return json{{"mirror_index", m.mirror_index},
              {"action", to_string(m.action)},
              {"reason", m.reason},
              {"source", std::move(source)},
              {"target", std::move(target)},
              {"steps", std::move(steps)}};
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
  json mirrors = json::array();
  for (const auto& m : plan.mirrors) {
    mirrors.push_back(mirror_json(m));
  }
  json root{{"format_version", plan.format_version},
            {"hf2ms_version", plan.hf2ms_version},
            {"manifest_digest", plan.manifest_digest},
            {"mirrors", std::move(mirrors)},
            {"totals", totals_json(plan.totals)}};
  // `replace` makes dump() total (it cannot throw on invalid UTF-8); see the header.
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace hf2ms::plan
