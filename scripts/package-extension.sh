#!/usr/bin/env bash
# Packages the VS Code extension as a .vsix (extension/dalint.vsix, or the path given):
# builds the wasm package when it is missing or stale (scripts/build-wasm.sh checks), bundles the
# extension for Node and the web with esbuild (minified), then `vsce package` (3.9.x: the last
# line for node 20) fully offline.
#
#   scripts/package-extension.sh [OUT.vsix]
#
# vsce runs in a staging folder holding what ships (.vscodeignore picks from it): the bundle in
# dist/, package.json, README.md with its images/, and the repository's LICENSE and CHANGELOG.md.
# README links stay relative (--no-rewrite-relative-links): the screenshots are inside the .vsix.
# DALINT_REPOSITORY_URL, when set, becomes the staged package.json's `repository`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ext_dir="$repo_root/extension"
out="$(realpath -m "${1:-$ext_dir/dalint.vsix}")"

"$repo_root/scripts/build-wasm.sh"
cd "$ext_dir"
# npm ci when node_modules is missing or older than the lockfile.
[[ node_modules/.package-lock.json -nt package-lock.json ]] ||
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
node build.mjs --production

staging="$(mktemp -d -t dalint-vsix.XXXXXX)"
trap 'rm -rf "$staging"' EXIT
cp -r package.json README.md .vscodeignore images dist "$staging/"
cp "$repo_root/LICENSE" "$repo_root/CHANGELOG.md" "$staging/"
if [[ -n "${DALINT_REPOSITORY_URL:-}" ]]; then
  node -e '
    const fs = require("fs"), [file, url] = process.argv.slice(1);
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    pkg.repository = { type: "git", url };
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$staging/package.json" "$DALINT_REPOSITORY_URL"
fi
vsce="$ext_dir/node_modules/.bin/vsce"
# --no-dependencies: everything is bundled into dist/; node_modules holds only build tools.
(cd "$staging" && "$vsce" package --no-dependencies --no-rewrite-relative-links --allow-missing-repository \
  --out "$out" >&2 && "$vsce" ls --no-dependencies >&2)
echo "package-extension: wrote $out ($(wc -c <"$out") bytes)" >&2
