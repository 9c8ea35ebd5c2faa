#!/usr/bin/env bash
# The web page's tests: installs what they need (Debian chromium when missing; npm packages from
# the committed lock file), builds the page (and the wasm package when stale), then runs the unit
# and browser tests with node --test. Screenshots land in artifacts/web/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ ! -x /usr/bin/chromium ]]; then
  echo "test-web: installing Debian chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

"$root/scripts/build-web.sh"
mkdir -p "$root/artifacts/web"
cd "$root/web"
node --test --test-concurrency=1 test/*.test.mjs
