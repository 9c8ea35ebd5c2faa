#!/usr/bin/env bash
# Builds every release file into dist/ (DALINT_DIST overrides), one version for all of them (the
# workspace Cargo.toml's):
#   dalint-V-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl   the native CLI as a wheel
#   dalint-V-x86_64-unknown-linux-musl.tar.gz   static CLI binary, LICENSE, README.md
#   dalint-wasm-V.tgz                           the npm package (npm pack), with types
#   dalint-V.vsix                               the VS Code extension
#   dalint-web-V.zip                            the static web page (relative links: any sub-path)
#   SHA256SUMS                                  sha256sum of all of the above
# Installs what it needs when missing (scripts/install-release-tools.sh; scripts/build-wasm.sh)
# and reuses the suite's builds: the wasm package, web/dist and extension/dist are rebuilt only
# when stale, the native builds share target/.
#
# DALINT_REPOSITORY_URL, when set, is written into the manifests of the built files (the wheel's
# METADATA, the npm package.json, the extension's package.json); committed files never name a URL.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${DALINT_DIST:-$ROOT/dist}"
TOOLS="${DALINT_TOOLS:-$ROOT/.cache/tools}"
MUSL_TARGET=x86_64-unknown-linux-musl
REPOSITORY_URL="${DALINT_REPOSITORY_URL:-}"
started=$SECONDS

log() { printf '\n==> release: %s\n' "$*" >&2; }
cd "$ROOT"

version="$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' Cargo.toml)"
[[ -n "$version" ]] || { echo "release: no version in [workspace.package] of Cargo.toml" >&2; exit 2; }
if [[ -n "$REPOSITORY_URL" && ! "$REPOSITORY_URL" =~ ^https://[^[:space:]\"]+$ ]]; then
  echo "release: DALINT_REPOSITORY_URL must be an https:// URL (got '$REPOSITORY_URL')" >&2
  exit 2
fi

log "tools"
# The wasm tools are installed by scripts/build-wasm.sh itself; these are the native ones.
bash scripts/install-release-tools.sh
export PATH="$TOOLS/release-venv/bin:$PATH"

rm -rf "$DIST"
mkdir -p "$DIST"
staging="$(mktemp -d -t dalint-release.XXXXXX)"
trap 'rm -rf "$staging"' EXIT

# --- Python wheel (maturin, `bindings = "bin"`, pyproject.toml at the root) -------------------
log "wheel (maturin --zig --compatibility manylinux2014)"
maturin build --release --locked --zig --compatibility manylinux2014 --out "$staging/wheel" >&2
wheel=("$staging"/wheel/dalint-"$version"-*.whl)
[[ -f "${wheel[0]}" ]] || { echo "release: maturin wrote no dalint-$version wheel" >&2; exit 1; }
if [[ -n "$REPOSITORY_URL" ]]; then
  # The URL goes into the built METADATA only; `wheel pack` rewrites RECORD's hashes.
  python -m wheel unpack --dest "$staging/unpacked" "${wheel[0]}" >&2
  metadata=("$staging"/unpacked/*/*.dist-info/METADATA)
  python - "${metadata[0]}" "$REPOSITORY_URL" <<'PY'
import sys
path, url = sys.argv[1:]
text = open(path, encoding="utf-8").read()
headers, sep, body = text.partition("\n\n")
open(path, "w", encoding="utf-8").write(f"{headers}\nProject-URL: Repository, {url}{sep}{body}")
PY
  python -m wheel pack --dest-dir "$DIST" "$staging"/unpacked/* >&2
else
  cp "${wheel[0]}" "$DIST/"
fi

# --- Static Linux binary (musl; mimalloc kept: musl's allocator is slow) ----------------------
log "static binary ($MUSL_TARGET)"
CC_x86_64_unknown_linux_musl=musl-gcc \
  cargo build --release --locked --target "$MUSL_TARGET" -p dalint_cli >&2
static_name="dalint-$version-$MUSL_TARGET"
mkdir -p "$staging/$static_name"
cp "target/$MUSL_TARGET/release/dalint" LICENSE README.md "$staging/$static_name/"
strip "$staging/$static_name/dalint"
tar -C "$staging" --owner=0 --group=0 --numeric-owner --sort=name -czf "$DIST/$static_name.tar.gz" "$static_name"

# --- npm package dalint-wasm (npm pack of scripts/build-wasm.sh's pkg/) -------------------------
log "npm package dalint-wasm"
bash scripts/build-wasm.sh
cp -r crates/dalint_wasm/pkg "$staging/npm"
rm -f "$staging/npm/.build-stamp"
if [[ -n "$REPOSITORY_URL" ]]; then
  node -e '
    const fs = require("fs"), [file, url] = process.argv.slice(1);
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    pkg.repository = { type: "git", url };
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$staging/npm/package.json" "$REPOSITORY_URL"
fi
(cd "$staging/npm" && npm pack --silent --pack-destination "$DIST" >/dev/null)

# --- VS Code extension ------------------------------------------------------------------------
log "VS Code extension (.vsix)"
bash scripts/package-extension.sh "$DIST/dalint-$version.vsix"

# --- Web page ---------------------------------------------------------------------------------
log "web page (zip)"
bash scripts/build-web.sh >&2
# Files at the zip's root: unzip into any folder a static server serves (every link is relative).
python3 - web/dist "$DIST/dalint-web-$version.zip" <<'PY'
import os, sys, zipfile
root, out = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for folder, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, root))
PY

# --- Checksums --------------------------------------------------------------------------------
(cd "$DIST" && sha256sum -- *.whl *.tar.gz *.tgz *.vsix *.zip >SHA256SUMS)

log "wrote $DIST in $((SECONDS - started)) s"
(cd "$DIST" && for file in *; do printf '  %-70s %9d bytes\n' "$file" "$(wc -c <"$file")"; done) >&2
