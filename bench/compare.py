#!/usr/bin/env python3
"""Runs `dalint check` and every installed baseline secret scanner on the same generated files,
alternating and repeating, and prints wall time, MiB/s, peak memory and findings against the
planted secrets. Called by bench/compare.sh (which builds dalint and the generator first).

Findings are matched to planted secrets by (file, line): the generator puts every planted secret
on its own line of a pretty-printed file and records that line in a manifest. A finding on a line
without a planted secret counts as false.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

MIB = 1024 * 1024

# name: (preset, bytes, files, seed)
DATASETS = {
    "sparse": ("sparse", 10 * MIB, 1, 1),
    "dense": ("dense", 10 * MIB, 1, 2),
    "big": ("sparse", 100 * MIB, 1, 3),
    "many": ("sparse", 10 * MIB, 1000, 4),
}
DATASET_TITLES = {
    "sparse": "10 MiB, sparse (1% of actions carry a secret)",
    "dense": "10 MiB, dense (every action carries two secrets)",
    "big": "100 MiB, sparse",
    "many": "1000 files, 10 MiB in total, sparse",
}


def read_manifest(path):
    manifest = json.loads(Path(path).read_text())
    planted = {}
    total_bytes = 0
    for f in manifest["files"]:
        total_bytes += f["bytes"]
        name = Path(f["path"]).name
        for i, p in enumerate(f["planted"]):
            planted[(name, p["line"])] = (name, i, p["kind"])
    return planted, total_bytes


def generate(testgen, data_dir, name):
    preset, size, files, seed = DATASETS[name]
    target = data_dir / (f"{name}" if files > 1 else f"{name}.json")
    manifest = data_dir / f"{name}.manifest.json"
    if not manifest.exists():
        print(f"generating {name} ({size // MIB} MiB, {files} file(s))", file=sys.stderr)
        subprocess.run(
            [testgen, "--preset", preset, "--bytes", str(size), "--seed", str(seed), "--files", str(files),
             "--out", str(target), "--manifest", str(manifest)],
            check=True,
        )
    return target, manifest


class Tool:
    def __init__(self, name, version_cmd, command, parse, env=None):
        self.name = name
        self.version_cmd = version_cmd
        self.command = command  # (input, output_file, is_dir) -> (argv, stdout_to_output)
        self.parse = parse  # (output_file) -> [(basename, line)]
        self.env = env or {}

    def version(self):
        try:
            out = subprocess.run(self.version_cmd, capture_output=True, text=True, timeout=60, env=self.full_env())
            text = (out.stdout or out.stderr).strip().splitlines()
            return text[0] if text else "?"
        except (OSError, subprocess.SubprocessError):
            return "?"

    def full_env(self):
        env = dict(os.environ)
        env.update(self.env)
        return env


def base(path):
    return Path(path).name


def parse_dalint(out):
    doc = json.loads(Path(out).read_text())
    found = []
    for f in doc["files"]:
        for d in f["diagnostics"]:
            if d.get("fingerprint"):
                found.append((base(f["path"]), d["range"]["start"]["line"] + 1))
    return found


def parse_kingfisher(out):
    text = Path(out).read_text().strip()
    if not text:
        return []
    doc = json.loads(text)
    return [(base(f["finding"]["path"]), f["finding"]["line"]) for f in doc.get("findings", [])]


def parse_gitleaks(out):
    text = Path(out).read_text().strip()
    return [(base(f["File"]), f["StartLine"]) for f in json.loads(text)] if text else []


def parse_ripsecrets(out):
    found = []
    for line in Path(out).read_text(errors="replace").splitlines():
        # `path:line:column: match` (or `path:line:match` in older versions)
        parts = line.split(":")
        if len(parts) >= 3 and parts[1].isdigit():
            found.append((base(parts[0]), int(parts[1])))
    return found


def parse_detect_secrets(out):
    doc = json.loads(Path(out).read_text())
    return [(base(path), r["line_number"]) for path, results in doc.get("results", {}).items() for r in results]


def parse_secretlint(out):
    text = Path(out).read_text().strip()
    if not text:
        return []
    found = []
    for f in json.loads(text):
        for m in f.get("messages", []):
            found.append((base(f["filePath"]), m["loc"]["start"]["line"]))
    return found


def tools(dalint, baselines):
    venv = baselines / "venv" / "bin"
    secretlint_dir = baselines / "secretlint"
    ripsecrets = baselines / "cargo" / "bin" / "ripsecrets"
    kf_cache = baselines / "kingfisher-rule-cache"
    taskset = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    out = [
        Tool("dalint", [dalint, "--version"],
             lambda i, o, d: ([dalint, "check", "--format", "json", "--exit-zero", str(i)], True), parse_dalint),
        # The secret rules only: what the other scanners do (dalint also checks templates and schema).
        Tool("dalint --select SEC", [dalint, "--version"],
             lambda i, o, d: ([dalint, "check", "--select", "SEC", "--format", "json", "--exit-zero", str(i)], True),
             parse_dalint),
        Tool("dalint (1 core)", [dalint, "--version"],
             lambda i, o, d: (taskset + [dalint, "check", "--format", "json", "--exit-zero", str(i)], True),
             parse_dalint, env={"RAYON_NUM_THREADS": "1"}),
    ]
    if (venv / "kingfisher").exists():
        out.append(Tool("kingfisher", [str(venv / "kingfisher"), "--version"],
                        lambda i, o, d: ([str(venv / "kingfisher"), "--no-update-check", "scan", str(i), "-n",
                                          "--git-history", "none", "--format", "json", "-o", str(o)], False),
                        parse_kingfisher, env={"KF_RULE_CACHE_DIR": str(kf_cache)}))
    if (venv / "gitleaks").exists():
        out.append(Tool("gitleaks", [str(venv / "gitleaks"), "version"],
                        lambda i, o, d: ([str(venv / "gitleaks"), "dir", str(i), "--no-banner", "-l", "error",
                                          "--report-format", "json", "--report-path", str(o), "--exit-code", "0"],
                                         False),
                        parse_gitleaks))
    if ripsecrets.exists():
        out.append(Tool("ripsecrets", [str(ripsecrets), "--version"],
                        lambda i, o, d: ([str(ripsecrets), str(i)], True), parse_ripsecrets))
    if (venv / "detect-secrets").exists():
        out.append(Tool("detect-secrets", [str(venv / "detect-secrets"), "--version"],
                        # It skips paths outside its root (the working directory): -C to the data.
                        lambda i, o, d: ([str(venv / "detect-secrets"),
                                          "-C", str(i.resolve() if d else i.resolve().parent), "scan", "-n"]
                                         + (["--all-files"] if d else []) + [str(i.resolve())], True),
                        parse_detect_secrets))
    secretlint = secretlint_dir / "node_modules" / ".bin" / "secretlint"
    if secretlint.exists():
        out.append(Tool("secretlint", [str(secretlint), "--version"],
                        lambda i, o, d: ([str(secretlint), "--secretlintrc", str(secretlint_dir / ".secretlintrc.json"),
                                          "--format", "json", "--output", str(o),
                                          f"{i}/**/*.json" if d else str(i)], False),
                        parse_secretlint))
    return out


def run_once(tool, target, is_dir, out_file, timeout):
    """Wall seconds and peak RSS (KiB) of one run, or None on timeout/failure."""
    argv, to_stdout = tool.command(target, out_file, is_dir)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timefile:
        cmd = ["/usr/bin/time", "-v", "-o", timefile.name] + argv
        stdout = open(out_file, "w") if to_stdout else subprocess.DEVNULL
        try:
            started = time.perf_counter()
            # Its own process group: on a timeout the scanner itself is killed, not only
            # /usr/bin/time (an orphan scanner would take a core from every later run).
            proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=tool.full_env(),
                                    start_new_session=True)
            try:
                _, stderr = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                return None, "timeout"
            proc.stderr_text = stderr
            wall = time.perf_counter() - started
        finally:
            if to_stdout:
                stdout.close()
        rss = None
        for line in Path(timefile.name).read_text().splitlines():
            if "Maximum resident set size" in line:
                rss = int(line.split(":")[-1].strip())
        if proc.returncode not in (0, 1) and not (tool.name.startswith("kingfisher") and proc.returncode in (200, 205)):
            return None, f"exit {proc.returncode}: {proc.stderr_text.decode(errors='replace')[-300:]}"
        return (wall, rss), None


def score(found, planted):
    lines = set(found)
    true_lines = {key for key in lines if key in planted}
    false_lines = lines - true_lines
    return len(true_lines), len(false_lines), len(found)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dalint", required=True)
    ap.add_argument("--testgen", required=True)
    ap.add_argument("--data", default=".cache/bench")
    ap.add_argument("--baselines", default=".cache/baselines")
    ap.add_argument("--datasets", default="sparse,dense,big,many")
    ap.add_argument("--tools", default="", help="comma-separated subset of tool names")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--slow", type=float, default=20.0, help="a tool slower than this (seconds) runs once")
    ap.add_argument("--results", default=".cache/bench/results.json")
    args = ap.parse_args()

    data_dir = Path(args.data)
    data_dir.mkdir(parents=True, exist_ok=True)
    out_dir = data_dir / "out"
    out_dir.mkdir(exist_ok=True)
    all_tools = tools(args.dalint, Path(args.baselines).resolve())
    if args.tools:
        wanted = set(args.tools.split(","))
        all_tools = [t for t in all_tools if t.name in wanted]

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    machine = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "kernel": platform.release(),
        "load": os.getloadavg()[0],
    }
    versions = {t.name: t.version() for t in all_tools}
    print(f"# {machine['date']}, nproc {machine['nproc']}, {cpu}, load {machine['load']:.2f}", file=sys.stderr)

    # Warm-up: first runs pay for caches (Kingfisher compiles its rule database once).
    warm_target, _ = generate(args.testgen, data_dir, "dense") if "dense" in args.datasets else (None, None)
    if warm_target is not None:
        for tool in all_tools:
            run_once(tool, warm_target, False, out_dir / "warmup", args.timeout)

    results = {"machine": machine, "versions": versions, "timeout_s": args.timeout, "datasets": {}}
    for name in args.datasets.split(","):
        target, manifest = generate(args.testgen, data_dir, name)
        planted, total_bytes = read_manifest(manifest)
        is_dir = target.is_dir()
        runs = {t.name: [] for t in all_tools}
        errors = {}
        findings = {}
        for round_no in range(args.repeat):
            order = all_tools[round_no % len(all_tools):] + all_tools[: round_no % len(all_tools)]
            if round_no % 2:
                order = order[::-1]
            for tool in order:
                if tool.name in errors:
                    continue
                # A tool slower than --slow seconds runs once: its order of magnitude is the news.
                if runs[tool.name] and runs[tool.name][0][0] > args.slow:
                    continue
                out_file = out_dir / f"{name}.{tool.name.replace(' ', '_').replace('(', '').replace(')', '')}.out"
                measured, error = run_once(tool, target, is_dir, out_file, args.timeout)
                if error:
                    errors[tool.name] = error
                    print(f"{name}: {tool.name}: {error}", file=sys.stderr)
                    continue
                runs[tool.name].append(measured)
                print(f"{name} round {round_no + 1}: {tool.name} {measured[0]:.3f} s, {measured[1] / 1024:.0f} MiB",
                      file=sys.stderr)
                if tool.name not in findings:
                    findings[tool.name] = score(tool.parse(out_file), planted)
        rows = []
        dalint_median = statistics.median(w for w, _ in runs["dalint"]) if runs.get("dalint") else None
        for tool in all_tools:
            measured = runs[tool.name]
            if not measured:
                rows.append({"tool": tool.name, "error": errors.get(tool.name, "not run")})
                continue
            walls = [w for w, _ in measured]
            median = statistics.median(walls)
            peak = max(r for _, r in measured if r is not None)
            found, false, raw = findings[tool.name]
            rows.append({
                "tool": tool.name,
                "runs": len(walls),
                "median_s": median,
                "min_s": min(walls),
                "mib_s": total_bytes / MIB / median,
                "peak_mib": peak / 1024,
                "peak_over_input": peak * 1024 / total_bytes,
                "found": found,
                "planted": len(planted),
                "false": false,
                "raw_findings": raw,
                "vs_dalint": median / dalint_median if dalint_median else None,
            })
        results["datasets"][name] = {"bytes": total_bytes, "planted": len(planted), "rows": rows}
        print(table(name, results["datasets"][name]))
    Path(args.results).write_text(json.dumps(results, indent=2))
    print(f"\nmachine: {json.dumps(machine)}\nversions: {json.dumps(versions)}")


def table(name, dataset):
    lines = [
        f"\n{DATASET_TITLES[name]}: {dataset['bytes'] / MIB:.1f} MiB, {dataset['planted']} planted secrets\n",
        "| Tool | Wall (median) | MiB/s | Peak memory | Found / planted | False | Time vs dalint |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in dataset["rows"]:
        if "error" in r:
            lines.append(f"| {r['tool']} | {r['error'].splitlines()[0][:60]} | | | | | |")
            continue
        ratio = f"{r['vs_dalint']:.1f}×" if r["vs_dalint"] else ""
        lines.append(
            f"| {r['tool']} | {r['median_s']:.3f} s | {r['mib_s']:.0f} | {r['peak_mib']:.0f} MiB "
            f"({r['peak_over_input']:.1f}× input) | {r['found']} / {r['planted']} | {r['false']} | {ratio} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
