"""Benchmark over the real corpus (bench/corpus.py): writes bench/results.md.

Runs, on the same machine in one go, each measurement three times (median), flake8 --jobs 1:
  (a) flake8's default checks only (the plugin's run() replaced by a no-op),
  (b) flake8 --select TFS,
  (c) default checks and the plugin together;
plus peak memory of each run, how many files pass the pre-filter and reach astroid, the plugin's
own time per file (in-process) and the slowest file.
Usage: python bench/run.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import ast
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import astroid  # noqa: E402
import flake8  # noqa: E402

from bench.corpus import build  # noqa: E402
from flake8_tfsaver import __version__  # noqa: E402
from flake8_tfsaver.engine import analyse, needs_analysis  # noqa: E402

_DRIVER = """
import resource, sys
if sys.argv[1] == "off":
    import flake8_tfsaver.plugin as plugin
    plugin.TfSaverChecker.run = lambda self: iter(())
from flake8.main.cli import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
usage = resource.getrusage(resource.RUSAGE_SELF)
print("MAXRSS_KB", usage.ru_maxrss, file=sys.stderr)
print("CPU_S", usage.ru_utime + usage.ru_stime, file=sys.stderr)
"""


def _flake8(plugin: str, args: list[str], corpus: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER, plugin, "--jobs", "1", "--exit-zero", "--output-file", os.devnull,
         *args, str(corpus)],
        capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    rss = [int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("MAXRSS_KB")]
    cpu = [float(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("CPU_S")]
    return elapsed, cpu[-1] if cpu else float("nan"), rss[-1] if rss else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    corpus, missing = build()
    files = sorted(corpus.rglob("*.py"))
    lines = sum(len(f.read_bytes().splitlines()) for f in files)

    runs = {
        "(a) default checks only": ("off", []),
        "(b) --select TFS": ("on", ["--select", "TFS"]),
        "(c) default checks + TFS": ("on", ["--extend-select", "TFS"]),
    }
    timings: dict[str, list[float]] = {name: [] for name in runs}
    cpu_times: dict[str, list[float]] = {name: [] for name in runs}
    memory: dict[str, int] = {name: 0 for name in runs}
    for _ in range(options.repeat):  # interleaved, so load changes hit every run alike
        for name, (plugin, args) in runs.items():
            elapsed, cpu, rss = _flake8(plugin, args, corpus)
            timings[name].append(elapsed)
            cpu_times[name].append(cpu)
            memory[name] = max(memory[name], rss)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu_times.items()}

    reached, per_file = 0, []
    for path in files:
        source = path.read_text(encoding="utf-8", errors="replace")
        if needs_analysis(source):
            reached += 1
        try:
            tree = ast.parse(source)  # flake8 hands the plugin its tree: not the plugin's cost
        except (SyntaxError, ValueError):
            continue  # flake8 reports E999 and runs no AST plugin
        start = time.perf_counter()
        analyse(source, tree)
        per_file.append((time.perf_counter() - start, path))
    per_file.sort(reverse=True)
    plugin_total = sum(t for t, _ in per_file)

    a, c = cpu_medians["(a) default checks only"], cpu_medians["(c) default checks + TFS"]
    report = [
        "# Benchmark results",
        "",
        f"Written by `python bench/run.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()};"
        f" Python {platform.python_version()}, flake8 {flake8.__version__}, astroid {astroid.__version__},"
        f" flake8-tfsaver {__version__}.",
        f"Corpus: {len(files)} `.py` files, {lines} lines (bench/corpus.py)"
        + (f"; not downloadable: {', '.join(missing)}" if missing else "") + ".",
        "",
        f"| run (`--jobs 1`, median of {options.repeat}) | CPU seconds | wall seconds | peak RSS (MB) |",
        "|---|---|---|---|",
        *[f"| {name} | {cpu_medians[name]:.1f} | {medians[name]:.1f} | {memory[name] / 1024:.0f} |" for name in runs],
        "",
        f"- Plugin overhead on (a), CPU time: (c)/(a) - 1 = **{(c / a - 1) * 100:.1f}%** (target: at most 10%)."
        " CPU time is used because wall time on this shared machine varied by +-15% between identical runs.",
        f"- Peak memory growth (c) - (a): **{(memory['(c) default checks + TFS'] - memory['(a) default checks only']) / 1024:.0f} MB**"
        " (target: at most 100 MB).",
        f"- Files that pass the pre-filter and reach astroid: **{reached}** of {len(files)}"
        f" ({reached / len(files) * 100:.1f}%).",
        f"- Plugin alone, in-process (given flake8's tree), all files: {plugin_total:.1f} s ="
        f" {plugin_total / a * 100:.1f}% of (a); slowest file"
        f" **{per_file[0][0]:.2f} s** (`{per_file[0][1].relative_to(corpus)}`; target: at most 1 s).",
        "- Next slowest: " + ", ".join(f"{t:.2f} s `{p.relative_to(corpus)}`" for t, p in per_file[1:4]) + ".",
        "",
        "Raw CPU times (s): " + "; ".join(f"{n}: {', '.join(f'{v:.1f}' for v in vs)}" for n, vs in cpu_times.items()),
        "",
        "Raw wall times (s): " + "; ".join(f"{n}: {', '.join(f'{v:.1f}' for v in vs)}" for n, vs in timings.items()),
        "",
    ]
    (HERE / "results.md").write_text("\n".join(report))
    print("\n".join(report))


if __name__ == "__main__":
    main()
