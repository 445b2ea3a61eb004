#!/usr/bin/env bash
# Checks the .deb that `make package` builds (cmake/package.cmake) as a user would get it:
# its name and control fields, that Depends names the Debian runtime libraries and no -dev or
# sanitizer package, the unpacked file list, the unpacked programs running, and the unpacked
# Modal app finding the sources installed beside it. Nothing is installed on this machine:
# the package is unpacked with `dpkg-deb -x` into a scratch folder.
#
# usage: check_deb.sh --deb-dir DIR --version X.Y.Z --source-dir CHECKOUT
# $HF2MS_PACKAGE_DIR overrides --deb-dir (the Makefile sets it). A missing package fails when
# $CI=true or $HF2MS_REQUIRE_PACKAGE=1 (make test), and is a skip (exit 77) otherwise.
set -euo pipefail

deb_dir="" version="" source_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --deb-dir) deb_dir="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --source-dir) source_dir="$2"; shift 2 ;;
    *) echo "check_deb.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
deb_dir="${HF2MS_PACKAGE_DIR:-$deb_dir}"
arch="$(dpkg --print-architecture)"
deb="$deb_dir/hf2ms_${version}_${arch}.deb"

failures=0 mark=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# Ends a group of checks: "ok" only when none of them failed since the previous group.
pass() {
  if [ "$failures" -eq "$mark" ]; then echo "ok: $*"; else echo "not ok: $*"; fi
  mark=$failures
}

if [ ! -f "$deb" ]; then
  found="$(find "$deb_dir" -maxdepth 1 -name '*.deb' -printf '%f ' 2>/dev/null || true)"
  message="no package at $deb (found: ${found:-nothing}); build it with \`make package\`"
  if [ "${CI:-}" = "true" ] || [ "${HF2MS_REQUIRE_PACKAGE:-}" = "1" ]; then
    echo "FAIL: $message" >&2
    exit 1
  fi
  echo "SKIP: $message (required under make test and when CI=true)"
  exit 77
fi
pass "package file $deb ($(stat -c %s "$deb") bytes)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/hf2ms-deb.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = hf2ms ] || fail "Package is '$(field Package)', want hf2ms"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', want $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)'"
for f in Maintainer Section Description; do
  [ -n "$(field "$f")" ] || fail "control field $f is empty"
done
depends="$(field Depends)"
echo "Depends: $depends"
# One package name per entry, without versions or alternatives' extra names.
names="$(echo "$depends" | tr ',|' '\n' | sed -E 's/\(.*\)//; s/^ +//; s/ +$//' | sort -u)"
for lib in libc6 libstdc++6 libcurl4 libssl3 libxxhash0 ca-certificates; do
  grep -qx "$lib" <<<"$names" || fail "Depends lacks $lib"
done
bad="$(grep -E -- '-dev$|^lib(a|ub|l|t|hwa)san[0-9]*$' <<<"$names" || true)"
[ -z "$bad" ] || fail "Depends names build or sanitizer packages: ${bad//$'\n'/ }"
pass "control fields and Depends"

# Contents.
dpkg-deb -x "$deb" "$scratch/root"
root="$scratch/root"
for path in usr/bin/hf2ms usr/bin/hf2ms-hubsim; do
  [ -x "$root/$path" ] || fail "$path missing or not executable"
done
for path in usr/share/hf2ms/modal/hf2ms_modal.py \
            usr/share/hf2ms/schemas/hf2ms.schema.json usr/share/hf2ms/schemas/plan.schema.json \
            usr/share/hf2ms/source/CMakeLists.txt usr/share/hf2ms/source/cmake/install.cmake \
            usr/share/hf2ms/source/src/cli/main.cpp \
            usr/share/doc/hf2ms/README.md usr/share/doc/hf2ms/docs/modal.md \
            usr/share/doc/hf2ms/examples/single-model.toml \
            usr/share/bash-completion/completions/hf2ms usr/share/zsh/vendor-completions/_hf2ms; do
  [ -f "$root/$path" ] || fail "$path missing"
done
grep -q "migrate" "$root/usr/share/bash-completion/completions/hf2ms" ||
  fail "the shipped bash completion does not know the migrate subcommand"
bash -n "$root/usr/share/bash-completion/completions/hf2ms" ||
  fail "the shipped bash completion is not valid bash"
programs="$(find "$root/usr/bin" -mindepth 1 -printf '%f\n' | sort | tr '\n' ' ')"
[ "$programs" = "hf2ms hf2ms-hubsim " ] || fail "usr/bin holds '$programs', want only hf2ms and hf2ms-hubsim"
outside="$(cd "$root" && find . -mindepth 1 -maxdepth 1 ! -name usr)"
[ -z "$outside" ] || fail "files outside /usr: $outside"
pass "file list"

