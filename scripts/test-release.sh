#!/usr/bin/env bash
# Installation tests: builds the release files once (scripts/release.sh, reusing the suite's
# builds), then installs each one as its users would and uses it:
#   wheel          fresh venv, pip install, dalint --version / check examples/ (exit code, secrets
#                  masked in every format) / rule SEC001; uvx --from the wheel when uv installs
#   static binary  no shared libraries (ldd), same JSON report as the wheel's binary
#   npm package    fresh folder, npm install of the .tgz; a Node ESM script and a TypeScript file
#                  (tsc) import it by name and lint, fix and preview a document
#   .vsix          installed into an empty code-server profile; the extension-host suite runs
#                  against the installed copy (scripts/test-extension.sh installed)
#   web zip        unpacked under /tools/dalint/ of python3 -m http.server; the page's browser
#                  tests for lint + fix and for the CSP run against it
#   action.yml     its shell steps (scripts/github-action.sh) against dist/, and a tampered
#                  SHA256SUMS that must stop the install
#   metadata       scripts/check-release-metadata.mjs (versions, URLs, pipelines, .vsix contents)
#
# DALINT_RELEASE_REUSE=1 tests an existing dist/ instead of building it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${DALINT_DIST:-$ROOT/dist}"
TOOLS="${DALINT_TOOLS:-$ROOT/.cache/tools}"
UV_VERSION=0.13.9
started=$SECONDS
cd "$ROOT"

work="$(mktemp -d -t dalint-test-release.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

timings=()
step_started=$SECONDS
step_name=""
end_step() {
  [[ -z "$step_name" ]] || timings+=("$(printf '%-32s %4d s' "$step_name" $((SECONDS - step_started)))")
}
step() {
  end_step
  step_name="$1"
  step_started=$SECONDS
  printf '\n==> test-release: %s\n' "$*"
}
fail() {
  echo "test-release: FAILED: $*" >&2
  exit 1
}

step "release.sh"
if [[ "${DALINT_RELEASE_REUSE:-}" == 1 && -f "$DIST/SHA256SUMS" ]]; then
  echo "reusing $DIST"
else
  bash scripts/release.sh
fi
version="$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' Cargo.toml)"
wheel="$(echo "$DIST"/dalint-"$version"-*.whl)"
[[ -f "$wheel" ]] || fail "no wheel for $version in $DIST"

# check_examples DALINT: `dalint check examples/` fails (exit 1: the examples hold planted keys),
# and no output format shows any of them. The keys are read from the files at the ranges of the
# SEC001 findings (and decoded when Basic), so the test knows them without hard-coding them.
check_examples() {
  local dalint=$1 format status
  for format in json text sarif github; do
    status=0
    "$dalint" check --format "$format" examples/ >"$work/report.$format" 2>&1 || status=$?
    [[ $status == 1 ]] || fail "$dalint check --format $format examples/ exited $status, not 1"
  done
  python3 - "$work" <<'PY' || fail "$dalint printed a secret of examples/"
import base64, json, sys
work = sys.argv[1]
report = json.load(open(f"{work}/report.json"))
secrets = set()
for file in report["files"]:
    lines = open(file["path"], encoding="utf-8").read().split("\n")
    for d in file["diagnostics"]:
        if d["code"] != "SEC001":
            continue
        start, end = d["range"]["start"], d["range"]["end"]
        assert start["line"] == end["line"], d  # the examples are ASCII, one key per line
        secret = lines[start["line"]][start["character"]:end["character"]]
        secrets.add(secret)
        try:
            secrets.update(base64.b64decode(secret, validate=True).decode().split(":"))
        except ValueError:
            pass
assert len(secrets) >= 2, f"examples/ should hold planted keys, found {len(secrets)}"
for fmt in ["json", "text", "sarif", "github"]:
    output = open(f"{work}/report.{fmt}", encoding="utf-8").read()
    for secret in secrets:
        if secret in output:
            sys.exit(f"--format {fmt} shows a secret ({len(secret)} chars)")
print(f"  examples/: exit 1, {len(secrets)} planted secret parts masked in json, text, sarif, github")
PY
}

step "wheel: fresh venv, pip install"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"
wheel_dalint="$work/venv/bin/dalint"
[[ "$("$wheel_dalint" --version)" == "dalint $version" ]] || fail "the wheel's dalint --version"
check_examples "$wheel_dalint"
"$wheel_dalint" rule SEC001 | grep -q 'hard-coded-credential' || fail "dalint rule SEC001 (wheel)"
echo "  $("$wheel_dalint" --version) from $(basename "$wheel")"

step "wheel: uvx --from"
uv_venv="$TOOLS/uv-venv"
if [[ ! -x "$uv_venv/bin/uvx" || "$("$uv_venv/bin/uv" --version 2>/dev/null)" != "uv $UV_VERSION"* ]]; then
  python3 -m venv "$uv_venv" && "$uv_venv/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" ||
    echo "  uv $UV_VERSION could not be installed from the Python package index: uvx not tested"
