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
``--projects`` (issue 21) measures instead the TF-heavy projects of both corpora (bench/.cache/corpus
and bench/.cache/research), each in its own flake8 process from its root folder: the in-run share
per project and in aggregate, the slowest file, peak memory against a no-op plugin; then the
pre-commit case (five files of one repository, cold process), ``--jobs 2`` against ``--jobs 1``,
the whole corpus, and a cProfile of the plugin (summary threads included).  It writes its own
section of bench/results.md (the other runs keep it) and its raw numbers to
bench/.cache/projects-raw.json (``--report-only`` rewrites the section from them).
Usage: python bench/run.py [--repeat 3] [--tfs-only | --projects [--parts ...] [--code head|worktree]]
"""

from __future__ import annotations

import argparse
import ast
import functools
import json
import os
import platform
import pstats
import re
import resource
import shutil
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
import os
per_file = os.environ.get("TFS_BENCH_FILES")  # --projects: CPU time of each run() call, by file
if per_file and sys.argv[1] == "on":
    file_seconds = []
    def timed_run(self, timed_run=timed_run):
        before, fresh = plugin_seconds[0], "flake8_tfsaver.engine" not in sys.modules
        results = timed_run(self)
        imported = int(fresh and "flake8_tfsaver.engine" in sys.modules)  # this call imported astroid
        file_seconds.append((plugin_seconds[0] - before, self.filename, imported))
        return results
    plugin.TfSaverChecker.run = timed_run
if os.environ.get("TFS_BENCH_CLI"):  # the flake8-tfsaver command instead of flake8
    from flake8_tfsaver.cli import main
else:
    from flake8.main.cli import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
usage = resource.getrusage(resource.RUSAGE_SELF)
print("MAXRSS_KB", usage.ru_maxrss, file=sys.stderr)
try:  # the peak RSS of this program alone: ru_maxrss also keeps the parent's RSS from before exec (Linux)
    with open("/proc/self/status") as status:
        print("VMHWM_KB", next(line.split()[1] for line in status if line.startswith("VmHWM:")), file=sys.stderr)
except (OSError, StopIteration):
    pass
print("CPU_S", usage.ru_utime + usage.ru_stime, file=sys.stderr)
print("GC_S", gc_seconds[0], file=sys.stderr)
print("PLUGIN_S", plugin_seconds[0], file=sys.stderr)
print("ASTROID_IMPORTED", int("astroid" in sys.modules), file=sys.stderr)
if "flake8_tfsaver.crossmodule.cache" in sys.modules:
    from flake8_tfsaver.crossmodule.cache import CACHE
    print("SUMMARIES", CACHE.summaries_made, file=sys.stderr)
    print("PARSED", len(CACHE.parses), file=sys.stderr)
if per_file and sys.argv[1] == "on":
    import json
    with open(per_file, "w") as handle:
        json.dump(file_seconds, handle)
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


# ---- --projects: the TF-heavy projects of both corpora (issue 21) ---------------------------------

PROJECTS_HEADING = "## TF-heavy projects (issue 21)"
CORPORA = {"corpus": HERE / ".cache" / "corpus", "research": HERE / ".cache" / "research"}
PROJECTS_RAW = HERE / ".cache" / "projects-raw.json"
PROJECTS_PROFILE = HERE / ".cache" / "projects-profile.pstats"  # the merged cProfile, for a closer look
TF_HEAVY_SHARE, TF_HEAVY_MIN_FILES = 0.10, 3
# TF 1 training scripts (Saver, restore) importing the repository's own ``deeplab_resnet`` package
PRE_COMMIT_REPO = "DrSleep+tensorflow-deeplab-resnet"
PRE_COMMIT_FILES = 5
# A line that imports TensorFlow: ``import tensorflow as tf``, ``import tensorflow.compat.v1 as tf``,
# ``from tensorflow import keras``, ``from tensorflow.python.ops import ...``, ``import os, tensorflow``.
_TF_IMPORT_LINE = re.compile(
    r"^[ \t]*(?:from[ \t]+tensorflow(?:\.[\w.]+)?[ \t]+import\b|import[ \t]+[^#\n]*\btensorflow\b)", re.MULTILINE)
_DRIVER_KEYS = ("MAXRSS_KB", "VMHWM_KB", "CPU_S", "GC_S", "PLUGIN_S", "ASTROID_IMPORTED", "SUMMARIES", "PARSED")
_CHILD_ENV: dict[str, str] | None = None  # --projects: children import the measured snapshot of the code

_PROFILER = """
import ast, cProfile, pstats, sys, threading, time, tokenize
from pathlib import Path
import flake8_tfsaver.plugin as plugin
from flake8_tfsaver.crossmodule.cache import CACHE
# Each thread gets its own profiler (cProfile sees one thread only); per-thread CPU clock, so the
# main thread's wait for a summary thread costs nothing and no CPU second is counted twice.
profiles = []
real_thread_run = threading.Thread.run
def profiled_thread_run(self):
    profile = cProfile.Profile(time.thread_time)
    profiles.append(profile)
    profile.enable()
    try:
        real_thread_run(self)
    finally:
        profile.disable()
threading.Thread.run = profiled_thread_run
main_profile = cProfile.Profile(time.thread_time)
cpu, files = 0.0, 0
for folder in sys.argv[2:]:
    CACHE.clear()  # one flake8 process per project
    for path in sorted(Path(folder).rglob("*.py")):
        try:
            with tokenize.open(path) as handle:
                lines = handle.readlines()
            tree = ast.parse("".join(lines))
        except Exception:
            continue  # flake8 reports E999 and runs no AST plugin
        checker = plugin.TfSaverChecker(tree, lines, str(path))
        start = time.process_time()
        main_profile.enable()
        list(checker.run())
        main_profile.disable()
        cpu += time.process_time() - start
        files += 1
stats = pstats.Stats(main_profile)
for profile in profiles:
    stats.add(profile)
