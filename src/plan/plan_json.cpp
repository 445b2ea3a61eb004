#include "plan/plan_json.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>

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
  if (s.source_xet_hash) {
    j["source_xet_hash"] = *s.source_xet_hash;
  }
  return j;
}

// The plan is written one step at a time, straight into the output text, so a
// 100,000-file mirror never exists as one nlohmann document (several hundred bytes per node)
// nor as several copies of its text: each mirror is dumped with a placeholder where its steps
// go, and the output gets the part before the placeholder, the steps one by one, then the part
// after it; the root is assembled the same way. The bytes are exactly what dumping the whole
// document would give (the golden plans check it).
constexpr std::string_view k_hole = "@hf2ms-array@";

std::string dump(const json& j) {
  // `replace` makes dump() total (it cannot throw on invalid UTF-8); see the header.
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

// Appends `text` (dumped at indentation 0) shifted right by `spaces`; the first line too
// unless it continues a line already in `out`.
enum class FirstLine { pad, continues };
void append_shifted(std::string& out, std::string_view text, std::size_t spaces, FirstLine first) {
  const std::string pad(spaces, ' ');
  if (first == FirstLine::pad) {
    out += pad;
  }
  for (char c : text) {
    out += c;
    if (c == '\n') {
      out += pad;
    }
  }
}

// `doc` split around the value of its `"key": "@hf2ms-array@"` member.
std::pair<std::string_view, std::string_view> split_at_hole(std::string_view doc,
                                                            std::string_view key) {
  const std::string marker = "\"" + std::string(key) + "\": \"" + std::string(k_hole) + "\"";
  const auto value = doc.find(marker) + key.size() + 4;
  return {doc.substr(0, value), doc.substr(value + k_hole.size() + 2)};
}

// The output text, handed to the sink whenever it passes k_chunk bytes, so even a
// 100,000-file plan never sits in memory as one string when it is written out.
constexpr std::size_t k_chunk = 64 * 1024;
struct Out {
  std::string text;
  const JsonSink& sink;
  void flush_if_full() {
    if (text.size() >= k_chunk) {
      sink(text);
      text.clear();
    }
  }
};

// Appends the array of `items` (each appended by `write_item` at indentation `indent + 4`)
// as the value of a key at indentation `indent + 2`.
template <class Items, class Write>
void append_array(Out& out, const Items& items, std::size_t indent, Write write_item) {
  if (items.empty()) {
    out.text += "[]";
    return;
  }
  out.text += "[\n";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out.text += i == 0 ? "" : ",\n";
    write_item(items[i], indent + 4);
    out.flush_if_full();
  }
  out.text += "\n" + std::string(indent + 2, ' ') + "]";
}

void append_mirror(Out& out, const MirrorPlan& m, std::size_t indent) {
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
  json shell{
      {"mirror_index", m.mirror_index}, {"action", to_string(m.action)}, {"reason", m.reason},
      {"source", std::move(source)},    {"target", std::move(target)},   {"steps", k_hole}};
  if (m.ref) {
    json ref{{"kind", to_string(m.ref->kind)}, {"name", m.ref->name}, {"op", to_string(m.ref->op)}};
    if (m.ref->start_point) {
      ref["start_point"] = *m.ref->start_point;
    }
    shell["ref"] = std::move(ref);
  }
  const std::string text = dump(shell);
  const auto [head, tail] = split_at_hole(text, "steps");
  append_shifted(out.text, head, indent, FirstLine::pad);
  append_array(out, m.steps, indent, [&out](const Step& s, std::size_t at) {
    append_shifted(out.text, dump(step_json(s)), at, FirstLine::pad);
  });
  append_shifted(out.text, tail, indent, FirstLine::continues);
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

void write_json(const Plan& plan, const JsonSink& sink) {
  const json shell{{"format_version", plan.format_version},
                   {"hf2ms_version", plan.hf2ms_version},
                   {"manifest_digest", plan.manifest_digest},
                   {"endpoints", {{"hf", plan.endpoints.hf}, {"ms", plan.endpoints.ms}}},
                   {"mirrors", k_hole},
                   {"totals", totals_json(plan.totals)}};
  const std::string text = dump(shell);
  const auto [head, tail] = split_at_hole(text, "mirrors");
  Out out{std::string(head), sink};
  append_array(out, plan.mirrors, 0,
               [&out](const MirrorPlan& m, std::size_t at) { append_mirror(out, m, at); });
  out.text += tail;
  out.text += '\n';
  sink(out.text);
}

std::string to_json(const Plan& plan) {
  std::string all;
  write_json(plan, [&all](std::string_view part) { all += part; });
  return all;
}

}  // namespace hf2ms::plan
