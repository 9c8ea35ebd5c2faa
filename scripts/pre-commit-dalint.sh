#!/usr/bin/env bash
# Entry point of the `dalint` pre-commit hook: `dalint check` on the files pre-commit passes.
# Uses `dalint` from PATH when there is one, else builds it once in this checkout (pre-commit's
# clone of the dalint repository) and reuses the build afterwards.
set -euo pipefail
if command -v dalint >/dev/null 2>&1; then
  exec dalint check "$@"
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/target/release/dalint"
if [ ! -x "$bin" ]; then
  cargo build --release --locked -p dalint_cli --manifest-path "$root/Cargo.toml" >&2
fi
exec "$bin" check "$@"
