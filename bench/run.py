"""Benchmark over the real corpus (bench/corpus.py): writes bench/results.md.

Runs, on the same machine in one go, each measurement three times (median), flake8 --jobs 1:
  (a) flake8's default checks only (the plugin's run() replaced by a no-op),
  (b) flake8 --select TFS,
  (c) default checks and the plugin together;
plus peak memory and garbage-collection time of each run, the CPU time spent inside the plugin's
``run()`` during (c) (a ratio taken inside one process, which the machine's speed cannot skew),
how many files pass the pre-filter and reach astroid, the plugin's own time per file (in-process)
and the slowest file.

``--tfs-only`` measures instead only ``flake8 --select TFS`` against the ``flake8-tfsaver``
command (both ``--jobs 1``, interleaved, CPU time of each child process), checks that their TFS
findings are identical, and writes its own section of bench/results.md (a full run keeps it).
Usage: python bench/run.py [--repeat 3] [--tfs-only]
"""

from __future__ import annotations

import argparse
import ast
import functools
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import astroid  # noqa: E402
import flake8  # noqa: E402

from bench.corpus import build  # noqa: E402
from flake8_tfsaver import __version__  # noqa: E402
from flake8_tfsaver.config import DEFAULT_CONFIG  # noqa: E402
from flake8_tfsaver.crossmodule.cache import CACHE  # noqa: E402
from flake8_tfsaver.crossmodule.view import open_project  # noqa: E402
from flake8_tfsaver.engine import analyse, needs_analysis  # noqa: E402

_DRIVER = """
import gc, resource, sys, time
import flake8_tfsaver.plugin as plugin
gc_seconds, gc_started = [0.0], [0.0]
def on_gc(phase, info):
    if phase == "start":
        gc_started[0] = time.process_time()
    else:
        gc_seconds[0] += time.process_time() - gc_started[0]
gc.callbacks.append(on_gc)
plugin_seconds = [0.0]
real_run = plugin.TfSaverChecker.run
def timed_run(self):
    start = time.process_time()
    results = list(real_run(self))
    plugin_seconds[0] += time.process_time() - start
    return iter(results)
plugin.TfSaverChecker.run = timed_run if sys.argv[1] == "on" else (lambda self: iter(()))
from flake8.main.cli import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
usage = resource.getrusage(resource.RUSAGE_SELF)
print("MAXRSS_KB", usage.ru_maxrss, file=sys.stderr)
print("CPU_S", usage.ru_utime + usage.ru_stime, file=sys.stderr)
print("GC_S", gc_seconds[0], file=sys.stderr)
print("PLUGIN_S", plugin_seconds[0], file=sys.stderr)
print("ASTROID_IMPORTED", int("astroid" in sys.modules), file=sys.stderr)
"""


def _flake8(plugin: str, args: list[str], corpus: Path) -> dict[str, float]:
    """One flake8 process over the corpus: wall, CPU, peak RSS, GC time and the CPU time spent
    inside the plugin's ``run()`` (measured in the same process, so machine speed cancels out)."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER, plugin, "--jobs", "1", "--exit-zero", "--output-file", os.devnull,
         *args, str(corpus)],
        capture_output=True, text=True,
    )
    measured = {"wall": time.perf_counter() - start}
    for line in result.stderr.splitlines():
        key, _, value = line.partition(" ")
        if key in ("MAXRSS_KB", "CPU_S", "GC_S", "PLUGIN_S", "ASTROID_IMPORTED"):
            measured[key] = float(value)
    if "CPU_S" not in measured:
        raise RuntimeError(f"flake8 run failed:\n{result.stderr[-2000:]}")
    return measured


TFS_ONLY_HEADING = "## The flake8-tfsaver command against flake8 --select TFS"
TFS_ONLY_COMMANDS = {
    "flake8 --select TFS": [sys.executable, "-m", "flake8", "--select", "TFS"],
    "flake8-tfsaver": [str(Path(sys.executable).parent / "flake8-tfsaver")],
}


def _tfs_only_section(text: str) -> str:
    """The ``--tfs-only`` section of a results.md text ('' if none)."""
    start = text.find(TFS_ONLY_HEADING)
    if start < 0:
        return ""
    end = text.find("\n## ", start + len(TFS_ONLY_HEADING))
    return text[start:] if end < 0 else text[start:end + 1]


def _timed(command: list[str], corpus: Path) -> tuple[float, float, str]:
    """(CPU s of the child, wall s, its report) of one ``--jobs 1`` run over the corpus."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run([*command, "--jobs", "1", "--exit-zero", "--output-file", report.name, str(corpus)],
                                capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{result.stderr[-2000:]}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return cpu, wall, report.read()