fi
if [[ -x "$uv_venv/bin/uvx" ]]; then
  # Offline, with its own cache: the wheel has no dependencies, so nothing is downloaded.
  uvx_version="$(UV_CACHE_DIR="$work/uv-cache" UV_OFFLINE=1 UV_NO_CONFIG=1 "$uv_venv/bin/uvx" --from "$wheel" dalint --version)"
  [[ "$uvx_version" == "dalint $version" ]] || fail "uvx --from the wheel: $uvx_version"
  UV_CACHE_DIR="$work/uv-cache" UV_OFFLINE=1 UV_NO_CONFIG=1 "$uv_venv/bin/uvx" --from "$wheel" dalint rule SEC001 | grep -q hard-coded-credential ||
    fail "uvx --from the wheel dalint rule SEC001"
  echo "  uvx --from $(basename "$wheel") dalint: $uvx_version"
fi

step "static binary"
tar -xzf "$DIST/dalint-$version-x86_64-unknown-linux-musl.tar.gz" -C "$work"
static_dalint="$work/dalint-$version-x86_64-unknown-linux-musl/dalint"
ldd_output="$(ldd "$static_dalint" 2>&1 || true)"
[[ "$ldd_output" =~ "statically linked"|"not a dynamic executable" ]] || fail "the static binary links shared libraries: $ldd_output"
echo "  ldd: $(echo "$ldd_output" | tr -s '[:space:]' ' ')"
[[ "$("$static_dalint" --version)" == "dalint $version" ]] || fail "the static binary's --version"
check_examples "$static_dalint"
"$static_dalint" check --format json examples/ >"$work/static.json" || true
"$wheel_dalint" check --format json examples/ >"$work/wheel.json" || true
cmp -s "$work/static.json" "$work/wheel.json" || fail "the static binary's report differs from the wheel's: $(diff "$work/wheel.json" "$work/static.json" | head -20)"
echo "  check --format json examples/: the same report as the wheel's binary ($(wc -c <"$work/static.json") bytes)"

step "npm package: fresh folder"
tgz="$DIST/dalint-wasm-$version.tgz"
npm_dir="$work/npm-user"
mkdir -p "$npm_dir"
echo '{"name": "dalint-wasm-user", "private": true, "type": "module"}' >"$npm_dir/package.json"
(cd "$npm_dir" && npm install --no-audit --no-fund --loglevel=error "$tgz" >/dev/null)
cat >"$npm_dir/use.mjs" <<'EOF'
// Lint, fix and preview with the installed package, imported by its name.
import { readFileSync } from 'node:fs';
import { initSync, lint, applyFixes, preview, version } from 'dalint-wasm';

