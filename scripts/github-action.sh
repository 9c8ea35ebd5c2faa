#!/usr/bin/env bash
# The shell steps of action.yml (the composite GitHub Action), kept here so that they can be run
# and tested outside GitHub (scripts/test-release.sh runs them against dist/).
#
#   github-action.sh install   downloads SHA256SUMS and the wheel it lists from
#                              $DALINT_RELEASE_BASE_URL (default: the GitHub release
#                              $DALINT_RELEASE_REPOSITORY at $DALINT_RELEASE_TAG; file:// works),
#                              checks the wheel's sha256, pip installs it into a virtual
#                              environment under $RUNNER_TEMP and puts its bin/ on $GITHUB_PATH
#   github-action.sh check     dalint check $DALINT_PATHS with DALINT_FORMAT, DALINT_ENV,
#                              DALINT_INVENTORY; with DALINT_SARIF=true first writes
#                              $RUNNER_TEMP/dalint.sarif and names it in $GITHUB_OUTPUT (sarif-file)
set -euo pipefail

log() { echo "dalint-action: $*" >&2; }
fail() {
  echo "::error title=dalint::$*"
  exit 1
}
: "${RUNNER_TEMP:?RUNNER_TEMP is not set}"

install() {
  local base="${DALINT_RELEASE_BASE_URL:-}"
  if [[ -z "$base" ]]; then
    [[ -n "${DALINT_RELEASE_REPOSITORY:-}" && -n "${DALINT_RELEASE_TAG:-}" ]] ||
      fail "no release to install from (DALINT_RELEASE_REPOSITORY and DALINT_RELEASE_TAG are empty)"
    base="https://github.com/$DALINT_RELEASE_REPOSITORY/releases/download/$DALINT_RELEASE_TAG"
  fi
  local dir="$RUNNER_TEMP/dalint-release"
  rm -rf "$dir"
  mkdir -p "$dir"
  fetch() { python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$1" "$2"; }
  log "downloading $base/SHA256SUMS"
  fetch "$base/SHA256SUMS" "$dir/SHA256SUMS" || fail "could not download $base/SHA256SUMS"
  local line wheel
  line="$(grep -E '^[0-9a-f]{64}  dalint-[^ /]+-manylinux[^ /]*\.whl$' "$dir/SHA256SUMS" | head -n 1)" ||
    fail "$base/SHA256SUMS lists no manylinux wheel"
  wheel="${line#*  }"
  log "downloading $base/$wheel"
  fetch "$base/$wheel" "$dir/$wheel" || fail "could not download $base/$wheel"
  (cd "$dir" && printf '%s\n' "$line" | sha256sum --check --strict --quiet) ||
    fail "$wheel does not match its SHA256SUMS line: not installed"
  python3 -m venv "$RUNNER_TEMP/dalint-venv"
  "$RUNNER_TEMP/dalint-venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$dir/$wheel"
  echo "$RUNNER_TEMP/dalint-venv/bin" >>"${GITHUB_PATH:?GITHUB_PATH is not set}"
  log "installed $("$RUNNER_TEMP/dalint-venv/bin/dalint" --version)"
}

check() {
  local paths options=()
  read -ra paths <<<"${DALINT_PATHS:-.}"
  [[ -n "${DALINT_ENV:-}" ]] && options+=(--env "$DALINT_ENV")
  [[ -n "${DALINT_INVENTORY:-}" ]] && options+=(--inventory "$DALINT_INVENTORY")
  if [[ "${DALINT_SARIF:-false}" == true ]]; then
    local sarif="$RUNNER_TEMP/dalint.sarif"
    dalint check --format sarif --exit-zero "${options[@]}" -- "${paths[@]}" >"$sarif"
    echo "sarif-file=$sarif" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
  fi
  dalint check --format "${DALINT_FORMAT:-github}" "${options[@]}" -- "${paths[@]}"
}

case "${1:-}" in
  install | check) "$1" ;;
  *) echo "usage: github-action.sh install|check" >&2; exit 2 ;;
esac
