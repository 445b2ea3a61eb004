#include "manifest/validate.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <tuple>

namespace hf2ms::manifest {
namespace {

std::string lower(std::string_view s) { return to_lower_ascii(s); }

// Repo ids compare case-insensitively: the Hub API does (protocols/huggingface-hub.md §1.3);
// for ModelScope it is UNCONFIRMED, and treating case variants as one repo is the safe side.
using RepoKey = std::tuple<Hub, std::string, std::string, RepoType>;
RepoKey key_of(const RepoRef& ref, RepoType type) {
  return {ref.hub, lower(ref.ns), lower(ref.name), type};
}

void check_wildcards(const MirrorDraft& d, Diagnostics& diags) {
  const Mirror& m = d.mirror;
  if (m.source.is_wildcard() == m.target.is_wildcard()) {
    return;
  }
  const bool source_wild = m.source.is_wildcard();
  const RepoRef& wild = source_wild ? m.source : m.target;
  const RepoRef& named = source_wild ? m.target : m.source;
  std::string side = source_wild ? "target" : "source";
  RepoRef fixed{named.hub, named.ns, "*"};
  diags.error("'*' on one side only: " + std::string(source_wild ? "source" : "target") + " is '" +
                  wild.to_string() + "' but " + side + " is '" + named.to_string() + "'",
              "write " + side + " = \"" + fixed.to_string() +
                  "\" to mirror every repo of the namespace, or name a single repo on both sides",
              source_wild ? d.target_at : d.source_at);
}

void check_same_repo(const MirrorDraft& d, Diagnostics& diags) {
  const Mirror& m = d.mirror;
  if (key_of(m.source, m.type) == key_of(m.target, m.target_type)) {
    diags.error("source and target are the same repo '" + m.target.to_string() + "'",
                "a mirror copies between two different repos; change the target", d.target_at);
  }
}

void check_space_to_modelscope(const MirrorDraft& d, Diagnostics& diags) {
  const Mirror& m = d.mirror;
  if (m.target.hub != Hub::ms || m.target_type != RepoType::space) {
    return;
  }
  // ModelScope studios cannot be created or committed to through its API
  // (protocols/modelscope-hub.md §7); the planner turns such a mirror into a skip.
  diags.warning(
      "ModelScope's API cannot create or update spaces (studios): the plan will skip "
      "this mirror to '" +
          m.target.to_string() + "'",
      "set target_type = \"model\" to store the space's files in a ModelScope model "
      "repo",
      d.target_at);
}

}  // namespace

void validate_mirrors(const std::vector<MirrorDraft>& mirrors, Diagnostics& diagnostics) {
  std::map<RepoKey, const MirrorDraft*> targets;
  for (const MirrorDraft& d : mirrors) {
    if (!d.complete) {
      continue;
    }
    check_wildcards(d, diagnostics);
    check_same_repo(d, diagnostics);
    check_space_to_modelscope(d, diagnostics);
    auto [it, inserted] = targets.emplace(key_of(d.mirror.target, d.mirror.target_type), &d);
    if (!inserted) {
      diagnostics.error("target '" + d.mirror.target.to_string() + "' (" +
                            to_string(d.mirror.target_type) +
                            ") is already written by the mirror at line " +
                            std::to_string(it->second->mirror.location.line),
                        "a target repo can have only one source; remove one of the mirrors or "
                        "change its target",
                        d.target_at);
    }
  }
}

}  // namespace hf2ms::manifest
