#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 600) and prints the executions each
# reached: `fuzz/campaign.sh 300`. Crashes land in fuzz/artifacts/<target>/ (see README.md).
# MAX_LEN (default 65536) caps input size: small inputs run many times faster.
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
targets=(${TARGETS:-preview_raw lint_raw fix_raw lint_structured fix_structured preview_structured})
[ -d corpus/lint_raw ] || ./seed-corpus.sh
total=0
for target in "${targets[@]}"; do
    log="$(mktemp)"
    cargo +nightly fuzz run -O -s none "$target" -- -max_total_time="$seconds" -max_len="${MAX_LEN:-65536}" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 > "$log" 2>&1
    status=$?
    runs=$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -1)
    [ -z "$runs" ] && runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    runs="${runs:-0}"
    total=$((total + runs))
    echo "$target: $runs executions, exit $status$(grep -m1 -oE 'panicked at .*|ERROR: libFuzzer: [a-z -]+' "$log" | sed 's/^/, /')"
    rm -f "$log"
done
echo "total: $total executions"
