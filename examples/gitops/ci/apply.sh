#!/usr/bin/env bash
# Main-branch job: apply the reviewed plan that plan.sh (or drift.sh) saved, nothing else.
#   HF2MS_PLAN_DIR   the folder plan.sh wrote, downloaded from its artifact (default hf2ms-plan)
#   HF2MS_EXECUTOR   where the bytes are copied: modal (default) or local
# The saved plan is its own approval, so no --auto-approve is needed. Refused, with nothing
# written, and a non-zero exit:
#   - no saved plan (the plan job failed or never ran: open a pull request);
#   - the manifest on this commit is not the one planned (main moved after the plan: re-plan);
#   - a stale plan: a target changed since planning; hf2ms names each mirror, and the fix is
#     to re-plan (push to the pull request again, or re-run its plan job) and review again.
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
if [[ "$executor" == "modal" && -z "${HF2MS_SRC:-}" && -z "${HF2MS_PREBUILT:-}" ]]; then
  HF2MS_PREBUILT="$(command -v "$hf2ms")"
  export HF2MS_PREBUILT
fi

status=0
"$hf2ms" apply "$plan" -f "$manifest" --executor "$executor" 2>&1 | tee "$dir/apply.log" || status=$?
if [[ $status -ne 0 ]]; then
  if grep -q "the plan is stale" "$dir/apply.log"; then
    ci_error "the reviewed plan is stale (the mirrors named above changed since planning); nothing was written. Re-plan: push to the pull request or re-run its plan job, review, and apply that plan"
  else
    ci_error "hf2ms apply failed (exit $status); re-running converges: plan again and apply"
  fi
fi
exit "$status"
