#!/usr/bin/env bash
# Packages the VS Code extension as extension/dalint.vsix: builds the wasm package when it is
# missing or stale (scripts/build-wasm.sh checks), bundles the extension for Node and the web with
# esbuild (minified), then `vsce package` (3.9.x: the last line for node 20) fully offline.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ext_dir="$repo_root/extension"

"$repo_root/scripts/build-wasm.sh"
cd "$ext_dir"
# npm ci when node_modules is missing or older than the lockfile.
[[ node_modules/.package-lock.json -nt package-lock.json ]] ||
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
node build.mjs --production
# --no-dependencies: everything is bundled into dist/; node_modules holds only build tools.
node_modules/.bin/vsce package --no-dependencies --out dalint.vsix >&2
size=$(wc -c <dalint.vsix)
echo "package-extension: wrote $ext_dir/dalint.vsix ($size bytes)" >&2
node_modules/.bin/vsce ls --no-dependencies >&2