stats.dump_stats(sys.argv[1])
print("PROFILED_CPU_S", cpu, file=sys.stderr)
print("PROFILED_FILES", files, file=sys.stderr)
print("HELPER_THREADS", len(profiles), file=sys.stderr)
"""


def _section(text: str, heading: str) -> str:
    """The section of a results.md text that starts at ``heading`` ('' if none)."""
    start = text.find(heading)
    if start < 0:
        return ""
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end + 1]


def _write_section(heading: str, lines: list[str]) -> None:
    """Put the section in bench/results.md in place of its previous version, else at the end."""
    results = HERE / "results.md"
    old = results.read_text() if results.exists() else "# Benchmark results\n\n"
    previous = _section(old, heading)
    new = "\n".join(lines)
    text = old.replace(previous, new) if previous else old.rstrip("\n") + "\n\n" + new
    results.write_text(text)


def _driver_run(mode: str, args: list[str], cwd: Path | None = None, **env: str) -> dict:
    """One flake8 process under ``_DRIVER`` (``args``: its whole command line): wall, CPU of the
    process and of everything it waited for (``--jobs`` workers), peak RSS, GC time, the CPU time
    inside the plugin's ``run()``, and the module summaries it made."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _DRIVER, mode, *args], capture_output=True, text=True, cwd=cwd,
                            env={**(_CHILD_ENV or os.environ), **env})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    measured: dict = {"wall": wall, "CHILD_CPU_S": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}
    for line in result.stderr.splitlines():
        key, _, value = line.partition(" ")
        if key in _DRIVER_KEYS:
            measured[key] = float(value)
    if "CPU_S" not in measured:
        raise RuntimeError(f"flake8 run failed ({args}):\n{result.stderr[-2000:]}")
    return measured


def _peak_mb(measured: dict) -> float:
    """Peak RSS of the flake8 process itself, MB (``VmHWM``; ``ru_maxrss`` where it is missing)."""
    return measured.get("VMHWM_KB", measured["MAXRSS_KB"]) / 1024


def _imports_tf(path: Path) -> bool:
    try:
        return _TF_IMPORT_LINE.search(path.read_text(encoding="utf-8", errors="replace")) is not None
    except OSError:
        return False


def list_projects() -> list[dict]:
    """Every top-level folder of both corpora: its ``.py`` files and how many import TensorFlow."""
    found = []
    for corpus, root in CORPORA.items():
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            files = sorted(folder.rglob("*.py"))
            tf_files = sum(_imports_tf(f) for f in files)
            found.append({
                "corpus": corpus, "name": folder.name, "path": str(folder), "files": len(files), "tf_files": tf_files,
                "lines": sum(len(f.read_bytes().splitlines()) for f in files),
                "heavy": len(files) >= TF_HEAVY_MIN_FILES and tf_files >= TF_HEAVY_SHARE * len(files),
            })
    return found


def _code_snapshot(which: str, commit: str = "HEAD") -> tuple[str, str]:
    """(what is measured, PYTHONPATH for the children).  ``head``: the package as committed at
    HEAD, extracted once (``git archive``), so edits made to the work tree during the run (the
    machine is shared) cannot change the code half-way; ``worktree``: the files as they are."""
    head = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", commit],
                          capture_output=True, text=True, check=True).stdout.strip()
    if which == "worktree":
        dirty = subprocess.run(["git", "-C", str(HERE.parent), "status", "--short", "flake8_tfsaver"],
                               capture_output=True, text=True).stdout.strip()
        _compile_bytecode(HERE.parent / "flake8_tfsaver")
        return f"the work tree at {head}" + (f" with uncommitted changes ({len(dirty.splitlines())} paths)"
                                             if dirty else "") + ", bytecode compiled", str(HERE.parent)
    target = Path(tempfile.mkdtemp(prefix=f"tfsaver-{head}-"))
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", head, "flake8_tfsaver"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    _compile_bytecode(target / "flake8_tfsaver")
    return f"commit {head} (`git archive {head} flake8_tfsaver`, bytecode compiled)", str(target)


