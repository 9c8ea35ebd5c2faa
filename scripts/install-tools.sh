#!/usr/bin/env bash
# Installs what the wasm build and its tests need on a fresh Debian 12 (run as root; `.ci/run`
# calls it). Idempotent: each step runs only when its tool is missing, and says what it installs.
#   - rustup target wasm32-unknown-unknown
#   - wasm-bindgen-cli of the version crates/dalint_wasm/Cargo.toml pins (+ wasm-bindgen-test-runner)
#   - npm binaryen (wasm-opt), via scripts/build-wasm.sh's own check
#   - Debian chromium and chromium-driver (headless browser tests)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DALINT_TOOLS:-$ROOT/.cache/tools}"
BINARYEN_VERSION="$(sed -n 's/^BINARYEN_VERSION="\(.*\)"/\1/p' "$ROOT/scripts/build-wasm.sh")"

log() { echo "install-tools: $*"; }

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "rustup target wasm32-unknown-unknown: present"
else
  log "installing rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

version="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$ROOT/crates/dalint_wasm/Cargo.toml")"
if [[ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null || true)" == "wasm-bindgen $version" \
  && -x "$TOOLS/bin/wasm-bindgen-test-runner" ]]; then
  log "wasm-bindgen-cli $version: present in $TOOLS/bin"
else
  log "installing wasm-bindgen-cli $version into $TOOLS (about 2 minutes)"
  # No --locked: one of its locked dependencies is not in the registry.
  cargo install wasm-bindgen-cli --version "$version" --root "$TOOLS" --force
fi

if [[ -f "$TOOLS/npm/node_modules/binaryen/package.json" ]] \
  && grep -q "\"version\": \"$BINARYEN_VERSION\"" "$TOOLS/npm/node_modules/binaryen/package.json"; then
  log "npm binaryen $BINARYEN_VERSION (wasm-opt): present"
else
  log "installing npm binaryen@$BINARYEN_VERSION (wasm-opt) into $TOOLS/npm"
  mkdir -p "$TOOLS/npm"
  npm install --prefix "$TOOLS/npm" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
fi

# `dpkg -s` says "install ok installed" only for configured packages (not half-installed ones).
missing=()
for package in chromium chromium-driver; do
  if dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
    log "$package: present"
  else
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  log "installing ${missing[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
