#!/usr/bin/env bash
# Installs what scripts/release.sh needs beyond the wasm tools (scripts/install-tools.sh) on a
# fresh Debian 12 (run as root). Idempotent: each step runs only when its tool is missing.
#   - a Python virtual environment in $DALINT_TOOLS/release-venv with maturin, ziglang (zig links
#     the manylinux2014 wheel against old glibc symbols) and wheel (re-packs the wheel's metadata)
#   - the rustup target x86_64-unknown-linux-musl and Debian's musl-tools (musl-gcc compiles
#     mimalloc's C code for the static binary)
# Prints nothing on stdout but `export PATH=…` hints; fails with a clear message when a tool
# cannot be installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DALINT_TOOLS:-$ROOT/.cache/tools}"
VENV="$TOOLS/release-venv"
# Pinned: the wheel's tags and metadata depend on them.
PYTHON_TOOLS=(maturin==1.16.0 ziglang==0.17.1 wheel==0.45.1)
MUSL_TARGET=x86_64-unknown-linux-musl

log() { echo "install-release-tools: $*" >&2; }
fail() {
  log "ERROR: $*"
  exit 1
}

pinned_present() {
  local spec installed
  for spec in "${PYTHON_TOOLS[@]}"; do
    installed="$("$VENV/bin/python" -m pip show "${spec%%==*}" 2>/dev/null | sed -n 's/^Version: //p')"
    [[ "$installed" == "${spec##*==}" ]] || return 1
  done
}

if [[ -x "$VENV/bin/python" ]] && pinned_present; then
  log "maturin, ziglang, wheel: present in $VENV"
else
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    log "installing python3-venv (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-venv >&2 ||
      fail "python3-venv is missing and could not be installed (apt-get install python3-venv)"
  fi
  log "installing ${PYTHON_TOOLS[*]} into $VENV"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PYTHON_TOOLS[@]}" >&2 ||
    fail "pip could not install ${PYTHON_TOOLS[*]} (is the Python package index reachable?)"
fi

if rustup target list --installed 2>/dev/null | grep -qx "$MUSL_TARGET"; then
  log "rustup target $MUSL_TARGET: present"
else
  log "installing rustup target $MUSL_TARGET"
  rustup target add "$MUSL_TARGET" >&2 ||
    fail "rustup could not add $MUSL_TARGET (the static binary needs it): run 'rustup target add $MUSL_TARGET'"
fi

if command -v musl-gcc >/dev/null; then
  log "musl-gcc: present"
else
  log "installing musl-tools (apt; musl-gcc compiles mimalloc for the static binary)"
  if [[ $(id -u) != 0 ]]; then
    fail "musl-gcc is missing and installing it needs root: run 'apt-get install musl-tools'"
  fi
  export DEBIAN_FRONTEND=noninteractive
  { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq musl-tools; } >&2 ||
    fail "apt-get could not install musl-tools (the static binary needs musl-gcc)"
fi