def _compile_bytecode(package: Path) -> None:
    """Write the package's ``.pyc`` files, as ``pip install`` does (and as flake8's and astroid's
    are in the virtualenv).  Without them every measured process compiles the plugin's ~50 modules
    from source (about 0.03-0.05 s) where a user's never does: a machine that sets
    ``PYTHONDONTWRITEBYTECODE`` never keeps them."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure_projects(heavy: list[dict], repeat: int) -> list[dict]:
    """Per project, in its root folder as a user would: ``flake8 --jobs 1 --exit-zero
    --extend-select TFS .`` with the plugin timed, and the same run with the plugin a no-op."""
    common = ["--jobs", "1", "--exit-zero", "--output-file", os.devnull, "--extend-select", "TFS", "."]
    rows = []
    for number, project in enumerate(heavy, 1):
        ons, offs, per_file, importing = [], [], {}, set()
        for _ in range(repeat):
            with tempfile.NamedTemporaryFile("r", suffix=".json") as files_out:
                ons.append(_driver_run("on", common, Path(project["path"]), TFS_BENCH_FILES=files_out.name))
                for seconds, name, imported in json.load(files_out):
                    per_file.setdefault(os.path.normpath(name), []).append(seconds)
                    if imported:
                        importing.add(os.path.normpath(name))
            offs.append(_driver_run("off", common, Path(project["path"])))
        plugin = _median([m["PLUGIN_S"] for m in ons])
        rest = _median([m["CPU_S"] - m["PLUGIN_S"] for m in ons])
        row = {
            **project, "plugin_s": plugin, "rest_s": rest,
            "share": _median([m["PLUGIN_S"] / (m["CPU_S"] - m["PLUGIN_S"]) for m in ons]),
            "rss_on_mb": max(_peak_mb(m) for m in ons), "rss_off_mb": max(_peak_mb(m) for m in offs),
            "cpu_off_s": _median([m["CPU_S"] for m in offs]), "summaries": ons[0].get("SUMMARIES", 0),
            "parsed": ons[0].get("PARSED", 0),
            "slowest": sorted(((_median(v), k, k in importing) for k, v in per_file.items()), reverse=True)[:6],
            "imports_engine": bool(importing),
            "reached": sum(1 for v in per_file.values() if _median(v) >= 0.005),
        }
        rows.append(row)
        print(f"[{number}/{len(heavy)}] {project['corpus']}/{project['name']}: {row['files']} files,"
              f" plugin {plugin:.2f} s / rest {rest:.2f} s = {row['share'] * 100:.1f}%,"
              f" peak RSS {row['rss_on_mb']:.0f} / {row['rss_off_mb']:.0f} MB", flush=True)
    return rows


def measure_engine_import(rounds: int = 5) -> list[float]:
    """CPU time of the plugin's one-off ``import flake8_tfsaver.engine`` (astroid and the model) in a
    cold process that has already imported flake8 and the plugin, as the first analysed file pays it."""
    code = ("import time, flake8.main.cli, flake8_tfsaver.plugin\n"
            "start = time.process_time()\nimport flake8_tfsaver.engine\nprint(time.process_time() - start)")
    return [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                 env=_CHILD_ENV or os.environ).stdout) for _ in range(rounds)]


def measure_jobs(heavy: list[dict], repeat: int) -> dict:
    """``--jobs 1`` against ``--jobs 2`` on all TF-heavy projects in one flake8 run (default checks
    + TFS): wall, CPU of the flake8 process and its workers, and whether the reports are the same."""
    paths = [project["path"] for project in heavy]
    runs: dict[int, list[dict]] = {1: [], 2: []}  # and 0: --jobs 1 with run() a no-op
    reports: dict[int, set[str]] = {}
    for _ in range(repeat):
        for jobs in (1, 2):
            with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
                measured = _driver_run("on", ["--jobs", str(jobs), "--exit-zero", "--output-file", report.name,
                                              "--extend-select", "TFS", *paths])
                lines = set(report.read().splitlines())
            assert reports.setdefault(jobs, lines) == lines, f"--jobs {jobs}: report changed between rounds"
            runs[jobs].append(measured)
            print(f"--jobs {jobs}: wall {measured['wall']:.1f} s, CPU {measured['CHILD_CPU_S']:.1f} s,"
                  f" peak RSS {_peak_mb(measured):.0f} MB", flush=True)
            if jobs == 1:  # the same run with the plugin a no-op, for its peak RSS
                off = _driver_run("off", ["--jobs", "1", "--exit-zero", "--output-file", os.devnull,
                                          "--extend-select", "TFS", *paths])
                runs.setdefault(0, []).append(off)
                print(f"--jobs 1, run() a no-op: CPU {off['CPU_S']:.1f} s, peak RSS {_peak_mb(off):.0f} MB", flush=True)
    tfs = {jobs: {line for line in lines if re.match(r"^.+?:\d+:\d+: TFS\d+ ", line)} for jobs, lines in reports.items()}
    return {
        "runs": {str(k): v for k, v in runs.items()}, "same_report": reports[1] == reports[2],
        "same_tfs": tfs[1] == tfs[2], "lines": len(reports[1]), "tfs_lines": len(tfs[1]),
        "only_1": sorted(reports[1] - reports[2])[:5], "only_2": sorted(reports[2] - reports[1])[:5],
    }


def measure_together(heavy: list[dict]) -> dict:
    """Peak RSS of one ``--jobs 1`` flake8 process over all TF-heavy projects, plugin on and a no-op."""
    args = ["--jobs", "1", "--exit-zero", "--output-file", os.devnull, "--extend-select", "TFS",
            *(project["path"] for project in heavy)]
    out = {"on": _driver_run("on", args), "off": _driver_run("off", args)}
    print(f"together: peak RSS {_peak_mb(out['on']):.0f} MB on, {_peak_mb(out['off']):.0f} MB no-op", flush=True)
    return out


def _git_dir(name: str) -> Path | None:
    snapshot = Path(os.environ.get("TFSAVER_MIRRORS", "/work/.mirror")) / name
    return next((c for c in (snapshot / "repo" / ".git", snapshot / "repo", snapshot) if (c / "HEAD").exists()), None)


def pre_commit_files(project: Path) -> tuple[list[str], str]:
    """Five TF files of the project: the most recently changed ones in its history up to the
    pinned commit (as one commit's pre-commit run would see them), else the first five."""
    git_dir, stamp = _git_dir(project.name), project / ".commit"
    chosen: list[str] = []
    if git_dir is not None and stamp.exists():
        log = subprocess.run(["git", "--git-dir", str(git_dir), "log", "--format=", "--name-only",
                              stamp.read_text().strip(), "--", "*.py"], capture_output=True, text=True).stdout
        for name in log.splitlines():
            if name and name not in chosen and (project / name).is_file() and _imports_tf(project / name):
                chosen.append(name)
            if len(chosen) == PRE_COMMIT_FILES:
                return chosen, "the five TF files changed most recently in its history (`git log --name-only`)"
    chosen = [str(p.relative_to(project)) for p in sorted(project.rglob("*.py")) if _imports_tf(p)][:PRE_COMMIT_FILES]
    return chosen, "its first five TF files"


def measure_pre_commit(repeat: int) -> dict:
    """``flake8-tfsaver <five files>`` (and ``flake8 <five files>``, default checks + TFS) in a cold
    process from the project's root, in a copy of the project with a ``.git`` folder (a checkout:
    ``.git`` is one of the markers ``crossmodule/roots.py`` finds the project root by) and in the
    unpacked folder itself (no marker)."""
    project = CORPORA["research"] / PRE_COMMIT_REPO
    files, how = pre_commit_files(project)
    checkout = Path(tempfile.mkdtemp(prefix="tfsaver-precommit-")) / PRE_COMMIT_REPO.split("+", 1)[1]
    shutil.copytree(project, checkout)
    (checkout / ".git").mkdir()
    bin_dir = Path(sys.executable).parent
    commands = {"flake8-tfsaver": [str(bin_dir / "flake8-tfsaver")],
                "flake8-tfsaver --jobs 1": [str(bin_dir / "flake8-tfsaver"), "--jobs", "1"],
                "flake8 (default checks + TFS)": [str(bin_dir / "flake8"), "--extend-select", "TFS"]}
    out: dict = {"repo": PRE_COMMIT_REPO, "files": files, "how": how, "variants": {}}
    for variant, root in (("checkout (.git marker)", checkout), ("unpacked folder (no marker)", project)):
        timings: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in commands}
        for _ in range(max(3, repeat)):
            for name, command in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run([*command, "--exit-zero", *files], cwd=root, capture_output=True,
                               env=_CHILD_ENV or os.environ)
                timings[name]["wall"].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                timings[name]["cpu"].append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        # flake8's default ``--jobs`` (auto) gives five files to worker processes: the in-run share
        # needs them in one process
        inside = _driver_run("on", ["--jobs", "1", "--exit-zero", *files], root, TFS_BENCH_CLI="1")
        baseline = _driver_run("off", ["--jobs", "1", "--exit-zero", *files], root, TFS_BENCH_CLI="1")
        out["variants"][variant] = {"timings": timings, "inside": inside, "no_op": baseline}
        print(f"pre-commit {variant}: " + ", ".join(
            f"{name} wall {_median(t['wall']):.2f} s CPU {_median(t['cpu']):.2f} s" for name, t in timings.items())
            + f"; plugin {inside['PLUGIN_S']:.2f} s, {inside.get('SUMMARIES', 0):.0f} summaries", flush=True)
    shutil.rmtree(checkout.parent, ignore_errors=True)
    return out


