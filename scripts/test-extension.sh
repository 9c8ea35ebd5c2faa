#!/usr/bin/env bash
# Tests the VS Code extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), offline:
#   1. `node --test` unit tests of the pure conversion code,
#   2. extension-host tests through the real API (extension loaded from its development path),
#   3. a Playwright UI test against the packaged .vsix (screenshots in artifacts/extension/).
# The part `installed` (not run by default; scripts/test-release.sh runs it) installs the .vsix
# $DALINT_VSIX into an empty profile and runs the extension-host tests of 2. against that
# installed copy: the development path is then an empty test-runner extension.
# code-server listens on 127.0.0.1 only, with fresh config/user-data/extensions folders, and is
# always stopped at the end (trap), whatever happens.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ext_dir="$repo_root/extension"
artifacts="$repo_root/artifacts/extension"
started=$SECONDS

code_server_entry="$("$repo_root/scripts/setup-code-server.sh")"

work="$(mktemp -d -t dalint-ext-test.XXXXXX)"
mkdir -p "$artifacts"
server_groups=()
stop_code_servers() {
  local group
  for group in "${server_groups[@]}"; do
    kill -TERM -- "-$group" 2>/dev/null || true
  done
  for group in "${server_groups[@]}"; do
    for _ in $(seq 50); do
      kill -0 -- "-$group" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$group" 2>/dev/null || true
    wait "$group" 2>/dev/null || true
  done
  server_groups=()
}
cleanup() {
  stop_code_servers
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_code_server NAME FOLDER [extra code-server args…]: serves FOLDER on a free 127.0.0.1 port
# from fresh folders under $work/NAME and sets CODE_SERVER_URL.
start_code_server() {
  local name=$1 folder=$2
  shift 2
  local dir="$work/$name"
  mkdir -p "$dir/user-data/User" "$dir/extensions"
  # A quiet workbench: no welcome page, no telemetry, no update or gallery checks.
  cat >"$dir/user-data/User/settings.json" <<'SETTINGS'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true
}
SETTINGS
  : >"$dir/config.yaml"
  : >"$dir/server.log"
  local args=(--config "$dir/config.yaml" --user-data-dir "$dir/user-data" --extensions-dir "$dir/extensions"
    --auth none --disable-telemetry --disable-update-check --disable-workspace-trust)
  if [[ -n "${VSIX:-}" ]]; then
    node "$code_server_entry" "${args[@]}" --install-extension "$VSIX" >"$dir/install.log" 2>&1
  fi
  # setsid: code-server and everything it spawns share one process group that the trap kills.
  # EXTENSIONS_GALLERY={}: no gallery, so the workbench never tries to reach a marketplace.
  EXTENSIONS_GALLERY='{}' setsid node "$code_server_entry" "${args[@]}" --bind-addr 127.0.0.1:0 "$@" "$folder" >"$dir/server.log" 2>&1 &
  server_groups+=("$!")
  local waited=0
  CODE_SERVER_URL=""
  while [[ -z "$CODE_SERVER_URL" ]]; do
    CODE_SERVER_URL="$(sed -n 's|.*HTTP server listening on \(http://127\.0\.0\.1:[0-9]*/\).*|\1|p' "$dir/server.log")"
    if ((waited >= 300)); then
      echo "code-server did not start:" >&2
      cat "$dir/server.log" >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

cd "$ext_dir"
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: @vscode/test-web depends on playwright, whose browsers are
# never downloaded (Debian's chromium is used).
# npm ci when node_modules is missing or older than the lockfile.
[[ node_modules/.package-lock.json -nt package-lock.json ]] ||
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
build_started=$SECONDS
"$repo_root/scripts/build-wasm.sh"
node build.mjs
npx tsc -p .
echo "-- setup and build took $((build_started - started)) + $((SECONDS - build_started)) s"

# Each part returns non-zero when its tests fail; all requested parts run, then the script fails
# if any did.
run_unit() {
  echo "== unit tests (node --test)"
  node --test test/unit/
}

run_host() {
  echo "== extension-host tests (code-server, extension from its development path)"
  local workspace="$work/host-workspace" status=0
  mkdir -p "$workspace"
  cp -r "$ext_dir/test/workspace/." "$workspace/"
  start_code_server host "$workspace" || return 1
  HOST_TESTS_LOG="$artifacts/host-workbench.log" \
    node test/harness/run-host-tests.mjs "$CODE_SERVER_URL" "$ext_dir" "$ext_dir/dist/test/suite.js" "$workspace" ||
    status=1
  stop_code_servers
  return $status
}

run_installed() {
  echo "== extension-host tests against the installed ${DALINT_VSIX:-<DALINT_VSIX unset>}"
  [[ -f "${DALINT_VSIX:-}" ]] || { echo "DALINT_VSIX must name a .vsix" >&2; return 1; }
  local workspace="$work/installed-workspace" runner="$work/test-runner" status=0
  mkdir -p "$workspace" "$runner"
  cp -r "$ext_dir/test/workspace/." "$workspace/"
  # The tests need a development extension to run from; this one contributes nothing, so the
  # dalint extension they drive is the installed one (the suite checks its path).
  echo '{"name": "dalint-test-runner", "publisher": "dalint-tests", "version": "0.0.0", "engines": {"vscode": "^1.91.0"}}' \
    >"$runner/package.json"
  VSIX="$DALINT_VSIX" DALINT_EXPECTED_EXTENSION_DIR="$work/installed/extensions" \
    start_code_server installed "$workspace" || return 1
  grep -q "was successfully installed" "$work/installed/install.log" || {
    cat "$work/installed/install.log" >&2
    return 1
  }
  HOST_TESTS_LOG="$artifacts/installed-workbench.log" \
    node test/harness/run-host-tests.mjs "$CODE_SERVER_URL" "$runner" "$ext_dir/dist/test/suite.js" "$workspace" ||
    status=1
  stop_code_servers
  return $status
}

run_web() {
  echo "== web-worker entry in VS Code for the Web 1.91 (@vscode/test-web, offline)"
  local workspace="$work/web-workspace"
  mkdir -p "$workspace"
  cp -r "$ext_dir/test/workspace/." "$workspace/"
  # Headed runs hang: run-web-tests.mjs is headless, and `timeout` guards it anyway.
  timeout 300 node test/harness/run-web-tests.mjs "${DALINT_CACHE:-$repo_root/.cache}/test-web" "$workspace"
}

run_ui() {
  echo "== UI test (packaged .vsix in code-server, Playwright + Debian Chromium)"
  local workspace="$work/ui-workspace" status=0
  "$repo_root/scripts/package-extension.sh" || return 1
  mkdir -p "$workspace"
  cp -r "$ext_dir/test/workspace/." "$workspace/"
  VSIX="$ext_dir/dalint.vsix" start_code_server ui "$workspace" || return 1
  CODE_SERVER_URL="$CODE_SERVER_URL" WORKSPACE="$workspace" ARTIFACTS="$artifacts" node --test test/ui/ || status=1
  stop_code_servers
  # The README's screenshots (shipped in the .vsix) are this test's: DALINT_UPDATE_SCREENSHOTS=1
  # refreshes them after a passing run.
  if [[ $status == 0 && "${DALINT_UPDATE_SCREENSHOTS:-}" == 1 ]]; then
    cp "$artifacts/1-problems-panel.png" "$ext_dir/images/problems-panel.png"
    cp "$artifacts/2-quick-fix-menu.png" "$ext_dir/images/quick-fix.png"
    cp "$artifacts/4-preview.png" "$ext_dir/images/preview.png"
    echo "screenshots copied into $ext_dir/images/"
  fi
  return $status
}

# Arguments pick the parts (unit, host, web, ui, installed); unit, host, web and ui by default.
parts=("$@")
((${#parts[@]})) || parts=(unit host web ui)
failed=()
for part in "${parts[@]}"; do
  case "$part" in
    unit | host | web | ui | installed)
      part_started=$SECONDS
      "run_$part" || failed+=("$part")
      echo "-- $part took $((SECONDS - part_started)) s"
      ;;
    *) echo "unknown part: $part (unit, host, web, ui, installed)" >&2; exit 2 ;;
  esac
done

if ((${#failed[@]})); then
  echo "test-extension: FAILED: ${failed[*]} (of ${parts[*]}) after $((SECONDS - started)) s" >&2
  exit 1
fi
echo "test-extension: ${parts[*]} passed in $((SECONDS - started)) s"
