#!/usr/bin/env bash
# Pull/merge request job: validate hf2ms.toml, plan it, and leave for the next steps
#   $HF2MS_PLAN_DIR/plan.json        the saved plan, uploaded as an artifact for the apply job
#   $HF2MS_PLAN_DIR/plan.md          the Markdown plan, posted as the PR/MR comment
#   $HF2MS_PLAN_DIR/comment.md       plan.md behind a marker line, cut to a comment's size
#   $HF2MS_PLAN_DIR/manifest.sha256  which manifest was planned
#   $HF2MS_PLAN_DIR/changes          `true` when the plan changes something
# Settings: HF2MS_PLAN_DIR (default hf2ms-plan), HF2MS_COMMENT_LIMIT (default 60000 bytes,
# GitHub refuses comments over 65536 characters) and those in lib.sh.
# Exit status: 0 when the plan was made, with or without changes; 1 otherwise (an invalid
# manifest, an unreachable hub, a mirror that could not be planned).
source "$(dirname "$0")/lib.sh"

dir="${HF2MS_PLAN_DIR:-hf2ms-plan}"
limit="${HF2MS_COMMENT_LIMIT:-60000}"
status=0
make_plan "$dir" || status=$?

# The marker lets the comment step find and update its own comment instead of adding one.
{
  echo "<!-- hf2ms-plan -->"
  if [[ $(wc -c <"$dir/plan.md") -le $limit ]]; then
    cat "$dir/plan.md"
  else
    head -c "$limit" "$dir/plan.md" | sed '$d'
    printf '\n\n*The plan is too long for a comment; the full plan is plan.md in the `hf2ms-plan` artifact.*\n'
  fi
} >"$dir/comment.md"

changes="$(cat "$dir/changes" 2>/dev/null || echo false)"
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "changes=$changes" >>"$GITHUB_OUTPUT"; fi
case "$status" in
  0) echo "hf2ms plan: no changes." >&2 ;;
  2) echo "hf2ms plan: the plan has changes; merging applies exactly this plan." >&2 ;;
  *) ci_error "hf2ms plan failed (exit $status); see $dir/plan.md"; exit 1 ;;
esac
