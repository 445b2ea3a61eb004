# Shared by plan.sh, drift.sh and apply.sh (sourced, not run). Every setting is an environment
# variable so GitHub Actions, GitLab CI and the test of this example run the same commands:
#   HF2MS_BIN        the hf2ms binary (default: `hf2ms` on PATH)
#   HF2MS_MANIFEST   the manifest (default: hf2ms.toml)
#   HF2MS_OID_CACHE_DIR  the folder the CI cache keeps between jobs (default .hf2ms-cache)
#   HF2MS_OID_CACHE_KEY  a CI secret (default-branch jobs only): authenticates that folder
# Hub endpoints and tokens are hf2ms's own variables (HF_TOKEN, MODELSCOPE_TOKEN, HF_ENDPOINT,
# MODELSCOPE_ENDPOINT, ...): these scripts pass the environment through untouched.
set -euo pipefail

hf2ms="${HF2MS_BIN:-hf2ms}"
manifest="${HF2MS_MANIFEST:-hf2ms.toml}"

# The git oid / SHA-256 pairs apply learnt (docs/adr/0003 in the hf2ms source): with the key,
# hf2ms uses the cached folder and believes only the lines the key authenticates, so a
# converged mirror costs no downloads to re-check. Without it (a pull request's job) the
# restored folder is not used at all: a cache someone else wrote may cost downloads, never a
# wrong "equal".
if [[ -n "${HF2MS_OID_CACHE_KEY:-}" ]]; then
  HF2MS_CACHE_DIR="${HF2MS_OID_CACHE_DIR:-.hf2ms-cache}"
  mkdir -p "$HF2MS_CACHE_DIR"
  export HF2MS_CACHE_DIR
fi

# An error line, also as a GitHub annotation when running in GitHub Actions.
ci_error() {
  echo "error: $*" >&2
  if [[ "${GITHUB_ACTIONS:-}" == "true" ]]; then echo "::error title=hf2ms::$*"; fi
}

manifest_sha256() { sha256sum <"$manifest" | cut -d' ' -f1; }

# make_plan DIR: validate the manifest, then plan it into DIR:
#   DIR/plan.json        the saved plan (absent when a mirror failed: hf2ms saves no such plan)
#   DIR/plan.md          the plan in Markdown, or why there is none
#   DIR/manifest.sha256  the SHA-256 of the manifest planned; apply.sh refuses another one
#   DIR/changes          `true` or `false`
# Returns hf2ms plan --detailed-exitcode's status: 0 no changes, 2 changes, 1 error.
make_plan() {
  local dir="$1" status=0
  mkdir -p "$dir"
  rm -f "$dir/plan.json" "$dir/plan.md" "$dir/manifest.sha256" "$dir/changes"
  if ! "$hf2ms" validate -f "$manifest" >"$dir/validate.txt" 2>&1; then
    cat "$dir/validate.txt" >&2
    fenced "hf2ms: \`$manifest\` is not valid" "$dir/validate.txt" >"$dir/plan.md"
    return 1
  fi
  manifest_sha256 >"$dir/manifest.sha256"
  "$hf2ms" plan -f "$manifest" -o "$dir/plan.json" --markdown --detailed-exitcode \
    >"$dir/plan.md" 2>"$dir/plan.stderr" || status=$?
  cat "$dir/plan.stderr" >&2
  if [[ $status -ne 0 && $status -ne 2 && ! -s "$dir/plan.md" ]]; then
    fenced "hf2ms plan failed (exit $status)" "$dir/plan.stderr" >"$dir/plan.md"
  fi
  if [[ $status -eq 2 ]]; then echo true >"$dir/changes"; else echo false >"$dir/changes"; fi
  return "$status"
}

# fenced TITLE FILE: Markdown with TITLE and FILE's text in a code block.
fenced() {
  printf '### %s\n\n```\n' "$1"
  cat "$2"
  printf '```\n'
}