def tfs_only(repeat: int, corpus: Path, files: list[Path], lines: int) -> None:
    """``flake8 --select TFS`` against ``flake8-tfsaver``: CPU time and identical findings."""
    load_before = os.getloadavg()
    cpu: dict[str, list[float]] = {name: [] for name in TFS_ONLY_COMMANDS}
    wall: dict[str, list[float]] = {name: [] for name in TFS_ONLY_COMMANDS}
    reports: dict[str, set[str]] = {}
    for _ in range(repeat):  # interleaved, so load changes hit both alike
        for name, command in TFS_ONLY_COMMANDS.items():
            seconds, elapsed, report = _timed(command, corpus)
            cpu[name].append(seconds)
            wall[name].append(elapsed)
            lines_of_run = set(report.splitlines())
            assert reports.setdefault(name, lines_of_run) == lines_of_run, f"{name}: output changed between rounds"
    load_after = os.getloadavg()

    def lines_with(report: set[str], code: str) -> set[str]:
        return {line for line in report if re.match(rf"^.+?:\d+:\d+: {code} ", line)}

    flake8_tfs = lines_with(reports["flake8 --select TFS"], r"TFS\d+")
    mine_tfs = lines_with(reports["flake8-tfsaver"], r"TFS\d+")
    mine_e999 = lines_with(reports["flake8-tfsaver"], "E999")
    others = reports["flake8-tfsaver"] - mine_tfs - mine_e999
    same = flake8_tfs == mine_tfs == reports["flake8 --select TFS"] and not others
    median = {name: statistics.median(values) for name, values in cpu.items()}
    ratios = [a / b for a, b in zip(cpu["flake8 --select TFS"], cpu["flake8-tfsaver"])]
    spread = {name: (max(v) - min(v)) / statistics.median(v) * 100 for name, v in cpu.items()}
    section = [
        TFS_ONLY_HEADING,
        "",
        f"Written by `python bench/run.py --tfs-only --repeat {repeat}` on"
        f" {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: each command as"
        f" `<command> --jobs 1 --exit-zero --output-file <report> bench/.cache/corpus`, {repeat} interleaved"
        " rounds, CPU time (user + sys) of the child process.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()};"
        f" Python {platform.python_version()}, flake8 {flake8.__version__}, flake8-tfsaver {__version__}."
        f"  Corpus: {len(files)} `.py` files, {lines} lines.",
        "",
        f"| command (`--jobs 1`, median of {repeat}) | CPU s | wall s | CPU s per round |",
        "|---|---|---|---|",
        *[
            f"| `{name}` | {median[name]:.1f} | {statistics.median(wall[name]):.1f}"
            f" | {', '.join(f'{v:.1f}' for v in cpu[name])} |"
            for name in TFS_ONLY_COMMANDS
        ],
        "",
        "- CPU ratio `flake8 --select TFS` / `flake8-tfsaver`:"
        f" **{median['flake8 --select TFS'] / median['flake8-tfsaver']:.1f}x** on the medians; per round:"
        f" {', '.join(f'{r:.1f}x' for r in ratios)}.  Target (issue 12): at least 3x.",
        f"- Findings: {'identical' if same else '**DIFFERENT**'}: {len(mine_tfs)} TFS findings from `flake8-tfsaver`,"
        f" {len(flake8_tfs)} from `flake8 --select TFS`; `flake8-tfsaver` also reports {len(mine_e999)} E999"
        " (files that do not parse under this Python), which `flake8 --select TFS` does not show"
        + (f"; other lines: {len(others)}" if others else "") + ".",
        "- Noise: spread (max - min) / median of CPU time across rounds: "
        + ", ".join(f"`{name}` {spread[name]:.0f}%" for name in TFS_ONLY_COMMANDS)
        + f"; load average (1, 5, 15 min) before {', '.join(f'{x:.2f}' for x in load_before)},"
        f" after {', '.join(f'{x:.2f}' for x in load_after)} ({os.cpu_count()} cores).",
        "",
    ]
    results = HERE / "results.md"
    old = results.read_text() if results.exists() else "# Benchmark results\n\n"
    previous = _tfs_only_section(old)
    text = old.replace(previous, "\n".join(section)) if previous else old.rstrip("\n") + "\n\n" + "\n".join(section)
    results.write_text(text)
    print("\n".join(section))
    if not same:
        raise SystemExit("the two commands' TFS findings differ")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tfs-only", action="store_true",
                        help="only time flake8 --select TFS against the flake8-tfsaver command")
    options = parser.parse_args()
    corpus, missing = build()
    files = sorted(corpus.rglob("*.py"))
    lines = sum(len(f.read_bytes().splitlines()) for f in files)
    if options.tfs_only:
        tfs_only(options.repeat, corpus, files, lines)
        return

    runs = {
        "(a) default checks only": ("off", []),
        "(b) --select TFS": ("on", ["--select", "TFS"]),
        "(c) default checks + TFS": ("on", ["--extend-select", "TFS"]),
    }
    measured: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
    for _ in range(options.repeat):  # interleaved, so load changes hit every run alike
        for name, (plugin, args) in runs.items():
            measured[name].append(_flake8(plugin, args, corpus))

    def median(name: str, key: str) -> float:
        return statistics.median(m[key] for m in measured[name])

    run_a, run_c = measured["(a) default checks only"], measured["(c) default checks + TFS"]
    paired = [c["CPU_S"] / a["CPU_S"] - 1 for a, c in zip(run_a, run_c)]  # same round, minutes apart
    in_run = [c["PLUGIN_S"] / (c["CPU_S"] - c["PLUGIN_S"]) for c in run_c]
    gc_delta = statistics.median(c["GC_S"] - a["GC_S"] for a, c in zip(run_a, run_c))

    reached, per_file = 0, []
    for path in files:
        source = path.read_text(encoding="utf-8", errors="replace")
        try:
            tree = ast.parse(source)  # flake8 hands the plugin its tree: not the plugin's cost
        except (SyntaxError, ValueError):
            tree = None  # flake8 reports E999 and runs no AST plugin
        if tree is not None:
            start = time.process_time()
            analyse(source, tree, filename=str(path))  # with the project view, as the plugin runs it
            per_file.append((time.process_time() - start, path))
        view = functools.cache(lambda: open_project(str(path), DEFAULT_CONFIG, source))
        reached += needs_analysis(source, DEFAULT_CONFIG, view)  # ``tf`` may come from the project
    per_file.sort(reverse=True)
    plugin_total = sum(t for t, _ in per_file)

    a_cpu, c_cpu = median("(a) default checks only", "CPU_S"), median("(c) default checks + TFS", "CPU_S")
    rss = {name: max(m["MAXRSS_KB"] for m in measured[name]) / 1024 for name in runs}
    report = [
        "# Benchmark results",
        "",
        f"Written by `python bench/run.py --repeat {options.repeat}` on"
        f" {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()};"
        f" Python {platform.python_version()}, flake8 {flake8.__version__}, astroid {astroid.__version__},"
        f" flake8-tfsaver {__version__}.",
        f"Corpus: {len(files)} `.py` files, {lines} lines (bench/corpus.py)"
        + (f"; not downloadable: {', '.join(missing)}" if missing else "") + ".",
        "",
        f"| run (`--jobs 1`, median of {options.repeat}) | CPU s | wall s | peak RSS MB | GC s | in plugin s |",
        "|---|---|---|---|---|---|",
        *[
            f"| {name} | {median(name, 'CPU_S'):.1f} | {median(name, 'wall'):.1f} | {rss[name]:.0f}"
            f" | {median(name, 'GC_S'):.1f} | {median(name, 'PLUGIN_S'):.1f} |"
            for name in runs
        ],
        "",
        "Targets (from issue 6):",
        f"- Plugin overhead on (a), whole runs: (c)/(a) - 1 on CPU medians = **{(c_cpu / a_cpu - 1) * 100:.1f}%**;"
        f" paired by round: {', '.join(f'{r * 100:+.1f}%' for r in paired)} (median"
        f" **{statistics.median(paired) * 100:.1f}%**).  Target: at most 10%.",
        f"- The same overhead measured inside each (c) run (CPU time in the plugin's `run()` / the rest of"
        f" the run, so the machine's speed cancels out): {', '.join(f'{r * 100:.1f}%' for r in in_run)}"
        f" (median **{statistics.median(in_run) * 100:.1f}%**).  Garbage collection, (c) - (a), median of"
        f" rounds: {gc_delta:+.1f} s; astroid imported in (a): {'yes' if run_a[0]['ASTROID_IMPORTED'] else 'no'}.",
        f"- Peak memory growth (c) - (a): **{rss['(c) default checks + TFS'] - rss['(a) default checks only']:.0f} MB**"
        " (target: at most 100 MB).",
        f"- Slowest file for the plugin (in-process, CPU time, given flake8's tree): **{per_file[0][0]:.2f} s**"
        f" (`{per_file[0][1].relative_to(corpus)}`; target: at most 1 s).  Next: "
        + ", ".join(f"{t:.2f} s `{p.relative_to(corpus)}`" for t, p in per_file[1:4]) + ".",
        "",
        "Other numbers:",
        f"- Files that pass the pre-filter and reach astroid: **{reached}** of {len(files)}"
        f" ({reached / len(files) * 100:.1f}%).",
        f"- Project view: {CACHE.summaries_made} module summaries made ({len(CACHE.parses)} project modules"
        " parsed) for the files whose findings they can change; every other file is analysed alone.",
        f"- Plugin alone, in-process, all files: {plugin_total:.1f} s CPU = {plugin_total / a_cpu * 100:.1f}% of (a).",
        "- Raw CPU seconds per round: " + "; ".join(
            f"{name}: " + ", ".join(f"{m['CPU_S']:.1f}" for m in values) for name, values in measured.items()
        ) + ".",
        "- Why CPU time and pairing: on this shared virtual machine identical runs of (a) have differed"
        " by up to 15%, more than the overhead being measured.",
        "",
    ]
    kept = _tfs_only_section((HERE / "results.md").read_text()) if (HERE / "results.md").exists() else ""
    (HERE / "results.md").write_text("\n".join(report) + ("\n" + kept if kept else ""))
    print("\n".join(report))


if __name__ == "__main__":
    main()
