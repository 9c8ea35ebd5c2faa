#!/usr/bin/env bash
# Tests of the WebAssembly package, as CI runs them (after scripts/install-tools.sh):
#   1. clippy for wasm32 (-D warnings)
#   2. build pkg/ (scripts/build-wasm.sh) and the CLI the parity tests compare against
#   3. wasm-bindgen tests in Node, then in headless Debian Chromium (chromedriver)
#   4. node --test on the built package: fixtures, UTF-16 offsets, panic recovery, CLI parity,
#      and tsc --noEmit on the TypeScript declarations
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DALINT_TOOLS:-$ROOT/.cache/tools}"
NODE_TESTS="$ROOT/crates/dalint_wasm/tests/node"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }

step "tools"
bash scripts/install-tools.sh

step "clippy (wasm32)"
cargo clippy -p dalint_wasm --target wasm32-unknown-unknown --all-targets -- -D warnings

step "build pkg/ and the CLI"
bash scripts/build-wasm.sh
cargo build -p dalint_cli

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$TOOLS/bin/wasm-bindgen-test-runner"
step "wasm-bindgen tests in Node"
cargo test -p dalint_wasm --target wasm32-unknown-unknown --test wasm

step "wasm-bindgen tests in headless Chromium"
CHROMEDRIVER="$(command -v chromedriver)" WASM_BINDGEN_USE_BROWSER=1 \
  cargo test -p dalint_wasm --target wasm32-unknown-unknown --test wasm

step "node --test on the package (and tsc)"
if [[ ! -d "$NODE_TESTS/node_modules" || "$NODE_TESTS/package-lock.json" -nt "$NODE_TESTS/node_modules" ]]; then
  (cd "$NODE_TESTS" && npm ci --no-audit --no-fund --loglevel=error)
fi
(cd "$NODE_TESTS" && node --test)
