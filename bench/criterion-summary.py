#!/usr/bin/env python3
"""Prints the last `cargo bench -p dalint_core` results (target/criterion) as a Markdown table:
one row per benchmark group, one column per input size, each cell the mean time and MiB/s."""

import json
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
SIZES = ["1KiB", "16KiB", "256KiB", "1MiB", "10MiB"]
rows = {}
for bench in sorted(root.glob("*/*/new/benchmark.json")):
    info = json.loads(bench.read_text())
    estimates = json.loads((bench.parent / "estimates.json").read_text())
    mean_ns = estimates["mean"]["point_estimate"]
    size = (info.get("throughput") or {}).get("Bytes")
    group = info["group_id"]
    param = info.get("value_str") or info.get("function_id")
    rows.setdefault(group, {})[param] = (mean_ns, size)


def cell(mean_ns, size):
    if mean_ns >= 1e9:
        t = f"{mean_ns / 1e9:.2f} s"
    elif mean_ns >= 1e6:
        t = f"{mean_ns / 1e6:.1f} ms"
    else:
        t = f"{mean_ns / 1e3:.0f} µs"
    if size:
        return f"{t} ({size / (1024 * 1024) / (mean_ns / 1e9):.0f} MiB/s)"
    return t


print("| Benchmark | " + " | ".join(SIZES) + " |")
print("|---|" + "---:|" * len(SIZES))
for group, cells in rows.items():
    print(f"| {group.replace('_', '&#95;')} | " + " | ".join(cell(*cells[s]) if s in cells else "" for s in SIZES) + " |")
