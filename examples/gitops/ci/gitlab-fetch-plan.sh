#!/usr/bin/env bash
# GitLab pipelines run by hand on the default branch with HF2MS_PLAN_JOB_ID=<job id>: download
# into $HF2MS_PLAN_DIR the plan that job saved (a reviewed `hf2ms:drift` job, or an
# `hf2ms:plan-main` job) and print the commit it was made for. Only a job of those names that
# ran on the default branch (not a tag, not a merge request pipeline) is accepted: a merge
# request's pipeline runs the merge request's own scripts, so its artifacts are never applied
# (README.md, "Trust model"). apply.sh then checks the commit against git and the manifest, and
# hf2ms refuses a stale plan or one its manifest does not allow.
#   HF2MS_GITLAB_TOKEN  a project access token with the `api` (or `read_api`) scope
# GitLab sets CI_API_V4_URL, CI_PROJECT_ID and CI_DEFAULT_BRANCH.
set -euo pipefail

dir="${HF2MS_PLAN_DIR:-hf2ms-plan}"
api="${CI_API_V4_URL}/projects/${CI_PROJECT_ID}"
auth=(--header "PRIVATE-TOKEN: ${HF2MS_GITLAB_TOKEN:?set HF2MS_GITLAB_TOKEN (a project access token, read_api scope)}")
get() { curl -fsS "${auth[@]}" "$api/$1"; }
fail() { echo "error: $*" >&2; exit 1; }

job="${HF2MS_PLAN_JOB_ID:?set HF2MS_PLAN_JOB_ID to the id of a reviewed hf2ms:drift job}"
info="$(get "jobs/$job")"
# A job's `ref` is the branch it ran on (merge request pipelines have refs/merge-requests/...);
# whether `pipeline.source` is part of the job answer is UNCONFIRMED, so it is only an extra
# check when present.
commit="$(jq -r --arg main "$CI_DEFAULT_BRANCH" '
  select((.name == "hf2ms:drift" or .name == "hf2ms:plan-main") and .status == "success"
         and .ref == $main and .tag == false
         and (.pipeline.source // "") != "merge_request_event") | .commit.id // empty' <<<"$info")"
[[ -n "$commit" ]] || fail "job $job is not a successful hf2ms:drift or hf2ms:plan-main job on $CI_DEFAULT_BRANCH: only plans made for the default branch are applied"
tmp="$(mktemp -d)"
curl -fsSL "${auth[@]}" -o "$tmp/artifacts.zip" "$api/jobs/$job/artifacts"
unzip -q -o "$tmp/artifacts.zip" -d "$tmp/files"
# The plan job keeps hf2ms-plan/, the drift job hf2ms-drift/; either becomes $dir.
src="$(dirname "$(find "$tmp/files" -name plan.json -print -quit)")"
[[ "$src" != "." ]] || fail "job $job kept no plan.json (its plan had a failed mirror?)"
mkdir -p "$dir"
cp "$src"/plan.json "$src"/manifest.sha256 "$dir"/
echo "Fetched the plan of job $job (commit $commit) into $dir" >&2
echo "$commit"
