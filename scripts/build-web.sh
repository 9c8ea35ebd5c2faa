#!/usr/bin/env bash
# Builds the web page into web/dist/ (static files, index.html at its root).
# Builds the wasm package first (scripts/build-wasm.sh) when it is missing or older than its
# sources, installs the page's npm dependencies from the committed lock file, and bundles.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pkg="$root/crates/dalint_wasm/pkg"
wasm="$pkg/dalint_wasm_bg.wasm"

wasm_is_stale() {
  [[ -f "$wasm" && -f "$pkg/package.json" ]] || return 0
  # Any source of the package newer than the built module makes it stale.
  [[ -n "$(find "$root/crates/dalint_core" "$root/crates/dalint_wasm" "$root/Cargo.toml" "$root/Cargo.lock" \
      -path "$pkg" -prune -o -path '*/target' -prune -o -type f -newer "$wasm" -print -quit)" ]]
}

if wasm_is_stale; then
  echo "build-web: building the wasm package (scripts/build-wasm.sh)"
  "$root/scripts/build-wasm.sh"
else
  echo "build-web: wasm package is up to date ($pkg)"
fi

cd "$root/web"
# npm ci installs exactly the lock file; skip it when node_modules was installed from this one.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "build-web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "build-web: bundling into web/dist/"
node build.mjs
echo "build-web: done: $root/web/dist/index.html"
