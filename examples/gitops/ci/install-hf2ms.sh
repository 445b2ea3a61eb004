#!/usr/bin/env bash
# Installs hf2ms in a CI job from its Debian package (the release asset
# hf2ms_<version>_amd64.deb), for a debian:12 job image: the package's dependencies are Debian 12
# runtime libraries, and with the modal executor the Modal app ships this very binary into its
# image (HF2MS_PREBUILT, docs/modal.md), which must be built for glibc 2.36 or older.
#   HF2MS_DEB_URL      where to download the .deb (required unless HF2MS_DEB is set)
#   HF2MS_DEB_SHA256   its SHA-256; checked when set (recommended: pin the exact bytes)
#   HF2MS_DEB          a .deb already on disk instead of a download
#   HF2MS_WITH_MODAL   1: also install the Modal CLI (pinned MODAL_VERSION) for the apply job
# Run as root (the job image's default) or with sudo available.
set -euo pipefail

modal_version="${MODAL_VERSION:-1.5.4}"  # the SDK deploy/modal/hf2ms_modal.py was written against
sudo=""
if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

packages=(ca-certificates curl jq unzip)  # jq and unzip: the GitLab API scripts
if [[ "${HF2MS_WITH_MODAL:-0}" == "1" ]]; then packages+=(python3 python3-venv); fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

deb="${HF2MS_DEB:-}"
if [[ -z "$deb" ]]; then
  if [[ -z "${HF2MS_DEB_URL:-}" ]]; then
    echo "error: set HF2MS_DEB_URL to the hf2ms_<version>_amd64.deb release asset (or HF2MS_DEB to a local file)" >&2
    exit 1
  fi
  deb="$(mktemp -d)/hf2ms.deb"
  curl -fsSL --retry 3 -o "$deb" "$HF2MS_DEB_URL"
fi
if [[ -n "${HF2MS_DEB_SHA256:-}" ]]; then
  echo "${HF2MS_DEB_SHA256}  $deb" | sha256sum -c --quiet -
fi
# apt resolves the package's declared runtime dependencies (libcurl, OpenSSL, ...).
$sudo apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null
hf2ms --version

if [[ "${HF2MS_WITH_MODAL:-0}" == "1" ]]; then
  # A venv, because Debian 12's Python refuses system-wide pip installs (PEP 668).
  $sudo python3 -m venv /opt/hf2ms-modal
  $sudo /opt/hf2ms-modal/bin/pip install -q "modal==$modal_version"
  $sudo ln -sf /opt/hf2ms-modal/bin/modal /usr/local/bin/modal
  modal --version
fi
