#!/usr/bin/env bash
# GitLab merge request pipelines: post $HF2MS_PLAN_DIR/comment.md (written by plan.sh) as a
# merge request note, or update the note an earlier pipeline posted (found by the
# `<!-- hf2ms-plan -->` marker), so the MR carries one current plan.
#   HF2MS_GITLAB_TOKEN  a project access token with the `api` scope, role Reporter or above
#                       (CI_JOB_TOKEN may not write notes)
# GitLab sets CI_API_V4_URL, CI_PROJECT_ID and CI_MERGE_REQUEST_IID.
set -euo pipefail

dir="${HF2MS_PLAN_DIR:-hf2ms-plan}"
notes="${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/merge_requests/${CI_MERGE_REQUEST_IID}/notes"
auth=(--header "PRIVATE-TOKEN: ${HF2MS_GITLAB_TOKEN:?set HF2MS_GITLAB_TOKEN (a project access token, api scope)}")

[[ -f "$dir/comment.md" ]] || { echo "gitlab-note: no $dir/comment.md (plan.sh did not run)" >&2; exit 1; }
body="$(jq -n --rawfile body "$dir/comment.md" '{body: $body}')"
note_id="$(curl -fsS "${auth[@]}" "$notes?per_page=100&sort=desc&order_by=updated_at" |
  jq -r '[.[] | select(.body | startswith("<!-- hf2ms-plan -->"))][0].id // empty')"
if [[ -n "$note_id" ]]; then
  curl -fsS -o /dev/null "${auth[@]}" --header "Content-Type: application/json" \
    --request PUT --data "$body" "$notes/$note_id"
else
  curl -fsS -o /dev/null "${auth[@]}" --header "Content-Type: application/json" \
    --request POST --data "$body" "$notes"
fi