_AREAS = (  # (area, test on the profile entry's file), first match wins
    ("astroid: rebuilder", lambda f: "/astroid/rebuilder.py" in f),
    ("astroid: other (nodes, lookups)", lambda f: "/astroid/" in f),
    ("syntax/ (astroid tree build, resolve)", lambda f: "/flake8_tfsaver/syntax/" in f),
    ("graph/builder.py (builder walk)", lambda f: "/flake8_tfsaver/graph/builder.py" in f),
    ("graph/ other (tf_calls, context, flow...)", lambda f: "/flake8_tfsaver/graph/" in f),
    ("objects/", lambda f: "/flake8_tfsaver/objects/" in f),
    ("rules/", lambda f: "/flake8_tfsaver/rules/" in f),
    ("crossmodule/ (project view, summaries)", lambda f: "/flake8_tfsaver/crossmodule/" in f),
    ("pre-filter (prefilter.py, catalog/text.py)",
     lambda f: "/flake8_tfsaver/prefilter.py" in f or "/flake8_tfsaver/catalog/text.py" in f),
    ("catalog/ other", lambda f: "/flake8_tfsaver/catalog/" in f),
    ("engine.py, plugin.py", lambda f: "/flake8_tfsaver/" in f),
)


def _area(filename: str) -> str | None:
    return next((area for area, test in _AREAS if test(filename)), None)


def measure_profile(heavy: list[dict]) -> dict:
    """cProfile of the plugin's ``run()`` on every file of the TF-heavy projects, in one child
    process (the per-project caches cleared between projects), helper threads included."""
    with tempfile.NamedTemporaryFile(suffix=".pstats") as out:
        result = subprocess.run([sys.executable, "-c", _PROFILER, out.name, *(p["path"] for p in heavy)],
                                capture_output=True, text=True, env=_CHILD_ENV or os.environ)
        if result.returncode != 0:
            raise RuntimeError(f"profile failed:\n{result.stderr[-2000:]}")
        stats = pstats.Stats(out.name).stats
        shutil.copyfile(out.name, PROJECTS_PROFILE)
    info = {key: float(value) for key, _, value in (line.partition(" ") for line in result.stderr.splitlines())
            if key in ("PROFILED_CPU_S", "PROFILED_FILES", "HELPER_THREADS")}
    # Exclusive time by area; a builtin or stdlib function's time goes to the area of its caller
    # (cProfile records the time of each caller -> callee edge).
    areas: dict[str, float] = {}
    for (filename, _, name), (_, _, tottime, _, callers) in stats.items():
        area = _area(filename)
        if area is not None:
            areas[area] = areas.get(area, 0.0) + tottime
            continue
        for (caller_file, _, _), edge in callers.items():
            caller_area = _area(caller_file) or (
                "thread start/join, profiler" if caller_file == "<string>" else "stdlib / builtins called from stdlib")
            areas[caller_area] = areas.get(caller_area, 0.0) + edge[2]

    def edge_time(callee_file: str, callee: str, caller_test) -> float:
        return sum(edge[3] for (f, _, n), value in stats.items() if f.endswith(callee_file) and n == callee
                   for caller, edge in value[4].items() if caller_test(caller))

    def cum(callee_file: str, callee: str) -> float:
        return sum(value[3] for (f, _, n), value in stats.items() if f.endswith(callee_file) and n == callee)

    def from_file(suffix: str):
        return lambda caller: caller[0].endswith(suffix)

    def from_func(suffix: str, name: str):
        return lambda caller: caller[0].endswith(suffix) and caller[2] == name

    main_total = cum("flake8_tfsaver/plugin.py", "run")
    # the closure ``on_fresh_stack`` runs on each summary thread (the thread's profiler starts inside it)
    helper_total = cum("flake8_tfsaver/crossmodule/summarise.py", "run")
    concerns = [  # (thread, concern, entry point, CPU s); nested entries are noted as such
        ("linted file", "all of run()", "plugin.py:TfSaverChecker.run", main_total),
        ("linted file", "pre-filter, text tests", "catalog/text.py (from prefilter.needs_analysis)",
         sum(edge_time("flake8_tfsaver/catalog/text.py", n, from_file("flake8_tfsaver/prefilter.py"))
             for n in ("mentions_trigger", "imports_tensorflow", "mentions_tf2_training_checkpoint"))),
        ("linted file", "project view opened (imports read, roots)", "crossmodule/view.py:open_project",
         cum("flake8_tfsaver/crossmodule/view.py", "open_project")),
        ("linted file", "astroid tree of the file", "syntax/tree.py:build_module (from engine._findings)",
         edge_time("flake8_tfsaver/syntax/tree.py", "build_module", from_func("flake8_tfsaver/engine.py", "_findings"))),
        ("linted file", "builder walk (model of the file)", "graph/builder.py:ProgramBuilder.build (from engine._program)",
         edge_time("flake8_tfsaver/graph/builder.py", "build", from_func("flake8_tfsaver/engine.py", "_program"))),
        ("linted file", "rules (and the Saver rules run on summarised modules)", "rules/*.py check",
         sum(value[3] for (f, _, n), value in stats.items() if "/flake8_tfsaver/rules/" in f and n == "check")),
        ("linted file", "deciding to follow calls", "engine.py:_follow_project_calls",
         cum("flake8_tfsaver/engine.py", "_follow_project_calls")),
        ("summary threads", "all summaries (own thread each)", "crossmodule/summarise.py:on_fresh_stack.run",
         helper_total),
        ("summary threads", "module read + ast.parse", "crossmodule/cache.py:source_and_tree (from _summarise)",
         edge_time("flake8_tfsaver/crossmodule/cache.py", "source_and_tree", from_func("summarise.py", "_summarise"))),
        ("summary threads", "astroid tree of the module", "syntax/tree.py:build_module (from _summarise)",
         edge_time("flake8_tfsaver/syntax/tree.py", "build_module", from_func("summarise.py", "_summarise"))),
        ("summary threads", "builder walk of the module", "graph/builder.py:ProgramBuilder.build (from summarise.py)",
         edge_time("flake8_tfsaver/graph/builder.py", "build", from_file("flake8_tfsaver/crossmodule/summarise.py"))),
        ("summary threads", "what it calls made ready first", "crossmodule/view.py:ProjectView.prepare (from _summarise)",
         edge_time("flake8_tfsaver/crossmodule/view.py", "prepare", from_func("summarise.py", "_summarise"))),
    ]
    top = sorted(((value[3], value[2], value[1], key) for key, value in stats.items()
                  if "/flake8_tfsaver/" in key[0] or "/astroid/" in key[0]), reverse=True)
    own = sorted(((value[2], value[3], value[1], key) for key, value in stats.items()), reverse=True)

    def label(key) -> str:
        filename, line, name = key
        if "/flake8_tfsaver/" in filename:
            return f"{filename.split('/flake8_tfsaver/')[-1]}:{line} {name}"
        if "/astroid/" in filename:
            return f"astroid/{filename.split('/astroid/')[-1]}:{line} {name}"
        return name if filename == "~" else f"{os.path.basename(filename)}:{line} {name}"

    return {
        **info, "total_tt": sum(value[2] for value in stats.values()), "areas": areas,
        "concerns": concerns, "top": [(ct, tt, calls, label(key)) for ct, tt, calls, key in top[:25]],
        "own": [(tt, ct, calls, label(key)) for tt, ct, calls, key in own[:15]],
    }


