#!/usr/bin/env bash
# Default-branch job: apply a plan that plan.sh (or drift.sh) saved for a commit on the default
# branch, nothing else (README.md, "Trust model").
#   HF2MS_PLAN_DIR        the folder plan.sh wrote, downloaded from its artifact (default hf2ms-plan)
#   HF2MS_EXECUTOR        where the bytes are copied: modal (default) or local
#   HF2MS_PLAN_COMMIT     the commit the plan was made for, as the CI system records it (the
#                         planning run's commit), never read from the artifact: required
#   HF2MS_DEFAULT_BRANCH  the default branch (default main)
# The saved plan is its own approval, so no --auto-approve is needed. Refused, with nothing
# written, and a non-zero exit:
#   - no saved plan (the plan job failed or never ran: open a pull request);
#   - a plan made for a commit that is not on the default branch (a pull request's plan, from a
#     branch or a fork: it is a preview for review, never applied), or whose manifest is not
#     the one on this commit;
#   - the manifest on this commit is not the one planned (main moved after the plan: re-plan);
#   - a stale plan: a target changed since planning; hf2ms names each mirror, and the fix is
#     to re-plan (re-run the apply workflow on the default branch, which plans again).
# With the modal executor, the Modal app ships this hf2ms binary into its image
# (HF2MS_PREBUILT, docs/modal.md) unless HF2MS_SRC or HF2MS_PREBUILT is already set.
source "$(dirname "$0")/lib.sh"

dir="${HF2MS_PLAN_DIR:-hf2ms-plan}"
executor="${HF2MS_EXECUTOR:-modal}"
plan="$dir/plan.json"

if [[ ! -f "$plan" ]]; then
  ci_error "no saved plan at $plan: only a plan reviewed in a pull request is applied; open one (or re-run its plan job)"
  exit 1
fi
if [[ ! -f "$dir/manifest.sha256" ]] || [[ "$(cat "$dir/manifest.sha256")" != "$(manifest_sha256)" ]]; then
  ci_error "$manifest is not the manifest this plan was made from (main moved after planning): re-plan and review again"
  exit 1
fi
# Where the plan came from, by the CI system's record and git, not by the artifact's word.
plan_commit="${HF2MS_PLAN_COMMIT:-}"
default_branch="${HF2MS_DEFAULT_BRANCH:-main}"
if [[ -z "$plan_commit" ]]; then
  ci_error "HF2MS_PLAN_COMMIT is not set: only a plan made for a commit on $default_branch is applied, and the pipeline must say which commit that was"
  exit 1
fi
default_ref="origin/$default_branch"
git rev-parse -q --verify "$default_ref^{commit}" >/dev/null || default_ref="$default_branch"
if ! git merge-base --is-ancestor "$plan_commit" "$default_ref" 2>/dev/null; then
  ci_error "the plan was made for $plan_commit, which is not on $default_branch: only plans made for commits on the default branch are applied (a pull request's plan is a preview)"
  exit 1
fi
if [[ "$(git show "$plan_commit:$manifest" 2>/dev/null | sha256sum | cut -d' ' -f1)" != "$(manifest_sha256)" ]]; then
  ci_error "the plan was made for $plan_commit, whose $manifest is not the one on this commit: re-plan"
  exit 1
fi
if [[ "$executor" == "modal" && -z "${HF2MS_SRC:-}" && -z "${HF2MS_PREBUILT:-}" ]]; then
  HF2MS_PREBUILT="$(command -v "$hf2ms")"
  export HF2MS_PREBUILT
fi

status=0
"$hf2ms" apply "$plan" -f "$manifest" --executor "$executor" 2>&1 | tee "$dir/apply.log" || status=$?
if [[ $status -eq 0 && -n "${HF2MS_OID_CACHE_KEY:-}" ]]; then
  # One plan after the apply: it checks that the mirrors converged and leaves in the git oid
  # cache what the next plans need besides the pairs apply recorded (the digest of each README
  # rewritten for HF), so the drift job on a fresh runner downloads nothing (ci/lib.sh).
  check=0
  "$hf2ms" plan -f "$manifest" --detailed-exitcode >"$dir/after-apply.txt" 2>&1 || check=$?
  case "$check" in
    0) echo "hf2ms: after the apply every mirror is converged" >&2 ;;
    2) echo "hf2ms: after the apply some mirrors differ again (upstream moved?); the drift job will show them" >&2 ;;
    *) echo "hf2ms: the check after the apply failed (exit $check); see $dir/after-apply.txt" >&2 ;;
  esac
fi
if [[ $status -ne 0 ]]; then
  if grep -q "the plan is stale" "$dir/apply.log"; then
    ci_error "the reviewed plan is stale (the mirrors named above changed since planning); nothing was written. Re-plan: re-run the apply workflow on the default branch (it plans again), or apply a newer reviewed drift plan"
  else
    ci_error "hf2ms apply failed (exit $status); re-running converges: plan again and apply"
  fi
fi
exit "$status"
