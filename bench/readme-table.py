#!/usr/bin/env python3
"""Prints the comparison results (.cache/bench/results.json, written by bench/compare.sh) as the
README's condensed table: one row per tool, one column per dataset, each cell the median wall
time, MiB/s, peak memory (× input) and secrets found of those planted (false findings if any).

    python3 bench/readme-table.py [.cache/bench/results.json]
"""

import json
import sys
from pathlib import Path

results = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else ".cache/bench/results.json").read_text())
machine, versions, datasets = results["machine"], results["versions"], results["datasets"]
titles = {"sparse": "10 MiB, 1% with a secret", "dense": "10 MiB, 2 secrets per action",
          "big": "100 MiB, 1% with a secret", "many": "1000 files, 11 MiB"}
names = list(datasets)
tools = [row["tool"] for row in datasets[names[0]]["rows"]]

print(f"{machine['date']}, {machine['nproc']} vCPUs ({machine['cpu']}), kernel {machine['kernel']}, "
      f"load {machine['load']:.2f} at the start. Each cell: median wall time (and the fastest run), MiB/s "
      f"at the median, peak memory (× the input), secrets found / planted.")
print()
print("| Tool | " + " | ".join(f"{titles.get(n, n)}" for n in names) + " |")
print("|---|" + "---|" * len(names))
for tool in tools:
    cells = []
    for name in names:
        row = next((r for r in datasets[name]["rows"] if r["tool"] == tool), None)
        if row is None or "error" in row:
            error = row.get("error", "not run") if row else "not run"
            cells.append(f"over {results['timeout_s']} s" if error == "timeout" and "timeout_s" in results else error)
            continue
        false = f", **{row['false']} false**" if row["false"] else ""
        once = " (1 run)" if row["runs"] == 1 else f" (min {row['min_s']:.2f})"
        speed = f"{row['mib_s']:.0f}" if row["mib_s"] >= 1 else f"{row['mib_s']:.1f}"
        cells.append(f"{row['median_s']:.2f} s{once}, {speed} MiB/s, {row['peak_over_input']:.1f}×, "
                     f"{row['found']}/{row['planted']}{false}")
    version = versions.get(tool, "")
    label = tool if tool.startswith("dalint") else f"{tool} {version.split()[-1] if version else ''}".strip()
    print(f"| {label} | " + " | ".join(cells) + " |")
