#!/usr/bin/env bash
# GitLab main-branch pipelines: download into $HF2MS_PLAN_DIR the plan that was reviewed in the
# merge request merged as this commit: the `hf2ms:plan` job artifacts of that MR's newest
# successful pipeline. With HF2MS_PLAN_JOB_ID set (a manual pipeline), the artifacts of that
# job instead, e.g. a reviewed `hf2ms:drift` job. apply.sh then checks that the plan was made
# from the manifest on this commit, and hf2ms refuses a stale plan.
#   HF2MS_GITLAB_TOKEN  a project access token with the `api` (or `read_api`) scope
# GitLab sets CI_API_V4_URL, CI_PROJECT_ID and CI_COMMIT_SHA.
set -euo pipefail

dir="${HF2MS_PLAN_DIR:-hf2ms-plan}"
api="${CI_API_V4_URL}/projects/${CI_PROJECT_ID}"
auth=(--header "PRIVATE-TOKEN: ${HF2MS_GITLAB_TOKEN:?set HF2MS_GITLAB_TOKEN (a project access token, read_api scope)}")
get() { curl -fsS "${auth[@]}" "$api/$1"; }
fail() { echo "error: $*" >&2; exit 1; }

job="${HF2MS_PLAN_JOB_ID:-}"
if [[ -z "$job" ]]; then
  mr="$(get "repository/commits/$CI_COMMIT_SHA/merge_requests" |
    jq -r '[.[] | select(.state == "merged")][0].iid // empty')"
  [[ -n "$mr" ]] || fail "no merged merge request for $CI_COMMIT_SHA: only a plan reviewed in a merge request is applied"
  pipeline="$(get "merge_requests/$mr/pipelines" |
    jq -r '[.[] | select(.status == "success")][0].id // empty')"
  [[ -n "$pipeline" ]] || fail "merge request !$mr has no successful pipeline, so no reviewed plan: re-run its plan"
  job="$(get "pipelines/$pipeline/jobs?scope[]=success" |
    jq -r '[.[] | select(.name == "hf2ms:plan")][0].id // empty')"
  [[ -n "$job" ]] || fail "pipeline $pipeline of merge request !$mr has no successful hf2ms:plan job"
fi
tmp="$(mktemp -d)"
curl -fsSL "${auth[@]}" -o "$tmp/artifacts.zip" "$api/jobs/$job/artifacts"
unzip -q -o "$tmp/artifacts.zip" -d "$tmp/files"
# The plan job keeps hf2ms-plan/, the drift job hf2ms-drift/; either becomes $dir.
src="$(dirname "$(find "$tmp/files" -name plan.json -print -quit)")"
[[ "$src" != "." ]] || fail "job $job kept no plan.json (its plan had a failed mirror?)"
mkdir -p "$dir"
cp "$src"/plan.json "$src"/manifest.sha256 "$dir"/
echo "Fetched the plan of job $job into $dir" >&2
