#!/usr/bin/env bash
# The main job: build the CLI, check the bundled examples, then build the web page (and the wasm
# package it runs) and serve it on http://127.0.0.1:8080 (the next free port if taken) until Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p dalint_cli
echo "==> dalint check examples/ (the bundled examples; secrets are masked)"
./target/release/dalint check examples/ || true
echo "==> building and serving the web page"
exec bash scripts/serve-web.sh
