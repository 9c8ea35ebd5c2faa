#!/usr/bin/env bash
# Builds the web page into web/dist/ (static files, index.html at its root).
# Builds the wasm package first (scripts/build-wasm.sh does so only when it is missing or
# stale), installs the npm dependencies from the committed lock file, and bundles.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# build-wasm.sh builds the package when pkg/ is missing or older than any of its inputs, and
# returns at once otherwise.
"$root/scripts/build-wasm.sh"

cd "$root/web"
# npm ci installs exactly the lock file; skip it when node_modules was installed from this one.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "build-web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "build-web: bundling into web/dist/"
node build.mjs
echo "build-web: done: $root/web/dist/index.html"
