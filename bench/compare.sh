#!/usr/bin/env bash
# dalint against other secret scanners on the same generated Data Action files (not run in CI).
#
#   bench/install-baselines.sh      # once: Kingfisher, gitleaks, ripsecrets, detect-secrets, secretlint
#   bench/compare.sh                # all datasets, 3 alternating rounds
#   bench/compare.sh --datasets sparse,dense --repeat 5 --tools dalint,gitleaks
#
# Datasets (deterministic, from crates/dalint_testgen; written to .cache/bench with a manifest of
# every planted secret's line): 10 MiB sparse (1% of actions carry a secret), 10 MiB dense (every
# action carries two), 100 MiB sparse, and 1000 files of 10 MiB in total (parallelism). Baselines
# that are not installed are skipped. Prints one Markdown table per dataset (wall time, MiB/s, peak
# memory from /usr/bin/time -v, findings against the planted count, ratio to dalint) and writes
# .cache/bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/time ]; then
    echo "GNU time is missing: apt-get install time (or run bench/install-baselines.sh)" >&2
    exit 2
fi
cargo build --release --quiet -p dalint_cli -p dalint_testgen
exec python3 bench/compare.py --dalint target/release/dalint --testgen target/release/dalint-testgen "$@"
