#!/usr/bin/env bash
# Seeds the raw fuzz targets' corpora with every fixture and a few generated documents (a flag
# byte first: 0 = .json, 1 = .jsonc). The corpora live in fuzz/corpus/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p dalint_testgen
for target in lint_raw fix_raw preview_raw; do
    dir="fuzz/corpus/$target"
    mkdir -p "$dir"
    for f in tests/fixtures/*/*.json tests/fixtures/*/*.jsonc; do
        flag='\x00'
        [[ "$f" == *.jsonc ]] && flag='\x01'
        { printf "$flag"; cat "$f"; } > "$dir/fixture-$(echo "$f" | tr '/' '_')"
    done
    for seed in 1 2 3 4 5 6 7 8; do
        target/release/dalint-testgen --preset dense --bytes 3K --seed "$seed" --out "$dir/.generated"
        { printf '\x00'; cat "$dir/.generated"; } > "$dir/generated-$seed"
        rm "$dir/.generated"
    done
done
