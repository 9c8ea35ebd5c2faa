#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release that runs on node 20) into a
# cache folder, following shared/notes/toolchain.md: a plain `npm i code-server` fails as root and
# several install scripts download binaries, so the steps below skip or replace them.
# Idempotent: prints the path of the code-server entry point and exits early when it is installed.
#
#   scripts/setup-code-server.sh            # installs into $DALINT_CACHE/code-server (default .cache)
#   CODE_SERVER_DIR=/some/dir scripts/setup-code-server.sh
set -euo pipefail

version=4.100.3
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
install_dir="${CODE_SERVER_DIR:-${DALINT_CACHE:-$repo_root/.cache}/code-server}"
entry="$install_dir/node_modules/code-server/out/node/entry.js"
stamp="$install_dir/.installed-$version"

if [[ -f "$stamp" && -f "$entry" ]]; then
  echo "$entry"
  exit 0
fi

log() { echo "setup-code-server: $*" >&2; }

# System packages: ripgrep replaces @vscode/ripgrep's downloaded binary, libkrb5-dev lets the
# kerberos module build, chromium drives the UI tests (never a Playwright-downloaded browser).
missing=()
command -v rg >/dev/null || missing+=(ripgrep)
[[ -f /usr/include/krb5.h || -f /usr/include/gssapi/gssapi.h ]] || missing+=(libkrb5-dev)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >&2
fi

mkdir -p "$install_dir"
cd "$install_dir"
[[ -f package.json ]] || echo '{"name": "dalint-code-server-cache", "private": true}' >package.json

log "npm install code-server@$version (about a minute)"
npm install --no-save --ignore-scripts --no-audit --no-fund "code-server@$version" >&2
npm rebuild argon2 >&2

vscode_dir="$install_dir/node_modules/code-server/lib/vscode"
cd "$vscode_dir"
# @vscode/ripgrep's postinstall downloads rg from GitHub; the Debian binary is linked instead.
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  pkg.allowScripts = Object.assign({}, pkg.allowScripts, {"@vscode/ripgrep": false});
  fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");
'
# node-pty's post-install calls npx, which ~/.npmrc (yes=false) would otherwise refuse.
npm_config_yes=true npm install --omit=dev --no-audit --no-fund >&2
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
[[ -e node_modules.asar ]] || ln -s node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund >&2)

touch "$stamp"
log "installed code-server $version in $install_dir"
echo "$entry"
