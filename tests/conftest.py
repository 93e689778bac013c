from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.fixture_format import all_fixtures, all_projects

ROOT = Path(__file__).resolve().parent.parent
_FLAKE8_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<msg>.*)$")
_ORACLE_COUNTS: dict[str, int] = {}


def run_flake8(paths, *options: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "TFS", *options, *map(str, paths)],
        capture_output=True, text=True, cwd=cwd or ROOT,
    )


def run_tfsaver(paths, *options: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The ``flake8-tfsaver`` console script (flake8 with only the TFS checks) of this environment."""
    script = Path(sys.executable).parent / "flake8-tfsaver"
    assert script.exists(), "flake8-tfsaver is not installed: pip install -e '.[test]'"
    return subprocess.run([str(script), *options, *map(str, paths)], capture_output=True, text=True,
                          cwd=cwd or ROOT, input=stdin)


def parse_flake8(stdout: str) -> dict[str, set[tuple[int, str]]]:
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for line in stdout.splitlines():
        match = _FLAKE8_LINE.match(line)
        if match:
            found[str(Path(match["path"]).resolve())].add((int(match["line"]), match["code"]))
    return found


@pytest.fixture(scope="session")
def linter_findings() -> dict[str, set[tuple[int, str]]]:
    """Real flake8 over every fixture, one run per distinct ``# options:`` header."""
    groups: dict[tuple[str, ...], list[Path]] = defaultdict(list)
    for fixture in all_fixtures():
        groups[fixture.options].append(fixture.path)
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for options, paths in groups.items():
        result = run_flake8(paths, "--jobs", "2", *options)
        assert result.returncode in (0, 1), result.stderr
        for path, findings in parse_flake8(result.stdout).items():
            found[path] |= findings
    return found


def run_oracle(fixtures: list, out: Path) -> dict:
    """Run the given fixtures (files, or project folders) under real TensorFlow; half of them
    in each of two processes."""
    runnable = [f for f in fixtures if f.skip_reason is None]
    halves = [runnable[0::2], runnable[1::2]]
    procs = []
    for index, half in enumerate(halves):
        if not half:
            continue
        target = out.with_suffix(f".{index}.json")
        procs.append((target, subprocess.Popen(
            [sys.executable, "-m", "tests.oracle.runner", str(target), *(str(f.path) for f in half)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )))
    results = {}
    for target, proc in procs:
        _, stderr = proc.communicate(timeout=1200)
        assert proc.returncode == 0, stderr[-3000:]
        results.update(json.loads(target.read_text()))
    return {str(Path(k).resolve()): v for k, v in results.items()}


@pytest.fixture(scope="session")
def oracle_results(tmp_path_factory) -> dict:
    pytest.importorskip("tensorflow", reason="the oracle needs tensorflow (pip install -e '.[test]')")
    fixtures = all_fixtures() + all_projects()
    results = run_oracle(fixtures, tmp_path_factory.mktemp("oracle") / "results.json")
    _ORACLE_COUNTS["run"] = len(results)
    _ORACLE_COUNTS["skipped"] = len(fixtures) - len(results)
    return results


def pytest_terminal_summary(terminalreporter):
    if _ORACLE_COUNTS:
        terminalreporter.write_line(
            f"runtime oracle: {_ORACLE_COUNTS['run']} fixtures (files and projects) run under TensorFlow, "
            f"{_ORACLE_COUNTS['skipped']} skipped (each skip names its reason in the fixture)"
        )
