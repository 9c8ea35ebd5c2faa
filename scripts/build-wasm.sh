#!/usr/bin/env bash
# Builds the dalint-wasm npm package into crates/dalint_wasm/pkg/:
#   cargo (wasm32-unknown-unknown) → wasm-bindgen --target web → wasm-opt -O3 → pkg/
# Installs what it needs when missing (no wasm-pack: it downloads binaries):
#   - the rustup target wasm32-unknown-unknown
#   - wasm-bindgen-cli of exactly the version Cargo.toml pins, into $DALINT_TOOLS/bin
#   - wasm-opt from the npm package `binaryen` into $DALINT_TOOLS/npm (never Debian's binaryen:
#     its wasm-opt 108 silently breaks current wasm-bindgen output)
# Skips the build when pkg/ is newer than every input; `--force` rebuilds anyway.
#
# Environment: DALINT_TOOLS (default <repo>/.cache/tools) lets worktrees share the tools;
# DALINT_WASM_FEATURES (e.g. "--no-default-features") is passed to cargo, for size comparisons.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRATE="$ROOT/crates/dalint_wasm"
PKG="$CRATE/pkg"
TOOLS="${DALINT_TOOLS:-$ROOT/.cache/tools}"
BINARYEN_VERSION="132.0.0"
TARGET=wasm32-unknown-unknown
PROFILE=wasm-release

force=0
[[ "${1:-}" == "--force" ]] && force=1
[[ -n "${DALINT_WASM_FEATURES:-}" ]] && force=1

log() { echo "build-wasm: $*" >&2; }

# Inputs that change the package. A file newer than the stamp means rebuild.
inputs=(
  "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/scripts/build-wasm.sh"
  "$ROOT/crates/dalint_core/Cargo.toml" "$ROOT/crates/dalint_core/src"
  "$CRATE/Cargo.toml" "$CRATE/src" "$CRATE/js" "$ROOT/LICENSE"
)
stamp="$PKG/.build-stamp"
if [[ $force == 0 && -f "$stamp" && -f "$PKG/dalint_wasm_bg.wasm" ]]; then
  if [[ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
    log "pkg/ is up to date ($PKG)"
    exit 0
  fi
fi

wasm_bindgen_version="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$CRATE/Cargo.toml")"
[[ -n "$wasm_bindgen_version" ]] || { log "no exact wasm-bindgen pin found in $CRATE/Cargo.toml"; exit 2; }

if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
  log "installing rustup target $TARGET"
  rustup target add "$TARGET" >&2
fi

WASM_BINDGEN="$TOOLS/bin/wasm-bindgen"
if [[ "$("$WASM_BINDGEN" --version 2>/dev/null || true)" != "wasm-bindgen $wasm_bindgen_version" ]]; then
  log "installing wasm-bindgen-cli $wasm_bindgen_version into $TOOLS (about 2 minutes)"
  # No --locked: one of its locked dependencies is not in the registry.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --root "$TOOLS" --force >&2
fi

WASM_OPT="$TOOLS/npm/node_modules/.bin/wasm-opt"
if [[ "$(cat "$TOOLS/npm/node_modules/binaryen/package.json" 2>/dev/null | sed -n 's/.*"version": "\(.*\)".*/\1/p')" != "$BINARYEN_VERSION" ]]; then
  log "installing npm binaryen@$BINARYEN_VERSION (wasm-opt) into $TOOLS/npm"
  mkdir -p "$TOOLS/npm"
  npm install --prefix "$TOOLS/npm" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION" >&2
fi

log "cargo build --profile $PROFILE --target $TARGET -p dalint_wasm ${DALINT_WASM_FEATURES:-}"
# shellcheck disable=SC2086 # DALINT_WASM_FEATURES holds several words on purpose
cargo build --manifest-path "$ROOT/Cargo.toml" --profile "$PROFILE" --target "$TARGET" -p dalint_wasm \
  ${DALINT_WASM_FEATURES:-} >&2
wasm="$ROOT/target/$TARGET/$PROFILE/dalint_wasm.wasm"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
# The reset function lets the wrapper re-instantiate the module after a panic.
"$WASM_BINDGEN" --target web --experimental-reset-state-function --out-dir "$staging" "$wasm"
# -O3 rather than -Oz: speed is the tighter budget (see [profile.wasm-release] in Cargo.toml);
# measured, -Oz saves 0.1 KB gzipped and costs 4% more lint time.
"$WASM_OPT" -O3 --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-multivalue \
  "$staging/dalint_wasm_bg.wasm" -o "$staging/dalint_wasm_bg.opt.wasm"
mv "$staging/dalint_wasm_bg.opt.wasm" "$staging/dalint_wasm_bg.wasm"

cp "$CRATE/js/dalint.js" "$CRATE/js/dalint.d.ts" "$CRATE/js/README.md" "$ROOT/LICENSE" "$staging/"
version="$(cargo metadata --manifest-path "$ROOT/Cargo.toml" --format-version 1 --no-deps \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="dalint_wasm");console.log(p.version)})')"
license="$(sed -n 's/^license = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)"
cat > "$staging/package.json" <<EOF
{
  "name": "dalint-wasm",
  "version": "$version",
  "description": "dalint for JavaScript: lint, fix and preview Genesys Cloud Data Actions in the browser, Node and VS Code (WebAssembly).",
  "license": "$license",
  "keywords": ["genesys", "genesys-cloud", "data-actions", "linter", "secrets", "webassembly"],
  "type": "module",
  "main": "./dalint.js",
  "module": "./dalint.js",
  "types": "./dalint.d.ts",
  "exports": {
    ".": { "types": "./dalint.d.ts", "default": "./dalint.js" },
    "./dalint_wasm_bg.wasm": "./dalint_wasm_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": ["dalint.js", "dalint.d.ts", "dalint_wasm.js", "dalint_wasm.d.ts", "dalint_wasm_bg.wasm", "dalint_wasm_bg.wasm.d.ts", "README.md", "LICENSE"],
  "sideEffects": false
}
EOF

rm -rf "$PKG"
mkdir -p "$PKG"
cp "$staging"/* "$PKG/"
touch "$stamp"
log "wrote $PKG ($(wc -c < "$PKG/dalint_wasm_bg.wasm") bytes wasm, $(gzip -9c "$PKG/dalint_wasm_bg.wasm" | wc -c) gzipped)"
