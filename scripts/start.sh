#!/usr/bin/env bash
# The main job: build the CLI, check the bundled examples.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p dalint_cli
echo "==> dalint check examples/ (the bundled examples; secrets are masked)"
./target/release/dalint check examples/ || true