def _files_label(path: str, heavy: list[dict]) -> str:
    for project in heavy:
        if path.startswith(project["path"] + "/"):
            return f"{project['name']}/{path[len(project['path']) + 1:]}"
    return path


def projects_report(raw: dict) -> list[str]:
    rows = sorted(raw["rows"], key=lambda r: r["share"], reverse=True)
    plugin_sum, rest_sum = sum(r["plugin_s"] for r in rows), sum(r["rest_s"] for r in rows)
    aggregate = plugin_sum / rest_sum
    shares = sorted(r["share"] for r in rows)
    deltas = sorted(((r["rss_on_mb"] - r["rss_off_mb"], r["name"]) for r in rows), reverse=True)
    engine_import = _median(raw["engine_import"]) if raw.get("engine_import") else 0.0
    for r in rows:  # the one-off import of the engine (astroid) taken out, once per process that pays it
        r["plugin_adj_s"] = max(r["plugin_s"] - engine_import, 0.0) if r.get("imports_engine") else r["plugin_s"]
        r["share_adj"] = r["plugin_adj_s"] / r["rest_s"]
    aggregate_adj = sum(r["plugin_adj_s"] for r in rows) / rest_sum
    shares_adj = sorted(r["share_adj"] for r in rows)
    # (CPU s without the engine import, file, whether its run() call imported the engine, CPU s as measured)
    slowest = sorted(((t - engine_import * bool(imported), f"{r['name']}/{name.removeprefix('./')}", imported, t)
                      for r in rows for t, name, *imported in r["slowest"] for imported in [bool(imported and imported[0])]),
                     reverse=True)
    slowest_raw = max(slowest, key=lambda item: item[3])
    largest = max(rows, key=lambda r: r["files"])
    together = raw.get("together")
    together_delta = _peak_mb(together["on"]) - _peak_mb(together["off"]) if together else None
    heavy_files = sum(r["files"] for r in rows)
    by_corpus = {c: [r for r in rows if r["corpus"] == c] for c in CORPORA}
    all_projects = raw["all_projects"]

    def share_of(group: list[dict]) -> float:
        return sum(r["plugin_s"] for r in group) / sum(r["rest_s"] for r in group) if group else float("nan")

    lines = [
        PROJECTS_HEADING,
        "",
        f"Written by {' then '.join(f'`{c}`' for c in raw.get('commands', ['python bench/run.py --projects']))}"
        f" on {raw['date']} ({raw['minutes']:.0f} min in all)."
        f"  Code measured: {raw['code']}.  Machine: {raw['machine']}; load average (1, 5, 15 min) before"
        f" {', '.join(f'{x:.2f}' for x in raw['load_before'])}, after {', '.join(f'{x:.2f}' for x in raw['load_after'])}"
        " (the 2 cores are shared: only the in-process ratios are immune to that).",
        "",
        f"**Selection.** A project is a top-level folder of bench/.cache/corpus (one PyPI package) or"
        f" bench/.cache/research (one GitHub repository); it is TF-heavy when it has at least"
        f" {TF_HEAVY_MIN_FILES} `.py` files and at least {TF_HEAVY_SHARE:.0%} of them have a line importing"
        " TensorFlow (`import tensorflow...`, `from tensorflow... import`, text test)."
        f"  TF-heavy: **{len(rows)}** of {len(all_projects)} projects"
        f" ({len(by_corpus['corpus'])} of {sum(p['corpus'] == 'corpus' for p in all_projects)} packages,"
        f" {len(by_corpus['research'])} of {sum(p['corpus'] == 'research' for p in all_projects)} repositories),"
        f" {heavy_files} `.py` files, {sum(r['tf_files'] for r in rows)} of them importing TensorFlow,"
        f" {sum(r['lines'] for r in rows)} lines."
        f"  Not TF-heavy: {', '.join(p['name'] for p in all_projects if not p['heavy'])}.",
        "",
        "**Method.** Each project in its own cold process, from its root folder, as a user runs it:"
        " `flake8 --jobs 1 --exit-zero --extend-select TFS .` (default checks + TFS) under the timed-run"
        " driver of this file, which adds the CPU time (`time.process_time`, all threads, so the summary"
        " threads are included) spent inside each call of `TfSaverChecker.run`; the in-run share is"
        " that time over the rest of the same process's CPU time (`getrusage`), so the machine's speed"
        f" cancels out.  Then the same run with `run()` a no-op, for peak RSS.  {raw['repeat']} round(s) per project"
        + (", medians." if raw["repeat"] > 1 else "."),
        "",
        "| 10 worst projects by share | files | TF files | plugin CPU s | rest CPU s | **share** | share without the"
        " engine import | summaries | peak RSS MB (no-op) |",
        "|---|---|---|---|---|---|---|---|---|",
        *[
            f"| {r['corpus']}/{r['name']} | {r['files']} | {r['tf_files']} | {r['plugin_s']:.2f} | {r['rest_s']:.2f}"
            f" | **{r['share'] * 100:.1f}%** | {r['share_adj'] * 100:.1f}% | {r['summaries']:.0f}"
            f" | {r['rss_on_mb']:.0f} ({r['rss_off_mb']:.0f}) |"
            for r in rows[:10]
        ],
        "",
        f"- **Aggregate in-run share over the {len(rows)} TF-heavy projects: {aggregate * 100:.1f}%** (sum of"
        f" plugin CPU {plugin_sum:.1f} s / sum of the rest {rest_sum:.1f} s).  Packages alone:"
        f" {share_of(by_corpus['corpus']) * 100:.1f}%; research repositories alone: {share_of(by_corpus['research']) * 100:.1f}%."
        f"  Per project: median {statistics.median(shares) * 100:.1f}%, 90th percentile"
        f" {shares[int(0.9 * (len(shares) - 1))] * 100:.1f}%, max {shares[-1] * 100:.1f}%;"
        f" {sum(s > 0.25 for s in shares)} projects above 25%, {sum(s > 0.10 for s in shares)} above 10%,"
        f" {sum(s > 0.05 for s in shares)} above 5%.",
        f"- One-off cost: the first file of a process that reaches the analysis imports the engine (astroid and"
        f" the model) inside its `run()`: **{engine_import:.2f} s** CPU (median of {len(raw.get('engine_import', []))}"
        f" cold imports after flake8 and the plugin are loaded); {sum(bool(r.get('imports_engine')) for r in rows)}"
        f" of the {len(rows)} projects pay it.  Without it: aggregate **{aggregate_adj * 100:.1f}%**, per project"
        f" median {statistics.median(shares_adj) * 100:.1f}%, max {shares_adj[-1] * 100:.1f}%,"
        f" {sum(x > 0.25 for x in shares_adj)} projects above 25%, {sum(x > 0.10 for x in shares_adj)} above 10%."
        " Small projects are dominated by it: their rest of the run is mostly flake8's own start-up.",
        "- Slowest files (plugin CPU inside flake8's run, one `run()` call; a file whose call imported the engine"
        " is given without that import, marked *): "
        + ", ".join(f"**{t:.2f} s** `{name}`{'*' if imported else ''}" if i == 0 else f"{t:.2f} s `{name}`{'*' if imported else ''}"
                    for i, (t, name, imported, _) in enumerate(slowest[:5]))
        + f"; slowest as measured, import included: {slowest_raw[3]:.2f} s (`{slowest_raw[1]}`)."
        + f"  Files above 0.5 s: {sum(item[3] > 0.5 for item in slowest)}.",
        f"- Peak memory, plugin on minus no-op: largest growth **{deltas[0][0]:+.0f} MB** ({deltas[0][1]}),"
        f" then {', '.join(f'{d:+.0f} MB ({n})' for d, n in deltas[1:4])}; median {statistics.median(d for d, _ in deltas):+.0f} MB;"
        f" on the largest project ({largest['name']}, {largest['files']} files)"
        f" {largest['rss_on_mb'] - largest['rss_off_mb']:+.0f} MB ({largest['rss_on_mb']:.0f} against {largest['rss_off_mb']:.0f} MB)."
        + (f"  All TF-heavy projects in one `--jobs 1` process: {_peak_mb(raw['together']['on']):.0f} MB against"
           f" {_peak_mb(raw['together']['off']):.0f} MB with `run()` a no-op,"
           f" **{_peak_mb(raw['together']['on']) - _peak_mb(raw['together']['off']):+.0f} MB**."
           if raw.get("together") else "")
        + "  Peak RSS is `VmHWM` of the flake8 process (`ru_maxrss` of a child also keeps the RSS its parent had"
          " when it forked, here the bench process's, so it overstated small runs and late ones).",
    ]
    whole = raw.get("whole")
    if whole:
        lines.append(
            f"- Whole corpus (bench/.cache/corpus, {whole['files']} files, all 48 packages, one process as in the"
            f" sections above, `--extend-select TFS`): plugin {whole['PLUGIN_S']:.1f} s / rest"
            f" {whole['CPU_S'] - whole['PLUGIN_S']:.1f} s = **{whole['PLUGIN_S'] / (whole['CPU_S'] - whole['PLUGIN_S']) * 100:.1f}%**"
            f"; peak RSS {_peak_mb(whole):.0f} MB.")
    pre = raw.get("pre_commit")
    if pre:
        lines += [
            "",
            f"**Pre-commit case.** `{pre['repo'].replace('+', '/')}` (research corpus), {pre['how']}:"
            f" {', '.join(f'`{f}`' for f in pre['files'])}.  Each command run from the project's root folder"
            " in a cold process (`--exit-zero <five files>`, flake8's default `--jobs`, as the pre-commit hook"
            " runs it), wall and CPU (user + sys of the child and its workers), median of"
            f" {len(next(iter(pre['variants'].values()))['timings']['flake8-tfsaver']['wall'])}."
            " The project root is found from each file's path, not from the working directory"
            " (`crossmodule/roots.py`: package chain, the file's folder, `--tfsaver-source-roots`, and the"
            " nearest folder with `setup.py`/`setup.cfg`/`pyproject.toml`/`.git` plus its `src/`);"
            " the unpacked folder has no marker, so it is measured also as a checkout (a copy with a `.git` folder).",
            "",
            "| where | command | wall s | CPU s | `--jobs 1`: CPU s, plugin CPU s in run(), summaries, modules parsed |",
            "|---|---|---|---|---|",
        ]
        for variant, data in pre["variants"].items():
            for name, timing in data["timings"].items():
                inside = data["inside"] if name == "flake8-tfsaver" else None
                lines.append(
                    f"| {variant} | `{name}` | {_median(timing['wall']):.2f} | {_median(timing['cpu']):.2f}"
                    + (f" | {inside['CPU_S']:.2f}, {inside['PLUGIN_S']:.2f}"
                       f" ({inside['PLUGIN_S'] / (inside['CPU_S'] - inside['PLUGIN_S']) * 100:.0f}% of the rest),"
                       f" {inside.get('SUMMARIES', 0):.0f}, {inside.get('PARSED', 0):.0f};"
                       f" `run()` a no-op: {data['no_op']['CPU_S']:.2f} |" if inside else " | |"))
    jobs = raw.get("jobs")
    if jobs:
        one, two, off = jobs["runs"]["1"], jobs["runs"]["2"], jobs["runs"].get("0", [])

        def rss_of(runs: list[dict]) -> str:
            return f"{max(_peak_mb(m) for m in runs):.0f}" if all("VMHWM_KB" in m for m in runs) else "n/a"

        wall1, wall2 = _median([m["wall"] for m in one]), _median([m["wall"] for m in two])
        cpu1, cpu2 = _median([m["CHILD_CPU_S"] for m in one]), _median([m["CHILD_CPU_S"] for m in two])
        per_round = ", ".join(f"{a['wall'] / b['wall']:.2f}x / {(b['CHILD_CPU_S'] / a['CHILD_CPU_S'] - 1) * 100:+.0f}% CPU"
                              for a, b in zip(one, two))
        lines += [
            "",
            f"**`--jobs 2` against `--jobs 1`**, all {len(rows)} TF-heavy projects in one flake8 run (default checks +"
            " TFS, paths given on the command line), CPU = user + sys of the flake8 process and its workers"
            " (`getrusage(RUSAGE_CHILDREN)`).",
            "",
            "| run | wall s | CPU s | in-run share (jobs 1: in the one process) | peak RSS MB (main process;"
            " n/a: measured before VmHWM was read) |",
            "|---|---|---|---|---|",
            f"| `--jobs 1` | {wall1:.1f} | {cpu1:.1f} |"
            f" {_median([m['PLUGIN_S'] / (m['CPU_S'] - m['PLUGIN_S']) for m in one]) * 100:.1f}% |"
            f" {rss_of(one)} |",
            f"| `--jobs 2` | {wall2:.1f} | {cpu2:.1f} | (in the workers) | {rss_of(two)} |",
            *([f"| `--jobs 1`, `run()` a no-op | {_median([m['wall'] for m in off]):.1f}"
               f" | {_median([m['CHILD_CPU_S'] for m in off]):.1f} | 0 | {rss_of(off)} |"]
              if off else []),
            "",
            f"- Speed-up {wall1 / wall2:.2f}x in wall time, CPU {(cpu2 / cpu1 - 1) * 100:+.1f}%"
            f" (per round: {per_round})."
            f"  Reports: {'identical' if jobs['same_report'] else '**DIFFERENT**'} ({jobs['lines']} lines,"
            f" {jobs['tfs_lines']} TFS findings; TFS findings {'identical' if jobs['same_tfs'] else '**different**'})."
            f"  Summaries made: {one[0].get('SUMMARIES', 0):.0f} in the `--jobs 1` process."
            + (f"  Peak RSS of the one `--jobs 1` process, plugin on minus no-op, by round: "
               + ", ".join(f"{_peak_mb(a) - _peak_mb(b):+.0f} MB ({_peak_mb(a):.0f} against {_peak_mb(b):.0f})"
                           for a, b in zip(one, off)) + "." if off and "VMHWM_KB" in off[0] else ""),
        ]
    profile = raw.get("profile")
    if profile:
        total = profile["total_tt"]
        lines += [
            "",
            f"**Where the plugin's time goes** (cProfile of `TfSaverChecker.run` on the {profile['PROFILED_FILES']:.0f}"
            f" parseable files of the TF-heavy projects, in one child process, the module caches cleared between"
            f" projects; one profiler per thread with the per-thread CPU clock, so the"
            f" {profile['HELPER_THREADS']:.0f} summary threads are included and nothing is counted twice)."
            f"  Profiled CPU {total:.1f} s (process CPU inside `run()` {profile['PROFILED_CPU_S']:.1f} s;"
            " profiling inflates call-heavy code, so read the shares, not the seconds).",
            "",
            "| by concern (entry point, cumulative; indented rows are inside the row above) | CPU s | share of profiled |",
            "|---|---|---|",
            *[
                f"| {'' if concern.startswith('all') else '&nbsp;&nbsp;'}{thread}: {concern} (`{entry}`) | {seconds:.1f}"
                f" | {seconds / total * 100:.0f}% |"
                for thread, concern, entry, seconds in profile["concerns"]
            ],
            "",
            "| by code (exclusive time; builtins and stdlib charged to their caller's area) | CPU s | share |",
            "|---|---|---|",
            *[f"| {area} | {seconds:.1f} | {seconds / total * 100:.0f}% |"
              for area, seconds in sorted(profile["areas"].items(), key=lambda item: -item[1]) if seconds >= 0.01],
            "",
            "Top 15 cumulative entries (plugin and astroid functions; cumulative CPU s, own CPU s, calls):",
            "",
            *[f"{i}. `{name}`: {ct:.1f} s cum, {tt:.1f} s own, {calls} calls"
              for i, (ct, tt, calls, name) in enumerate(profile["top"][:15], 1)],
            "",
            "Top 10 by own time (any function; own CPU s, cumulative CPU s, calls):",
            "",
            *[f"{i}. `{name}`: {tt:.1f} s own, {ct:.1f} s cum, {calls} calls"
              for i, (tt, ct, calls, name) in enumerate(profile.get("own", [])[:10], 1)],
        ]
    lines += [
        "",
        "**Against the targets (issue 21):**",
        f"- Aggregate in-run share on the TF-heavy projects: **{aggregate * 100:.1f}%** (target at most 10%, goal 5%)"
        f" - {'met' if aggregate <= 0.10 else 'NOT met'}{', goal met' if aggregate <= 0.05 else ''}"
        f" ({aggregate_adj * 100:.1f}% without the one-off engine import).",
        f"- No project above 25%: worst **{rows[0]['share'] * 100:.1f}%** ({rows[0]['name']})"
        f" - {'met' if rows[0]['share'] <= 0.25 else f'NOT met ({sum(s > 0.25 for s in shares)} above)'}"
        f" (without the engine import: worst {shares_adj[-1] * 100:.1f}%, {sum(x > 0.25 for x in shares_adj)} above).",
    ]
    if whole:
        share = whole["PLUGIN_S"] / (whole["CPU_S"] - whole["PLUGIN_S"])
        lines.append(f"- Whole corpus at most 5%: **{share * 100:.1f}%** - {'met' if share <= 0.05 else 'NOT met'}.")
    lines += [
        f"- Slowest file at most 0.5 s: **{slowest[0][0]:.2f} s** ({slowest_raw[3]:.2f} s with the engine import in"
        f" its call) - {'met' if slowest_raw[3] <= 0.5 else 'NOT met'}.",
        f"- Peak memory at most +50 MB: **{deltas[0][0]:+.0f} MB** at worst per project"
        + (f", **{together_delta:+.0f} MB** with all TF-heavy projects in one process" if together_delta is not None else "")
        + f" - {'met' if max(deltas[0][0], together_delta or 0) <= 50 else 'NOT met'}.",
        "",
        "<details><summary>All TF-heavy projects, by share</summary>",
        "",
        "| project | files | TF files | plugin CPU s | rest CPU s | share | without engine import | summaries"
        " | peak RSS MB (no-op) |",
        "|---|---|---|---|---|---|---|---|---|",
        *[
            f"| {r['corpus']}/{r['name']} | {r['files']} | {r['tf_files']} | {r['plugin_s']:.2f} | {r['rest_s']:.2f}"
            f" | {r['share'] * 100:.1f}% | {r['share_adj'] * 100:.1f}% | {r['summaries']:.0f}"
            f" | {r['rss_on_mb']:.0f} ({r['rss_off_mb']:.0f}) |"
            for r in rows
        ],
        "",
        "</details>",
        "",
    ]
    return lines


