#!/usr/bin/env bash
# Builds the web page and serves it on http://127.0.0.1:8080/ (the next free port when 8080 is
# taken; PORT=n picks another start). Prints the URL and runs until Ctrl+C.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build-web.sh"
exec node "$root/web/serve.mjs" --root "$root/web/dist" --port "${PORT:-8080}"
