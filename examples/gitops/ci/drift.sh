#!/usr/bin/env bash
# Scheduled job: are the hubs still what hf2ms.toml says? `hf2ms plan --detailed-exitcode`:
#   exit 0  no drift: every mirror is converged;
#   exit 2  drift: the plan has changes (a new upstream commit or repo, or a hand-edited
#           mirror). The job fails so someone looks; the plan is saved like plan.sh's, so the
#           apply job can apply exactly this plan once reviewed (README.md, "Drift");
#   exit 1  error: a mirror could not be planned, or the manifest or a hub is unusable.
# Writes $HF2MS_DRIFT_DIR (default hf2ms-drift) with the files plan.sh writes, and appends the
# Markdown plan to $GITHUB_STEP_SUMMARY when GitHub Actions sets it.
source "$(dirname "$0")/lib.sh"

dir="${HF2MS_DRIFT_DIR:-hf2ms-drift}"
status=0
make_plan "$dir" || status=$?
cat "$dir/plan.md"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat "$dir/plan.md" >>"$GITHUB_STEP_SUMMARY"; fi
case "$status" in
  0) echo "hf2ms drift check: no drift, every mirror is converged." >&2 ;;
  2) ci_error "drift: the hubs differ from $manifest; review the plan above and apply it (README.md, Drift)" ;;
  *) ci_error "the drift check failed (exit $status): a mirror could not be planned" ;;
esac
exit "$status"