const key = ['sk', 'live', 'Zq8rT3vW6yB1nM4kP7sD2fG5hJ9'].join('_');
const action = JSON.stringify({
  type: 'http', name: 'POST_Order', config: {
    method: 'POST', url: 'https://api.example.com/orders',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '{}',
  },
}, null, 2);
initSync({ module: readFileSync(new URL(import.meta.resolve('dalint-wasm/dalint_wasm_bg.wasm'))) });
const { diagnostics } = lint(action, { fileName: 'action.json' });
const sec = diagnostics.find((d) => d.code === 'SEC001');
if (!sec || sec.message.includes(key)) throw new Error(`lint: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
const fixed = applyFixes(action, {}, { unsafe: true, discardSecrets: true });
if (!fixed.changed || fixed.text.includes(key) || !fixed.text.includes('secureData')) throw new Error('applyFixes');
const { http } = preview(action, {}, {});
if (http.includes(key) || !http.includes('POST https://api.example.com/orders')) throw new Error('preview');
if (version() !== process.env.DALINT_VERSION) throw new Error(`version() is ${version()}`);
console.log(`  node ESM: dalint-wasm ${version()}: ${diagnostics.length} findings, fixed, preview redacted`);
EOF
DALINT_VERSION="$version" node "$npm_dir/use.mjs"
cat >"$npm_dir/use.ts" <<'EOF'
// The same through the package's TypeScript declarations (tsc --strict), then run.
import { readFileSync } from 'node:fs';
import { initSync, lint, applyFixes, preview, type Diagnostic } from 'dalint-wasm';

const key: string = ['sk', 'live', 'Wc4xN8bQ2eR6tY0uI3oP5aS7dF1'].join('_');
const action = `{"type": "http", "name": "GET_Status", "config": {"method": "GET",
  "url": "https://api.example.com/status", "headers": {"X-Api-Key": "${key}"}}}`;
initSync({ module: readFileSync(new URL(import.meta.resolve('dalint-wasm/dalint_wasm_bg.wasm'))) });
const found: Diagnostic[] = lint(action, { fileName: 'status.json' }).diagnostics;
const codes: string[] = found.map((d) => d.code);
if (!codes.includes('SEC001')) throw new Error(`lint: ${codes.join(',')}`);
const fixed: string = applyFixes(action, {}, { unsafe: true, discardSecrets: true }).text;
if (fixed.includes(key)) throw new Error('applyFixes left the key');
const actions = preview(action, {}, {}).actions;
if (actions.length !== 1 || JSON.stringify(actions).includes(key)) throw new Error('preview');
console.log(`  TypeScript: ${codes.join(', ')}; fixed; preview of ${actions[0].method} ${actions[0].url}`);
EOF
cat >"$npm_dir/tsconfig.json" <<EOF
{
  "compilerOptions": {
    "strict": true, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext",
    "outDir": "out", "skipLibCheck": false, "types": ["node"], "typeRoots": ["$ROOT/extension/node_modules/@types"]
  },
  "files": ["use.ts"]
}
EOF
# TypeScript from the extension's lock file (installed by the suite's extension step).
(cd "$npm_dir" && "$ROOT/extension/node_modules/.bin/tsc" -p . && node out/use.js)

step "vsix: installed in code-server"
DALINT_VSIX="$DIST/dalint-$version.vsix" bash scripts/test-extension.sh installed

step "web zip under /tools/dalint/"
mkdir -p "$work/site/tools/dalint"
python3 -m zipfile -e "$DIST/dalint-web-$version.zip" "$work/site/tools/dalint"
python3 -u -m http.server --bind 127.0.0.1 --directory "$work/site" 0 >"$work/http.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 100); do
  port="$(sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\).*/\1/p' "$work/http.log")"
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || fail "python3 -m http.server did not start: $(cat "$work/http.log")"
(cd web && DALINT_WEB_URL="http://127.0.0.1:$port/tools/dalint/" \
  node --test --test-concurrency=1 --test-name-pattern='pasted guide-shape|contacts nothing' test/page.test.mjs)
kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
server_pid=""

step "action.yml steps against dist/"
runner="$work/runner"
mkdir -p "$runner"
action_env=(RUNNER_TEMP="$runner" GITHUB_PATH="$runner/path" GITHUB_OUTPUT="$runner/output")
env "${action_env[@]}" DALINT_RELEASE_BASE_URL="file://$DIST" bash scripts/github-action.sh install
status=0
env "${action_env[@]}" PATH="$(cat "$runner/path"):$PATH" DALINT_PATHS="examples/guide-clean.json examples/guide-static-key.json" \
  DALINT_FORMAT=github DALINT_ENV=prod DALINT_SARIF=true bash scripts/github-action.sh check >"$work/action.out" || status=$?
[[ $status == 1 ]] || fail "the action's check step exited $status, not 1"
grep -q '^::error ' "$work/action.out" || fail "the action's check step printed no annotation"
sarif="$(sed -n 's/^sarif-file=//p' "$runner/output")"
# The SARIF names the repository (informationUri, helpUri) exactly when the release was given one.
python3 - "$sarif" <<'PY' || fail "the action's SARIF report"
import json, os, sys
driver = json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]
url = os.environ.get("DALINT_REPOSITORY_URL")
assert driver.get("informationUri") == url, driver.get("informationUri")
assert all(("helpUri" in rule) == bool(url) for rule in driver["rules"])
PY
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["runs"][0]["results"], "no results"' "$sarif" ||
  fail "the action's SARIF report has no results"
if grep -qF "$(python3 -c 'import json;print(json.load(open("examples/guide-static-key.json"))["config"]["headers"]["Authorization"].split()[1])')" "$work/action.out" "$sarif"; then
  fail "the action printed the example's key"
fi
echo "  installed from file://$DIST, annotations and SARIF ($(wc -c <"$sarif") bytes) written"
# A wheel that does not match SHA256SUMS is never installed.
mkdir -p "$work/tampered"
cp "$DIST"/* "$work/tampered/"
printf 'tampered' >>"$work/tampered/$(basename "$wheel")"
if env RUNNER_TEMP="$work/runner-tampered" GITHUB_PATH="$work/path-tampered" DALINT_RELEASE_BASE_URL="file://$work/tampered" \
  bash scripts/github-action.sh install >"$work/tampered.log" 2>&1; then
  fail "the action installed a wheel that does not match SHA256SUMS"
fi
grep -q 'does not match its SHA256SUMS line' "$work/tampered.log" || fail "tampered wheel: $(cat "$work/tampered.log")"
echo "  a tampered wheel is refused"

step "release metadata"
node scripts/check-release-metadata.mjs --dist "$DIST" --binary "$wheel_dalint" --binary "$static_dalint"

end_step
echo
echo "test-release: passed in $((SECONDS - started)) s"
printf '  %s\n' "${timings[@]}"
(cd "$DIST" && for file in *; do printf '  %-72s %9d bytes\n' "$file" "$(wc -c <"$file")"; done)