def projects_mode(repeat: int, jobs_repeat: int, code: str, parts: set[str], report_only: bool, update: bool,
                  only: set[str]) -> None:
    """``update``: measure only ``parts`` again, on the code of the saved raw numbers, keeping the rest."""
    global _CHILD_ENV
    if report_only:
        raw = json.loads(PROJECTS_RAW.read_text())
    else:
        started = time.time()
        previous = json.loads(PROJECTS_RAW.read_text()) if update else {}
        if update and previous.get("commit"):
            code_label, pythonpath = _code_snapshot("head", previous["commit"])
        else:
            code_label, pythonpath = _code_snapshot(code)
        # PYTHONSAFEPATH: no working-directory entry on sys.path (from /work/main it would be the work tree)
        _CHILD_ENV = {**os.environ, "PYTHONPATH": pythonpath, "PYTHONSAFEPATH": "1"}
        check = subprocess.run([sys.executable, "-c", "import flake8_tfsaver; print(flake8_tfsaver.__file__)"],
                               capture_output=True, text=True, env=_CHILD_ENV).stdout.strip()
        assert check.startswith(pythonpath), f"children import {check}, not {pythonpath}"
        all_projects = list_projects()
        heavy = [p for p in all_projects if p["heavy"] and (not only or p["name"] in only)]
        print(f"{len(heavy)} TF-heavy projects of {len(all_projects)}, {sum(p['files'] for p in heavy)} files;"
              f" code: {code_label}", flush=True)
        if update:  # the projects of the saved numbers, even if the corpora changed since
            all_projects = previous["all_projects"]
            heavy = [p for p in all_projects if p["name"] in {r["name"] for r in previous["rows"]}]
            started -= previous.get("minutes", 0) * 60
        raw = {**previous, "repeat": previous.get("repeat", repeat) if "projects" not in parts else repeat,
               "commit": code_label.split()[1] if code_label.startswith("commit ") else None,
               "code": code_label, "all_projects": all_projects,
               "commands": previous.get("commands", []) + [" ".join(["python bench/run.py", *sys.argv[1:]])], "load_before": previous.get("load_before", os.getloadavg()),
               "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()};"
                          f" Python {platform.python_version()}, flake8 {flake8.__version__}, astroid {astroid.__version__}"}

        def save() -> None:
            raw.update(date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), minutes=(time.time() - started) / 60,
                       load_after=os.getloadavg())
            PROJECTS_RAW.write_text(json.dumps(raw))

        if "projects" in parts:
            raw["rows"] = measure_projects(heavy, repeat)
            save()
        if "import" in parts:
            raw["engine_import"] = measure_engine_import()
            print(f"engine import: {raw['engine_import']}", flush=True)
            save()
        if "pre-commit" in parts:
            raw["pre_commit"] = measure_pre_commit(repeat)
            save()
        if "jobs" in parts:
            raw["jobs"] = measure_jobs(heavy, jobs_repeat)
            save()
        if "together" in parts:
            raw["together"] = measure_together(heavy)
            save()
        if "whole" in parts:
            corpus = CORPORA["corpus"]
            raw["whole"] = _driver_run("on", ["--jobs", "1", "--exit-zero", "--output-file", os.devnull,
                                              "--extend-select", "TFS", str(corpus)])
            raw["whole"]["files"] = len(list(corpus.rglob("*.py")))
            print(f"whole corpus: {raw['whole']['PLUGIN_S']:.1f} s / {raw['whole']['CPU_S']:.1f} s", flush=True)
            save()
        if "profile" in parts:
            raw["profile"] = measure_profile(heavy)
            save()
    section = projects_report(raw)
    _write_section(PROJECTS_HEADING, section)
    print("\n".join(section))
    if raw.get("jobs") and not raw["jobs"]["same_report"]:
        raise SystemExit("--jobs 2 and --jobs 1 reports differ")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tfs-only", action="store_true",
                        help="only time flake8 --select TFS against the flake8-tfsaver command")
    parser.add_argument("--projects", action="store_true",
                        help="the TF-heavy projects of both corpora, one flake8 process each (issue 21)")
    parser.add_argument("--jobs-repeat", type=int, default=None,
                        help="--projects: rounds of the --jobs 1 / --jobs 2 comparison (default: --repeat)")
    parser.add_argument("--update", action="store_true",
                        help="--projects: measure only --parts again (same code), keep the other saved numbers")
    parser.add_argument("--parts", default="projects,import,pre-commit,jobs,together,whole,profile",
                        help="--projects: which measurements besides the per-project runs (comma-separated)")
    parser.add_argument("--code", choices=("head", "worktree"), default="head",
                        help="--projects: measure the package as committed at HEAD (default) or the work tree")
    parser.add_argument("--only", default="",
                        help="--projects: only these projects (comma-separated folder names; for trying it out)")
    parser.add_argument("--report-only", action="store_true",
                        help="--projects: rewrite the section from bench/.cache/projects-raw.json")
    options = parser.parse_args()
    if options.projects:
        projects_mode(options.repeat, options.jobs_repeat or options.repeat, options.code,
                      set(filter(None, options.parts.split(","))), options.report_only, options.update,
                      set(filter(None, options.only.split(","))))
        return
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
    old = (HERE / "results.md").read_text() if (HERE / "results.md").exists() else ""
    kept = "".join(_section(old, heading) for heading in (TFS_ONLY_HEADING, PROJECTS_HEADING))
    (HERE / "results.md").write_text("\n".join(report) + ("\n" + kept if kept else ""))
    print("\n".join(report))


if __name__ == "__main__":
    main()