# The prebuilt Modal image installs RUNTIME_PACKAGES (deploy/modal/hf2ms_modal.py) and runs
# only hf2ms: every Depends group must be met by one of them, except the groups only
# hf2ms-hubsim needs (it ships in the .deb but never runs in a container). Which packages those
# are is derived from the unpacked programs' NEEDED entries, never listed by hand.
needed_owners() {
  readelf -d "$1" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | while read -r so; do
    { dpkg -S "*/$so" 2>/dev/null || true; } | head -n 1 | cut -d: -f1
  done | sort -u
}
hubsim_only="$(comm -13 <(needed_owners "$root/usr/bin/hf2ms") \
  <(needed_owners "$root/usr/bin/hf2ms-hubsim"))"
runtime="$(sed -n '/^RUNTIME_PACKAGES = \[/,/\]/p' "$source_dir/deploy/modal/hf2ms_modal.py" |
  grep -o '"[^"]*"' | tr -d '"')"
while IFS= read -r group; do
  met=0
  for alt in $(echo "$group" | tr '|' '\n' | sed -E 's/\(.*\)//'); do
    grep -qx "$alt" <<<"$runtime$(printf '\n%s' "$hubsim_only")" && met=1
  done
  [ "$met" -eq 1 ] || fail "Depends group '$group' is not in the Modal app's RUNTIME_PACKAGES"
done < <(echo "$depends" | tr ',' '\n' | sed -E 's/^ +//; s/ +$//')
[ -n "$(needed_owners "$root/usr/bin/hf2ms")" ] || fail "no NEEDED entry of usr/bin/hf2ms maps to a package"
pass "the Modal image's runtime packages meet what hf2ms needs"


# The unpacked programs run on this machine's libraries.
out="$("$root/usr/bin/hf2ms" --version)" || fail "hf2ms --version exited $?"
[ "$out" = "hf2ms $version" ] || fail "hf2ms --version printed '$out', want 'hf2ms $version'"
"$root/usr/bin/hf2ms-hubsim" --help >/dev/null || fail "hf2ms-hubsim --help exited $?"
example="$root/usr/share/doc/hf2ms/examples/single-model.toml"
"$root/usr/bin/hf2ms" validate -f "$example" >/dev/null ||
  fail "hf2ms validate on the shipped single-model.toml exited $?, want 0"
printf 'version = 1\n\n[[mirror]]\nsource = "hf:acme/model"\n' >"$scratch/no-target.toml"
status=0
"$root/usr/bin/hf2ms" validate -f "$scratch/no-target.toml" >"$scratch/out" 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "hf2ms validate on a manifest without target exited $status, want 1"
grep -q "no-target.toml:3:1: error" "$scratch/out" ||
  fail "the invalid manifest's report has no file:line:col error: $(cat "$scratch/out")"
pass "hf2ms --version, hf2ms-hubsim --help, validate (valid: 0, invalid: 1)"

# The unpacked Modal app (over the stand-in modal package) builds its image from the sources
# shipped beside it, and those sources configure on their own as the image's build step does.
python3 - "$root/usr/share/hf2ms/modal/hf2ms_modal.py" "$source_dir/tests/modal/stub" <<'EOF' ||
import importlib.util, os, pathlib, sys
app_file, stub = sys.argv[1], sys.argv[2]
sys.path.insert(0, stub)
for name in ("HF2MS_SRC", "HF2MS_PREBUILT"):
    os.environ.pop(name, None)
spec = importlib.util.spec_from_file_location("hf2ms_modal", app_file)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
added = [s for s in module.app.image.steps if s[0].startswith("add_local")]
want = pathlib.Path(app_file).resolve().parents[1] / "source"
tops = sorted(pathlib.Path(s[1]).relative_to(want).as_posix() for s in added
              if pathlib.Path(s[1]).is_relative_to(want))
sys.exit(0 if len(tops) == len(added) == 3 else f"image adds {added}, want the 3 parts of {want}")
EOF
  fail "the unpacked Modal app does not build from usr/share/hf2ms/source"
cmake -S "$root/usr/share/hf2ms/source" -B "$scratch/configure" -DHF2MS_BUILD_TESTS=OFF \
  -DHF2MS_BUILD_BENCH=OFF >"$scratch/configure.log" 2>&1 ||
  { cat "$scratch/configure.log" >&2; fail "the shipped sources do not configure"; }
pass "Modal app from the unpacked tree, shipped sources configure"

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "package check passed"
