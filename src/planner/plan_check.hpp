// check_plan: what `hf2ms apply PLAN` verifies before it touches a hub. A saved plan arrives
// from CI artifacts that people without the tokens can influence, so it is not trusted to stay
// within its manifest: apply re-derives what the manifest allows and refuses any plan that
// asks for more (docs/security.md, DESIGN.md §9). Pure: the manifest digest, the endpoints
// apply would talk to and the SHA-256 function arrive as data.
//
// The plan is refused (one error per problem, all reported at once) when:
// - its manifest digest is not the digest of the manifest given to apply;
// - its endpoints are not the endpoints apply resolved (from the same manifest and policy);
// - a mirror names a [[mirror]] the manifest does not have, or a source/target other than
//   that mirror's: another hub, namespace, type, or name (a `*` mirror allows any valid name
//   in its namespace, the target's name equal to the source's);
// - a mirror commits to another branch than the manifest's target_branch (or, without one,
//   the target hub's default branch: main / master), or pins another revision than the
//   manifest's;
// - create_visibility is set on a mirror that does not create its target, or differs from
//   the manifest's forced visibility;
// - a step's path is outside the mirror's include/exclude filter; a remove step without
//   prune; more removals than max_delete or max_delete_percent allow, or any removal when the
//   source selects nothing; more removals over the plan than max_delete_total;
// - embedded content anywhere but the Hugging Face README rewrite (README.md, transform
//   "hf-readme-license", to an HF target) or whose SHA-256 or size is not the content's;
// - two mirrors write the same concrete target; a skip/error mirror carries changes.
#pragma once

#include "manifest/manifest.hpp"
#include "manifest/resolve.hpp"
#include "plan/plan.hpp"
#include "planner/planner.hpp"
#include "util/diagnostics.hpp"

#include <string>

namespace hf2ms::planner {

struct PlanCheckOptions {
  std::string manifest_digest;    // xxh3-128 hex of the manifest bytes given to apply
  manifest::Endpoints endpoints;  // the endpoints apply would talk to
  Sha256Fn sha256;                // hashes embedded content; required when a plan embeds any
};

// Errors for everything in `plan` that `manifest` does not allow; empty when it may be
// applied.
[[nodiscard]] Diagnostics check_plan(const plan::Plan& plan, const manifest::Manifest& manifest,
                                     const PlanCheckOptions& options);

}  // namespace hf2ms::planner
